#include "debugger/attach/publication_endpoint.h"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>

#include "debugger/attach/wire.h"
#include "fmt/format.h"

namespace wod::attach {
namespace {

// Poll slots sized up front: the wake fd, the listening socket and a few
// clients before the vectors ever grow.
constexpr size_t kInitialPollSlots = 8;

std::string ErrnoText(int err) { return std::strerror(err); }

// Closes a descriptor unless released; keeps Listen's error paths short.
class OwnedFd {
 public:
  explicit OwnedFd(int fd) : fd_(fd) {}
  OwnedFd(const OwnedFd&) = delete;
  OwnedFd& operator=(const OwnedFd&) = delete;
  ~OwnedFd() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

sockaddr_un UnixSockaddr(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.data(), path.size());
  return addr;
}

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// The directory must be the user's own and closed to everyone else, so no
// one else can replace the socket file between two connects.
absl::Status CheckDirectory(const std::string& dir) {
  struct stat st {};
  if (stat(dir.c_str(), &st) != 0) {
    const int err = errno;
    return absl::FailedPreconditionError(
        fmt::format("attach socket directory {}: {}", dir, ErrnoText(err)));
  }
  if (!S_ISDIR(st.st_mode)) {
    return absl::FailedPreconditionError(
        fmt::format("attach socket directory {} is not a directory", dir));
  }
  if (st.st_uid != geteuid()) {
    return absl::PermissionDeniedError(fmt::format(
        "attach socket directory {} is owned by uid {}, not by this user "
        "(uid {}); use a directory of your own, e.g. one made by mkdtemp",
        dir, st.st_uid, geteuid()));
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return absl::PermissionDeniedError(fmt::format(
        "attach socket directory {} (mode {:04o}) is writable by group or "
        "others; use a directory only you can write, e.g. one made by mkdtemp",
        dir, st.st_mode & 07777));
  }
  return absl::OkStatus();
}

// An existing path is replaced only when it is a socket nobody listens on
// (left by an endpoint that died); anything else is refused.
absl::Status ClearStaleSocket(const std::string& path) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0) {
    const int err = errno;
    if (err == ENOENT) return absl::OkStatus();
    return absl::FailedPreconditionError(
        fmt::format("attach socket {}: {}", path, ErrnoText(err)));
  }
  if (!S_ISSOCK(st.st_mode)) {
    return absl::AlreadyExistsError(fmt::format(
        "attach socket path {} exists and is not a socket; refusing to "
        "replace it",
        path));
  }
  OwnedFd probe(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (probe.get() < 0) {
    const int err = errno;
    return absl::InternalError(fmt::format("socket: {}", ErrnoText(err)));
  }
  const sockaddr_un addr = UnixSockaddr(path);
  if (connect(probe.get(), reinterpret_cast<const sockaddr*>(&addr),
              sizeof(addr)) == 0) {
    return absl::AlreadyExistsError(fmt::format(
        "another endpoint is listening on {}; refusing to replace it", path));
  }
  if (errno != ECONNREFUSED) {
    const int err = errno;
    return absl::FailedPreconditionError(
        fmt::format("attach socket {} exists and cannot be probed: {}", path,
                    ErrnoText(err)));
  }
  if (unlink(path.c_str()) != 0) {
    const int err = errno;
    return absl::FailedPreconditionError(fmt::format(
        "cannot remove stale attach socket {}: {}", path, ErrnoText(err)));
  }
  return absl::OkStatus();
}

// poll()'s timeout for the time left until `deadline`, rounded up.
int PollTimeoutMs(absl::Time deadline) {
  const absl::Duration left = deadline - absl::Now();
  if (left <= absl::ZeroDuration()) return 0;
  const int64_t ms =
      absl::Ceil(left, absl::Milliseconds(1)) / absl::Milliseconds(1);
  return static_cast<int>(std::min<int64_t>(ms, INT_MAX));
}

}  // namespace

