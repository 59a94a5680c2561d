#pragma once
// The discrete-event engine: a clock, the future-event list and dispatch.
// It knows nothing of services, YAML or metrics.
#include <cstdint>
#include <string>
#include <vector>

#include "faultline/engine/event.hpp"
#include "faultline/engine/event_queue.hpp"
#include "faultline/engine/time.hpp"

namespace faultline {

/// Called every few tens of thousands of events: progress reports and Ctrl-C.
class Checkpoint {
 public:
  virtual ~Checkpoint() = default;
  /// Return false to stop the run where it is.
  virtual bool on_checkpoint(Time now, std::uint64_t events) = 0;
};

/// Runs at fixed instants before every event of that instant (the recorder's
/// samples: an event at a sample boundary belongs to the interval it starts).
class Ticker {
 public:
  virtual ~Ticker() = default;
  /// The tick at `at`; returns the next tick's time (Time::max(): no more).
  virtual Time on_tick(Time at) = 0;
};

class Engine {
 public:
  enum class StopReason { reached_end, stopped, halted };
  static constexpr std::uint64_t kCheckpointEvery = 1u << 16;

  /// Registers a handler; events for the returned id are delivered to it.
  TargetId add_handler(EventHandler* handler);

  Time now() const { return now_; }
  void schedule_at(Time at, TargetId target, EventKind kind, std::uint64_t payload);
  void schedule_after(Duration delay, TargetId target, EventKind kind, std::uint64_t payload) {
    schedule_at(now_ + delay, target, kind, payload);
  }

  /// The one ticker and its first tick (ticks are not events: neither counted
  /// nor in the fingerprint).
  void set_ticker(Ticker* ticker, Time first) {
    ticker_ = ticker;
    next_tick_ = first;
  }

  /// Hands `kind`/`payload` to a handler now, outside the queue: not an event
  /// (neither counted nor in the fingerprint). For work a component held back
  /// while paused and gives back, in order, when it resumes.
  void dispatch(TargetId target, EventKind kind, std::uint64_t payload) {
    handlers_[target]->on_event(kind, payload);
  }

  /// Runs every event with time < end, then sets the clock to end (unless stopped).
  StopReason run_until(Time end, Checkpoint* checkpoint = nullptr) { return run(end, end, checkpoint); }
  /// Runs every event with time <= t, then sets the clock to t (unless stopped).
  StopReason run_through(Time t, Checkpoint* checkpoint = nullptr) {
    return run(t + Duration::ns(1), t, checkpoint);
  }

  /// Stops the run before the next event because the model cannot go on;
  /// `why` is shown to the user.
  void halt(std::string why) {
    if (halt_reason_.empty()) halt_reason_ = std::move(why);
    next_check_ = 0;  // the next event's checkpoint test sees it
  }
  const std::string& halt_reason() const { return halt_reason_; }

  std::uint64_t event_count() const { return events_; }
  std::size_t pending() const { return queue_.size(); }
  /// Running 64-bit hash of every event run: (time, seq, target, kind).
  std::uint64_t fingerprint() const { return fingerprint_; }

 private:
  StopReason run(Time before, Time clock, Checkpoint* checkpoint);
  /// Runs the ticks due before `before`.
  void tick_before(Time before) {
    while (next_tick_ < before) {
      now_ = next_tick_;
      next_tick_ = ticker_->on_tick(now_);
    }
  }
  [[noreturn]] void scheduled_in_past(Time at, TargetId target, EventKind kind) const;
  EventQueue queue_;
  std::vector<EventHandler*> handlers_;
  Time now_ = Time::zero();
  std::uint64_t next_seq_ = 0;
  std::uint64_t events_ = 0;
  std::uint64_t fingerprint_ = 0xcbf29ce484222325ULL;
  std::string halt_reason_;
  std::uint64_t next_check_ = 0;
  Ticker* ticker_ = nullptr;
  Time next_tick_ = Time::max();
};

}  // namespace faultline
