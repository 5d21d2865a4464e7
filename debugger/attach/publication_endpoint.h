// PublicationEndpoint: the host side of attach. A host process (an embedder
// or wod-run) streams its per-step publications to debuggers connected over
// a Unix domain socket, and the host is never at their mercy
// (docs/attach.md; docs/spec/design.md §5, §7).
//
// - Publish() runs on the host's thread and never blocks. With no client
//   connected it is an atomic load (plus, for a keyframe, an uncontended
//   mutex and a string swap): no syscall, no allocation.
// - A writer thread of the endpoint's own accepts clients (several at once)
//   and writes to each through a bounded queue of publications, with
//   non-blocking sends. When a client's queue is full its deltas are
//   dropped; at the next keyframe it is resynced: it receives a gap line
//   `{"gap":N}` and then that keyframe (wire.h).
// - Every client gets the header first, then the latest keyframe, then live
//   publications. Finish() ends every stream with `{"end":true}`.
// - The endpoint never reads what a client sends (it shuts the read side
//   down on accept); a client that hangs up, is killed or never reads is
//   dropped or starved without affecting the host.
// - The socket file is mode 0600, in a directory the user owns that no one
//   else may write; anything else is refused.
//
//   auto endpoint = PublicationEndpoint::Listen("unix:/run/user/1000/wod.sock",
//                                               {});
//   if (!endpoint.ok()) return endpoint.status();
//   (*endpoint)->SetHeader(header_line);
//   for (each step) {
//     bool key = (*endpoint)->KeyframeWanted() || step % 100 == 0;
//     (*endpoint)->Publish({.line = Serialize(step, key), .keyframe = key});
//   }
//   (*endpoint)->Finish(absl::Seconds(2)).IgnoreError();
//
// Publish, SetHeader, Finish and the destructor are called from one thread
// (the host's). stats(), KeyframeWanted() and the waits are thread-safe.

#ifndef WOD_DEBUGGER_ATTACH_PUBLICATION_ENDPOINT_H_
#define WOD_DEBUGGER_ATTACH_PUBLICATION_ENDPOINT_H_

#include <poll.h>
#include <sys/types.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace wod::attach {

// One serialized step. `line` is opaque to the endpoint and must not contain
// '\n' (such a publication is dropped and counted in `invalid`); it must not
// be spelled like a control line (wire.h). A keyframe stands alone: a reader
// can rebuild the state from it without what came before.
struct Publication {
  std::string line;
  bool keyframe = false;
};

struct EndpointOptions {
  // Publications buffered per client (queued plus being written). A full
  // queue drops deltas; a resync keyframe may exceed it by one.
  size_t queue_capacity = 256;
  // SO_SNDBUF for each accepted client; 0 keeps the kernel's default. The
  // kernel clamps it to its minimum (about 4.5 KiB), which tests use.
  int send_buffer_bytes = 0;
  // More clients than this are accepted and closed at once.
  size_t max_clients = 8;
  // How long the destructor lets clients read the end line when Finish() was
  // not called; Finish() takes its own bound.
  absl::Duration destructor_flush_timeout = absl::Milliseconds(100);
};

// Counters for tests and benchmarks; a copy of the endpoint's atomics.
struct EndpointStats {
  uint64_t publications = 0;   // Publish() calls
  uint64_t drops = 0;          // publications some client missed (== the sum
                               // of the gap lines, once they are written)
  uint64_t resyncs = 0;        // gap lines written (each before a keyframe
                               // or the end line); a gap line still queued
                               // when the next keyframe supersedes it is
                               // merged into that keyframe's
  uint64_t clients = 0;        // clients connected now
  uint64_t accepted = 0;       // clients accepted since Listen
  uint64_t rejected = 0;       // over max_clients, closed at once
  uint64_t disconnects = 0;    // clients gone (hang-up, error, kill)
  uint64_t lines_written = 0;  // complete lines sent, all clients together
  uint64_t wakeups = 0;        // eventfd signals to the writer thread (from
                               // Publish, SetHeader, Finish): the only
                               // syscall in Publish's code
  uint64_t writer_loops = 0;   // times the writer thread woke up
  uint64_t invalid = 0;        // publications refused (a '\n' in the line)
};

class PublicationEndpoint {
 public:
  // Listens on `address` (`unix:PATH`). Refuses a path longer than sun_path
  // allows, a directory that is not the user's own or that group or others
  // may write, and a path that is not a stale socket; replaces a stale
  // socket left by an endpoint that died. The socket file is mode 0600.
  static absl::StatusOr<std::unique_ptr<PublicationEndpoint>> Listen(
      std::string_view address, EndpointOptions options);

  PublicationEndpoint(const PublicationEndpoint&) = delete;
  PublicationEndpoint& operator=(const PublicationEndpoint&) = delete;
  // Finishes with options.destructor_flush_timeout if Finish() was not
  // called.
  ~PublicationEndpoint();

  // The first line every client receives. Call it before the first
  // Publish(); clients already connected without a header get it now, later
  // calls change it for clients that connect afterwards.
  void SetHeader(std::string line);

  // Streams `publication` to every connected client. Never blocks.
  void Publish(Publication publication);

  // True when some client would profit from a keyframe now (it connected
  // after deltas, or it is waiting to be resynced). A host may check it at
  // each step; publishing a keyframe clears it. One relaxed atomic load.
  [[nodiscard]] bool KeyframeWanted() const {
    return keyframe_wanted_.load(std::memory_order_relaxed);
  }
  // True while some client is connected (and the stream is not finished):
  // a host may skip building publications while it is false. One acquire
  // load.
  [[nodiscard]] bool has_clients() const {
    return connected_.load(std::memory_order_acquire);
  }

