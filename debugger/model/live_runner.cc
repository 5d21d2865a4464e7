#include "debugger/model/live_runner.h"

#include <chrono>
#include <utility>

namespace wod::debugger {

int64_t SteadyClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

LiveRunner::LiveRunner(std::unique_ptr<Driver> driver, Clock clock, int poll_ms)
    : driver_(std::move(driver)),
      clock_(std::move(clock)),
      poll_ms_(poll_ms > 0 ? poll_ms : 5) {
  // Whatever the driver already holds (e.g. --steps run before) is handed
  // over first: the publications are rebuilt from its history, in order.
  const Timeline& h = driver_->history();
  for (size_t i = 0; i < h.size(); ++i) {
    publications_.Publish(
        std::make_shared<const runtime::Publication>(h.PublicationAt(i)));
    ++steps_;
  }
  // From now on every step is handed over as the driver appends it (on the
  // runner's thread).
  driver_->SetPublicationTap([this](const runtime::Publication* p) {
    if (p == nullptr) {
      publications_.Publish(nullptr);
      return;
    }
    publications_.Publish(std::make_shared<const runtime::Publication>(*p));
    std::lock_guard<std::mutex> lock(mu_);
    ++steps_;
  });
  {
    std::lock_guard<std::mutex> lock(mu_);
    PublishLocked();
  }
  thread_ = std::thread([this] { Loop(); });
}

LiveRunner::~LiveRunner() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void LiveRunner::Post(Intent intent) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    inbox_.push_back(std::move(intent));
    woken_ = true;
  }
  wake_.notify_all();
}

void LiveRunner::SetWatches(std::vector<Watch> watches) {
  std::lock_guard<std::mutex> lock(mu_);
  watches_ = std::move(watches);
  watches_dirty_ = true;
}

void LiveRunner::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    woken_ = true;
  }
  wake_.notify_all();
}

LiveRunner::Published LiveRunner::Take() {
  std::lock_guard<std::mutex> lock(mu_);
  return out_;
}

bool LiveRunner::WaitForFrames(uint64_t count, int timeout_ms) {
  std::unique_lock<std::mutex> lock(mu_);
  return published_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                             [&] { return steps_ >= count; });
}

bool LiveRunner::WaitForState(RunState state, int timeout_ms) {
  std::unique_lock<std::mutex> lock(mu_);
  return published_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                             [&] { return out_.status.state == state; });
}

void LiveRunner::PublishLocked() {
  out_.status = driver_->status();
  out_.lifecycle = driver_->lifecycle();
}

void LiveRunner::Loop() {
  int64_t last = clock_();
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    const bool running = driver_->status().state == RunState::kRunning;
    if (!woken_) {
      if (running) {
        wake_.wait_for(lock, std::chrono::milliseconds(poll_ms_));
      } else {
        wake_.wait(lock, [&] { return stop_ || woken_; });
      }
    }
    if (stop_) break;
    woken_ = false;
    std::vector<Intent> inbox = std::move(inbox_);
    inbox_.clear();
    if (watches_dirty_) {
      driver_->SetWatches(watches_);
      watches_dirty_ = false;
    }
    // The driver runs without the lock: the UI thread is never blocked by
    // a step, and only this thread touches the driver.
    lock.unlock();
    for (const Intent& i : inbox) driver_->Handle(i);
    const int64_t now = clock_();
    if (driver_->status().state == RunState::kRunning) {
      driver_->Update(now - last);
    }
    last = now;
    lock.lock();
    PublishLocked();
    published_.notify_all();
  }
}

LiveDriver::LiveDriver(std::unique_ptr<Driver> driver, LiveRunner::Clock clock,
                       int poll_ms)
    : runner_(std::move(driver), std::move(clock), poll_ms) {
  Update(0);
}

void LiveDriver::Update(int64_t /*real_ms*/) {
  // The status is taken first: the publications drained after it are at
  // least as new, so the history never lags the status it is shown with.
  LiveRunner::Published p = runner_.Take();
  for (const LiveRunner::Publications::Ptr& publication :
       runner_.publications().Drain()) {
    if (publication == nullptr) {
      mutable_history().Clear();
    } else {
      mutable_history().AppendPublication(*publication);
    }
  }
  mutable_status() = std::move(p.status);
  mutable_lifecycle() = std::move(p.lifecycle);
}

void LiveDriver::SetWatches(const std::vector<Watch>& watches) {
  // Only changes cross the thread boundary.
  const std::vector<Watch>& known = Driver::watches();
  bool same = watches.size() == known.size();
  for (size_t i = 0; same && i < watches.size(); ++i) {
    same = watches[i].key == known[i].key &&
           watches[i].label == known[i].label &&
           watches[i].enabled == known[i].enabled;
  }
  if (same) return;
  Driver::SetWatches(watches);
  runner_.SetWatches(watches);
}

}  // namespace wod::debugger