absl::StatusOr<std::unique_ptr<PublicationEndpoint>>
PublicationEndpoint::Listen(std::string_view address, EndpointOptions options) {
  absl::StatusOr<std::string> path = ParseUnixAddress(address);
  if (!path.ok()) return path.status();
  if (options.queue_capacity == 0) {
    return absl::InvalidArgumentError("queue_capacity must be at least 1");
  }
  if (absl::Status dir = CheckDirectory(DirectoryOf(*path)); !dir.ok()) {
    return dir;
  }
  if (absl::Status stale = ClearStaleSocket(*path); !stale.ok()) return stale;

  OwnedFd listen_fd(
      socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (listen_fd.get() < 0) {
    const int err = errno;
    return absl::InternalError(fmt::format("socket: {}", ErrnoText(err)));
  }
  // bind() creates the file with the socket inode's mode minus the umask;
  // setting the mode first avoids both a window at 0777 and touching the
  // process-wide umask from a library.
  fchmod(listen_fd.get(), S_IRUSR | S_IWUSR);
  const sockaddr_un addr = UnixSockaddr(*path);
  if (bind(listen_fd.get(), reinterpret_cast<const sockaddr*>(&addr),
           sizeof(addr)) != 0) {
    const int err = errno;
    return absl::FailedPreconditionError(
        fmt::format("bind {}: {}", *path, ErrnoText(err)));
  }
  struct stat st {};
  if (chmod(path->c_str(), S_IRUSR | S_IWUSR) != 0 ||
      lstat(path->c_str(), &st) != 0 || !S_ISSOCK(st.st_mode) ||
      (st.st_mode & 07777) != (S_IRUSR | S_IWUSR) || st.st_uid != geteuid()) {
    unlink(path->c_str());
    return absl::InternalError(
        fmt::format("attach socket {} could not be made mode 0600", *path));
  }
  if (listen(listen_fd.get(), 16) != 0) {
    const int err = errno;
    unlink(path->c_str());
    return absl::InternalError(
        fmt::format("listen {}: {}", *path, ErrnoText(err)));
  }
  OwnedFd wake_fd(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  if (wake_fd.get() < 0) {
    const int err = errno;
    unlink(path->c_str());
    return absl::InternalError(fmt::format("eventfd: {}", ErrnoText(err)));
  }
  return std::unique_ptr<PublicationEndpoint>(
      new PublicationEndpoint(*std::move(path), options, listen_fd.release(),
                              wake_fd.release(), st.st_dev, st.st_ino));
}

PublicationEndpoint::PublicationEndpoint(std::string path,
                                         EndpointOptions options, int listen_fd,
                                         int wake_fd, dev_t dev, ino_t ino)
    : path_(std::move(path)),
      options_(options),
      listen_fd_(listen_fd),
      wake_fd_(wake_fd),
      socket_dev_(dev),
      socket_ino_(ino),
      end_line_(std::make_shared<const std::string>(kEndLine)) {
  // The writer's poll set is sized here, on the caller's thread: the
  // writer's first pass then allocates nothing, so a Publish racing with
  // the thread's start-up sees no allocation from it (docs/attach.md
  // "Cost").
  std::vector<pollfd> fds;
  fds.reserve(kInitialPollSlots);
  std::vector<Client*> polled;
  polled.reserve(kInitialPollSlots);
  writer_ = std::thread(
      [this, fds = std::move(fds), polled = std::move(polled)]() mutable {
        WriterLoop(std::move(fds), std::move(polled));
      });
}

PublicationEndpoint::~PublicationEndpoint() {
  if (!finished_) Finish(options_.destructor_flush_timeout).IgnoreError();
  close(listen_fd_);
  close(wake_fd_);
}

void PublicationEndpoint::SetHeader(std::string line) {
  auto header = std::make_shared<const std::string>(std::move(line));
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    header_ = header;
    for (const std::unique_ptr<Client>& client : clients_) {
      if (client->header_sent) continue;
      client->header_sent = true;
      client->queue.push_back(Entry{header, Entry::kHeader, -1});
      wake = true;
    }
    if (wake && wake_pending_) wake = false;
    if (wake) wake_pending_ = true;
  }
  if (wake) Wake();
}

void PublicationEndpoint::Publish(Publication publication) {
  if (finished_) return;
  stats_.publications.fetch_add(1, std::memory_order_relaxed);
  const int64_t seq = next_seq_++;
  if (publication.keyframe) {
    keyframe_wanted_.store(false, std::memory_order_relaxed);
  }
  // The fast path (docs/spec/design.md §6): nobody is listening, so a delta
  // is dropped here and a keyframe is kept for whoever connects next by a
  // string swap under an uncontended mutex (the writer thread holds it only
  // while it has clients or accepts one). No syscall, no allocation.
  if (!connected_.load(std::memory_order_acquire)) {
    if (publication.keyframe) {
      if (publication.line.find('\n') != std::string::npos) {
        stats_.invalid.fetch_add(1, std::memory_order_relaxed);
        return;
      }
      std::lock_guard<std::mutex> lock(mu_);
      latest_keyframe_text_.swap(publication.line);
      latest_keyframe_.reset();
      latest_keyframe_seq_ = seq;
    }
    return;
  }
  if (publication.line.find('\n') != std::string::npos) {
    // Clients see the missing seq as a gap.
    stats_.invalid.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  auto line = std::make_shared<const std::string>(std::move(publication.line));
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (publication.keyframe) {
      latest_keyframe_ = line;
      std::string().swap(latest_keyframe_text_);
      latest_keyframe_seq_ = seq;
    }
    bool queued = false;
    for (const std::unique_ptr<Client>& client : clients_) {
      queued |= Offer(*client, line, seq, publication.keyframe);
    }
    if (queued && !wake_pending_) {
      wake_pending_ = true;
      wake = true;
    }
  }
  if (wake) Wake();
}

bool PublicationEndpoint::Full(const Client& client) const {
  return client.queued_publications + client.inflight_publications >=
         options_.queue_capacity;
}

void PublicationEndpoint::PushGap(Client& client, int64_t dropped) {
  client.queue.push_back(Entry{std::make_shared<const std::string>(
                                   GapLine(static_cast<uint64_t>(dropped))),
                               Entry::kGap, -1});
}

bool PublicationEndpoint::Offer(Client& client,
                                const std::shared_ptr<const std::string>& line,
                                int64_t seq, bool keyframe) {
  // Publications this client missed between accept and now (the host was on
  // its fast path when the client arrived): resync at the next keyframe.
  const int64_t missed = seq - client.accounted_seq - 1;
  if (missed > 0) {
    stats_.drops.fetch_add(static_cast<uint64_t>(missed),
                           std::memory_order_relaxed);
    client.resyncing = true;
  }
  client.accounted_seq = seq;
  if (keyframe) {
    if (Full(client)) {
      // The keyframe supersedes what is still queued: drop the queued
      // publications (and any gap line before them) and resync from the
      // last publication the writer already took.
      uint64_t cleared = 0;
      std::deque<Entry> kept;
      for (Entry& entry : client.queue) {
        if (entry.kind == Entry::kPublication) {
          ++cleared;
        } else if (entry.kind == Entry::kHeader) {
          kept.push_back(std::move(entry));
        }
      }
      client.queue = std::move(kept);
      client.queued_publications = 0;
      stats_.drops.fetch_add(cleared, std::memory_order_relaxed);
      client.last_queued_seq = client.handed_seq;
      client.resyncing = true;
    }
    if (client.resyncing) {
      const int64_t gap = seq - client.last_queued_seq - 1;
      if (gap > 0) PushGap(client, gap);
      client.resyncing = false;
    }
    client.queue.push_back(Entry{line, Entry::kPublication, seq});
    ++client.queued_publications;
    client.last_queued_seq = seq;
    return true;
  }
  if (client.resyncing) {
    stats_.drops.fetch_add(1, std::memory_order_relaxed);
    keyframe_wanted_.store(true, std::memory_order_relaxed);
    return false;
  }
  if (Full(client)) {
    stats_.drops.fetch_add(1, std::memory_order_relaxed);
    client.resyncing = true;
    keyframe_wanted_.store(true, std::memory_order_relaxed);
    return false;
  }
  client.queue.push_back(Entry{line, Entry::kPublication, seq});
  ++client.queued_publications;
  client.last_queued_seq = seq;
  return true;
}

void PublicationEndpoint::Wake() {
  stats_.wakeups.fetch_add(1, std::memory_order_relaxed);
  const uint64_t one = 1;
  // Only EAGAIN can fail here (the counter is saturated), and then the
  // writer is due to wake anyway.
  [[maybe_unused]] const ssize_t n = write(wake_fd_, &one, sizeof(one));
}

void PublicationEndpoint::NotifyProgress() const {
  { std::lock_guard<std::mutex> lock(progress_mu_); }
  progress_cv_.notify_all();
}

absl::Status PublicationEndpoint::Finish(absl::Duration timeout) {
  if (finished_) return absl::OkStatus();
  finished_ = true;
  const int64_t last_seq = next_seq_ - 1;
  {
    std::lock_guard<std::mutex> lock(mu_);
    finishing_ = true;
    finish_deadline_ = absl::Now() + timeout;
    final_seq_ = last_seq;
    for (const std::unique_ptr<Client>& client : clients_) {
      FinishClient(*client, last_seq);
    }
    connected_.store(false, std::memory_order_release);
    wake_pending_ = true;
  }
  Wake();
  writer_.join();
  std::lock_guard<std::mutex> lock(mu_);
  if (unflushed_clients_ == 0) return absl::OkStatus();
  return absl::DeadlineExceededError(fmt::format(
      "{} attach client(s) had not read the end of the stream within {}; "
      "disconnected",
      unflushed_clients_, absl::FormatDuration(timeout)));
}

void PublicationEndpoint::FinishClient(Client& client, int64_t last_seq) {
  const int64_t missed = last_seq - client.accounted_seq;
  if (missed > 0) {
    stats_.drops.fetch_add(static_cast<uint64_t>(missed),
                           std::memory_order_relaxed);
    client.accounted_seq = last_seq;
  }
  const int64_t gap = last_seq - client.last_queued_seq;
  if (gap > 0) PushGap(client, gap);
  client.last_queued_seq = last_seq;
  client.queue.push_back(Entry{end_line_, Entry::kEnd, -1});
}

void PublicationEndpoint::RemoveSocketFile() {
  // Only our own socket: a later endpoint may have replaced it.
  struct stat st {};
  if (lstat(path_.c_str(), &st) == 0 && st.st_dev == socket_dev_ &&
      st.st_ino == socket_ino_) {
    unlink(path_.c_str());
  }
}

void PublicationEndpoint::AcceptClients() {
  while (true) {
    const int fd =
        accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      return;  // EAGAIN, or out of descriptors: poll again later.
    }
    if (clients_.size() >= options_.max_clients) {
      close(fd);
      stats_.rejected.fetch_add(1, std::memory_order_relaxed);
      continue;
    }
    // Never read what a client sends (docs/attach.md "Security"): with the
    // read side shut, a client's writes fail with EPIPE on its side and
    // nothing it sends reaches this process's code.
    shutdown(fd, SHUT_RD);
    if (options_.send_buffer_bytes > 0) {
      const int bytes = options_.send_buffer_bytes;
      setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof(bytes));
    }
    auto client = std::make_unique<Client>();
    client->fd = fd;
    std::lock_guard<std::mutex> lock(mu_);
    if (header_ != nullptr) {
      client->queue.push_back(Entry{header_, Entry::kHeader, -1});
      client->header_sent = true;
    }
    if (latest_keyframe_ == nullptr && latest_keyframe_seq_ >= 0) {
      latest_keyframe_ =
          std::make_shared<const std::string>(std::move(latest_keyframe_text_));
      std::string().swap(latest_keyframe_text_);
    }
    if (latest_keyframe_ != nullptr) {
      client->queue.push_back(
          Entry{latest_keyframe_, Entry::kPublication, latest_keyframe_seq_});
      client->queued_publications = 1;
      client->accounted_seq = latest_keyframe_seq_;
      client->last_queued_seq = latest_keyframe_seq_;
      client->handed_seq = latest_keyframe_seq_ - 1;
      // Deltas may have followed it; a fresh keyframe resyncs the client
      // sooner. A hint: Offer() finds out exactly.
      keyframe_wanted_.store(true, std::memory_order_relaxed);
    }
    if (finishing_) FinishClient(*client, final_seq_);
    clients_.push_back(std::move(client));
    connected_.store(!finishing_, std::memory_order_release);
    stats_.clients.fetch_add(1, std::memory_order_relaxed);
    stats_.accepted.fetch_add(1, std::memory_order_relaxed);
  }
}