  // Ends every stream: gap line if the client is behind, end line, then waits
  // at most `timeout` for the clients to read it before closing them.
  // Stops listening and removes the socket file. DeadlineExceeded when some
  // client had not read everything by then. Later Publish() calls do
  // nothing; a second Finish() returns OK.
  absl::Status Finish(absl::Duration timeout);

  [[nodiscard]] EndpointStats stats() const;

  // Blocks until `done(stats())` holds or `timeout` passes; returns whether
  // it holds. Re-evaluated whenever the writer thread makes progress, so it
  // suits what the writer changes (clients, lines_written, disconnects).
  bool WaitFor(absl::FunctionRef<bool(const EndpointStats&)> done,
               absl::Duration timeout) const;
  // For `--publish-wait`: blocks until `n` clients are connected.
  absl::Status WaitForClients(uint64_t n, absl::Duration timeout) const;

  // The socket path (without `unix:`).
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  // One entry of a client's queue: a shared publication line, or a control
  // line (header, gap, end; seq < 0).
  struct Entry {
    enum Kind { kHeader, kPublication, kGap, kEnd };
    std::shared_ptr<const std::string> line;
    Kind kind = kPublication;
    int64_t seq = -1;
  };
  // Fields above the writer-only block are guarded by mu_.
  struct Client {
    std::deque<Entry> queue;
    size_t queued_publications = 0;    // entries of `queue` with seq >= 0
    size_t inflight_publications = 0;  // taken by the writer, not yet sent
    // Highest seq queued for this client or counted as dropped for it.
    int64_t accounted_seq = -1;
    // Seq of the last publication in the contiguous stream this client gets
    // (in its queue, in flight or sent).
    int64_t last_queued_seq = -1;
    // Seq of the last publication the writer took from the queue.
    int64_t handed_seq = -1;
    bool resyncing = false;
    bool header_sent = false;
    bool gone = false;
    // Writer thread only.
    int fd = -1;
    std::vector<Entry> batch;  // being written
    size_t batch_index = 0;
    size_t line_offset = 0;  // bytes of batch[batch_index] + '\n' written
    bool want_writable = false;
  };

  PublicationEndpoint(std::string path, EndpointOptions options, int listen_fd,
                      int wake_fd, dev_t dev, ino_t ino);

  // Runs on writer_; `fds` and `polled` come pre-sized from the constructor.
  void WriterLoop(std::vector<pollfd> fds, std::vector<Client*> polled);
  void AcceptClients();
  // Writes what `client` has; false when the client is gone.
  bool Flush(Client& client);
  void Wake();
  void NotifyProgress() const;
  // Under mu_: queues a publication for `client` following the drop and
  // resync rules; true when something was queued.
  bool Offer(Client& client, const std::shared_ptr<const std::string>& line,
             int64_t seq, bool keyframe);
  // Under mu_: a gap line for `dropped` publications.
  void PushGap(Client& client, int64_t dropped);
  // Under mu_: the gap line if the client is behind `last_seq`, then the end.
  void FinishClient(Client& client, int64_t last_seq);
  bool Full(const Client& client) const;
  void RemoveSocketFile();

  const std::string path_;
  const EndpointOptions options_;
  const int listen_fd_;
  const int wake_fd_;  // eventfd: Publish/Finish -> writer
  const dev_t socket_dev_;
  const ino_t socket_ino_;
  const std::shared_ptr<const std::string> end_line_;

  // The host's fast path: false while no client is connected.
  std::atomic<bool> connected_{false};
  std::atomic<bool> keyframe_wanted_{false};
  // Host thread only: seq of the next publication.
  int64_t next_seq_ = 0;
  bool finished_ = false;

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Client>> clients_;  // guarded by mu_
  std::shared_ptr<const std::string> header_;     // guarded by mu_
  // The latest keyframe: as a plain string while no client is connected (a
  // swap, no allocation), shared once clients are.
  std::string latest_keyframe_text_;                    // guarded by mu_
  std::shared_ptr<const std::string> latest_keyframe_;  // guarded by mu_
  int64_t latest_keyframe_seq_ = -1;                    // guarded by mu_
  bool wake_pending_ = false;                           // guarded by mu_
  bool finishing_ = false;                              // guarded by mu_
  absl::Time finish_deadline_;                          // guarded by mu_
  int64_t final_seq_ = -1;                              // guarded by mu_
  // Clients cut off by the finish deadline.
  size_t unflushed_clients_ = 0;  // guarded by mu_

  struct AtomicStats {
    std::atomic<uint64_t> publications{0};
    std::atomic<uint64_t> drops{0};
    std::atomic<uint64_t> resyncs{0};
    std::atomic<uint64_t> clients{0};
    std::atomic<uint64_t> accepted{0};
    std::atomic<uint64_t> rejected{0};
    std::atomic<uint64_t> disconnects{0};
    std::atomic<uint64_t> lines_written{0};
    std::atomic<uint64_t> wakeups{0};
    std::atomic<uint64_t> writer_loops{0};
    std::atomic<uint64_t> invalid{0};
  };
  AtomicStats stats_;

  // WaitFor sleeps here; the writer notifies after each loop.
  mutable std::mutex progress_mu_;
  mutable std::condition_variable progress_cv_;

  std::thread writer_;
};

}  // namespace wod::attach

#endif  // WOD_DEBUGGER_ATTACH_PUBLICATION_ENDPOINT_H_