bool PublicationEndpoint::Flush(Client& client) {
  constexpr size_t kMaxLinesPerSend = 64;
  while (true) {
    if (client.batch_index >= client.batch.size()) {
      std::vector<Entry> done;
      done.swap(client.batch);
      {
        std::lock_guard<std::mutex> lock(mu_);
        client.inflight_publications = 0;
        for (Entry& entry : client.queue) {
          if (entry.kind == Entry::kPublication) client.handed_seq = entry.seq;
          client.batch.push_back(std::move(entry));
        }
        client.queue.clear();
        client.inflight_publications = client.queued_publications;
        client.queued_publications = 0;
      }
      client.batch_index = 0;
      client.line_offset = 0;
      // `done` releases its lines here, outside the lock.
      if (client.batch.empty()) {
        client.want_writable = false;
        return true;
      }
    }
    static constexpr char kNewline = '\n';  // read-only, shared by iovecs
    iovec iov[2 * kMaxLinesPerSend];
    size_t iov_count = 0;
    size_t offset = client.line_offset;
    for (size_t i = client.batch_index;
         i < client.batch.size() && iov_count + 2 <= std::size(iov); ++i) {
      const std::string& text = *client.batch[i].line;
      if (offset < text.size()) {
        iov[iov_count++] = {const_cast<char*>(text.data()) + offset,
                            text.size() - offset};
      }
      iov[iov_count++] = {const_cast<char*>(&kNewline), 1};
      offset = 0;
    }
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = iov_count;
    const ssize_t sent = sendmsg(client.fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        client.want_writable = true;
        return true;
      }
      return false;  // EPIPE, ECONNRESET: the client is gone.
    }
    size_t left = static_cast<size_t>(sent);
    while (left > 0) {
      const size_t line_bytes =
          client.batch[client.batch_index].line->size() + 1;
      const size_t rest = line_bytes - client.line_offset;
      if (left < rest) {
        client.line_offset += left;
        break;
      }
      left -= rest;
      client.line_offset = 0;
      if (client.batch[client.batch_index].kind == Entry::kGap) {
        stats_.resyncs.fetch_add(1, std::memory_order_relaxed);
      }
      ++client.batch_index;
      stats_.lines_written.fetch_add(1, std::memory_order_relaxed);
    }
  }
}

void PublicationEndpoint::WriterLoop(std::vector<pollfd> fds,
                                     std::vector<Client*> polled) {
  bool listening = true;
  while (true) {
    bool finishing = false;
    absl::Time deadline;
    {
      std::lock_guard<std::mutex> lock(mu_);
      finishing = finishing_;
      deadline = finish_deadline_;
    }
    if (finishing && listening) {
      // Whoever is already in the backlog still gets a header and the end.
      AcceptClients();
      listening = false;
      RemoveSocketFile();
    }
    fds.clear();
    polled.clear();
    fds.push_back(pollfd{wake_fd_, POLLIN, 0});
    if (listening) fds.push_back(pollfd{listen_fd_, POLLIN, 0});
    const size_t first_client = fds.size();
    // Only this thread adds or removes clients, so it reads clients_
    // without the lock.
    for (const std::unique_ptr<Client>& client : clients_) {
      fds.push_back(
          pollfd{client->fd,
                 static_cast<short>(client->want_writable ? POLLOUT : 0), 0});
      polled.push_back(client.get());
    }
    if (finishing) {
      bool all_flushed = true;
      {
        std::lock_guard<std::mutex> lock(mu_);
        for (const std::unique_ptr<Client>& client : clients_) {
          if (!client->queue.empty() ||
              client->batch_index < client->batch.size()) {
            all_flushed = false;
          }
        }
      }
      if (all_flushed || absl::Now() >= deadline) break;
    }
    const int timeout_ms = finishing ? PollTimeoutMs(deadline) : -1;
    const int ready =
        poll(fds.data(), static_cast<nfds_t>(fds.size()), timeout_ms);
    stats_.writer_loops.fetch_add(1, std::memory_order_relaxed);
    if (ready < 0 && errno != EINTR) break;
    uint64_t counter = 0;
    [[maybe_unused]] const ssize_t n =
        read(wake_fd_, &counter, sizeof(counter));
    {
      std::lock_guard<std::mutex> lock(mu_);
      wake_pending_ = false;
    }
    if (listening && (fds[1].revents & POLLIN) != 0) AcceptClients();
    std::vector<Client*> gone;
    for (size_t i = 0; i < polled.size(); ++i) {
      if ((fds[first_client + i].revents & (POLLHUP | POLLERR | POLLNVAL)) !=
          0) {
        gone.push_back(polled[i]);
      }
    }
    for (const std::unique_ptr<Client>& client : clients_) {
      if (std::find(gone.begin(), gone.end(), client.get()) != gone.end()) {
        continue;
      }
      if (!Flush(*client)) gone.push_back(client.get());
    }
    if (!gone.empty()) {
      std::vector<std::unique_ptr<Client>> closed;
      {
        std::lock_guard<std::mutex> lock(mu_);
        for (auto it = clients_.begin(); it != clients_.end();) {
          if (std::find(gone.begin(), gone.end(), it->get()) != gone.end()) {
            closed.push_back(std::move(*it));
            it = clients_.erase(it);
          } else {
            ++it;
          }
        }
        connected_.store(!clients_.empty() && !finishing_,
                         std::memory_order_release);
      }
      for (const std::unique_ptr<Client>& client : closed) close(client->fd);
      stats_.clients.fetch_sub(closed.size(), std::memory_order_relaxed);
      stats_.disconnects.fetch_add(closed.size(), std::memory_order_relaxed);
    }
    NotifyProgress();
  }
  if (listening) RemoveSocketFile();
  std::vector<std::unique_ptr<Client>> closed;
  {
    std::lock_guard<std::mutex> lock(mu_);
    unflushed_clients_ = 0;
    for (const std::unique_ptr<Client>& client : clients_) {
      if (!client->queue.empty() ||
          client->batch_index < client->batch.size()) {
        ++unflushed_clients_;
      }
    }
    closed.swap(clients_);
    connected_.store(false, std::memory_order_release);
  }
  for (const std::unique_ptr<Client>& client : closed) close(client->fd);
  stats_.clients.fetch_sub(closed.size(), std::memory_order_relaxed);
  NotifyProgress();
}

EndpointStats PublicationEndpoint::stats() const {
  EndpointStats s;
  s.publications = stats_.publications.load(std::memory_order_relaxed);
  s.drops = stats_.drops.load(std::memory_order_relaxed);
  s.resyncs = stats_.resyncs.load(std::memory_order_relaxed);
  s.clients = stats_.clients.load(std::memory_order_relaxed);
  s.accepted = stats_.accepted.load(std::memory_order_relaxed);
  s.rejected = stats_.rejected.load(std::memory_order_relaxed);
  s.disconnects = stats_.disconnects.load(std::memory_order_relaxed);
  s.lines_written = stats_.lines_written.load(std::memory_order_relaxed);
  s.wakeups = stats_.wakeups.load(std::memory_order_relaxed);
  s.writer_loops = stats_.writer_loops.load(std::memory_order_relaxed);
  s.invalid = stats_.invalid.load(std::memory_order_relaxed);
  return s;
}

bool PublicationEndpoint::WaitFor(
    absl::FunctionRef<bool(const EndpointStats&)> done,
    absl::Duration timeout) const {
  std::unique_lock<std::mutex> lock(progress_mu_);
  if (timeout == absl::InfiniteDuration()) {
    progress_cv_.wait(lock, [&] { return done(stats()); });
    return true;
  }
  const auto deadline =
      std::chrono::steady_clock::now() + absl::ToChronoNanoseconds(timeout);
  return progress_cv_.wait_until(lock, deadline, [&] { return done(stats()); });
}

absl::Status PublicationEndpoint::WaitForClients(uint64_t n,
                                                 absl::Duration timeout) const {
  if (WaitFor([n](const EndpointStats& s) { return s.clients >= n; },
              timeout)) {
    return absl::OkStatus();
  }
  return absl::DeadlineExceededError(
      fmt::format("no {} attach client(s) connected to {} within {}", n, path_,
                  absl::FormatDuration(timeout)));
}

}  // namespace wod::attach
