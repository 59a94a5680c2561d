#pragma once
#include "faultline/engine/hot.hpp"
// What the models tell the outside: one interface for every observation (an
// operation started or ended, an attempt sent, refused or failed, a call
// finished, a breaker changed, a fault applied, queue and worker changes).
// Models call these verbs and nothing else to be observed; they hold no
// recorder, logger or trace of their own.
//
// Implemented by three observers: the recorder (always on: counters, levels,
// histograms), the debug log and the trace (on only when asked). The recorder
// path is the hot one, so Signals is a concrete final class whose verbs
// forward inline to the Recorder (no virtual call per event, measured); the
// debug log and the trace are SignalObservers called through one virtual call,
// and only when attached (`observed_`), as the null-checked calls were before.
#include <cstdint>
#include <string>
#include <vector>

#include "faultline/engine/engine.hpp"
#include "faultline/metrics/recorder.hpp"
#include "faultline/model/call.hpp"
#include "faultline/model/circuit_breaker.hpp"
#include "faultline/scenario/reason.hpp"

namespace faultline {

/// An observer beside the recorder: the debug log, the trace. Every verb has
/// an empty default, so an observer implements what it shows.
class SignalObserver {
 public:
  virtual ~SignalObserver() = default;
  virtual void attempt_sent(Time, const std::string& /*edge*/, std::uint64_t /*op_id*/, int /*attempt_no*/,
                            std::uint32_t /*replica*/) {}
  virtual void attempt_failed(Time, const std::string& /*edge*/, std::uint64_t /*op_id*/, int /*attempts*/,
                              Reason) {}
  virtual void call_finished(Time, const std::string& /*edge*/, std::uint64_t /*op_id*/, Time /*started*/,
                             Outcome, int /*attempts*/) {}
  virtual void attempt_answered(Time, const std::string& /*replica*/, std::uint64_t /*op_id*/, int /*attempt_no*/,
                                Time /*arrived*/, bool /*success*/) {}
  virtual void breaker_changed(Time, const std::string& /*edge*/, CircuitBreaker::State) {}
  virtual void fault_applied(Time, const char* /*kind*/, std::uint32_t /*index*/, const std::string& /*target*/,
                             bool /*begins*/) {}
  /// [data-tier] autoscaling: a decision (`decision`: replicas wanted from -> to), or
  /// the replicas taking work changed (a new one ready, one scaled in).
  virtual void scaled(Time, const std::string& /*service*/, bool /*decision*/, std::uint32_t /*from*/,
                      std::uint32_t /*to*/) {}
};

class Signals final {
 public:
  using ServiceCounter = Recorder::ServiceCounter;
  // What happened to an attempt at a service (service()).
  static constexpr ServiceCounter kArrivals = Recorder::kArrivals, kRejected = Recorder::kRejected,
                                  kCompleted = Recorder::kCompleted, kErrors = Recorder::kErrors,
                                  kOrphaned = Recorder::kOrphaned, kExpired = Recorder::kExpired,
                                  kDeduplicated = Recorder::kDeduplicated, kDuplicates = Recorder::kDuplicates,
                                  kShed = Recorder::kShed,  // [data-tier] admission
                                  kLost = Recorder::kLost, kHeld = Recorder::kHeld, kUnheld = Recorder::kUnheld;
  Signals(Engine& engine, Recorder& recorder) : engine_(engine), rec_(recorder) {}
  /// Attaches the debug log or the trace (not owned).
  void observe(SignalObserver* o) {
    observers_.push_back(o);
    observed_ = true;
  }
  bool in_window() const { return rec_.in_window(); }
  Time now() const { return engine_.now(); }

  // --- operations (clients) ------------------------------------------------
  FAULTLINE_HOT void operation_started(std::uint32_t client) { rec_.op_started(client); }
  FAULTLINE_HOT void operation_ended(std::uint32_t client, bool counted, Outcome outcome, Duration latency) {
    if (outcome.success) {
      rec_.op_succeeded(client, counted, latency);
    } else {
      rec_.op_failed(client, counted, outcome.reason, latency);
    }
  }

  // --- calls and attempts (caller side) ---------------------------------------
  enum class Send { first, retry, hedge };
  FAULTLINE_HOT void call_created(std::uint32_t edge) { rec_.count_edge(edge, Recorder::kCalls); }
  /// `client`: the client whose operation it is when the edge leaves a client, else -1.
  void attempt_sent(std::uint32_t edge, const std::string& name, Send kind, int client, bool counted,
                    std::uint64_t op_id, int attempt_no, std::uint32_t replica) {
    rec_.count_edge(edge, Recorder::kEdgeAttempts);
    if (kind == Send::retry) rec_.count_edge(edge, Recorder::kRetries);
    if (kind == Send::hedge) rec_.count_edge(edge, Recorder::kHedges);
    if (client >= 0) rec_.attempt_sent(static_cast<std::uint32_t>(client), counted);
    if (observed_) {
      for (auto* o : observers_) o->attempt_sent(now(), name, op_id, attempt_no, replica);
    }
  }
  /// The edge's guard refused an attempt (short_circuited or throttled).
  void attempt_refused(std::uint32_t edge, Reason why) {
    rec_.count_edge(edge, why == Reason::short_circuited ? Recorder::kShortCircuited : Recorder::kThrottled);
  }
  void retry_denied(std::uint32_t edge) { rec_.count_edge(edge, Recorder::kBudgetDenied); }
  void attempt_failed(const std::string& edge, std::uint64_t op_id, int attempts, Reason reason) {
    if (observed_) {
      for (auto* o : observers_) o->attempt_failed(now(), edge, op_id, attempts, reason);
    }
  }
  void call_finished(const std::string& edge, std::uint64_t op_id, Time started, Outcome outcome, int attempts) {
    if (observed_) {
      for (auto* o : observers_) o->call_finished(now(), edge, op_id, started, outcome, attempts);
    }
  }
  /// The breaker's state is read (which may move open to half-open) only when observed, as before.
  void breaker_changed(const std::string& edge, CircuitBreaker& breaker) {
    if (observed_) {
      const CircuitBreaker::State state = breaker.state(now());
      for (auto* o : observers_) o->breaker_changed(now(), edge, state);
    }
  }

  // --- services (service side) -----------------------------------------------
  FAULTLINE_HOT void service(std::uint32_t s, ServiceCounter what) { rec_.count(s, what); }
  FAULTLINE_HOT void queue_changed(std::uint32_t s, int delta) { rec_.queue_delta(s, delta); }
  /// A worker taken for own work, after waiting `wait` in the queue.
  FAULTLINE_HOT void work_started(std::uint32_t s, Duration wait) {
    rec_.queue_wait(s, wait);
    rec_.worker_delta(s, +1, +1);
  }
  /// [data-tier] A worker taken but idle (waiting for a row lock): held, not working.
  void worker_taken_idle(std::uint32_t s, Duration wait) {
    rec_.queue_wait(s, wait);
    rec_.worker_delta(s, +1, 0);
  }
  /// Own work stopped (done, paused: -1; resumed: +1).
  FAULTLINE_HOT void working_changed(std::uint32_t s, int delta) { rec_.cpu_delta(s, delta); }
  /// Workers taken away by faults (< 0) or given back.
  void workers_available_changed(std::uint32_t s, int delta) { rec_.available_delta(s, delta); }
  /// Workers released (an answer, an outage).
  FAULTLINE_HOT void workers_released(std::uint32_t s, int n) { rec_.busy_delta(s, -n); }
  void store_size(std::uint32_t s, std::size_t size) { rec_.store_size(s, size); }
  FAULTLINE_HOT void attempt_answered(const std::string& replica, std::uint64_t op_id, int attempt_no, Time arrived, bool success) {
    if (observed_) {
      for (auto* o : observers_) o->attempt_answered(now(), replica, op_id, attempt_no, arrived, success);
    }
  }

  // --- faults -----------------------------------------------------------------
  void fault_applied(const char* kind, std::uint32_t index, const std::string& target, bool begins) {
    if (observed_) {
      for (auto* o : observers_) o->fault_applied(now(), kind, index, target, begins);
    }
  }

  // --- autoscaling [data-tier] --------------------------------------------------
  void scaled(const std::string& service, bool decision, std::uint32_t from, std::uint32_t to) {
    if (observed_) {
      for (auto* o : observers_) o->scaled(now(), service, decision, from, to);
    }
  }

 private:
  Engine& engine_;
  Recorder& rec_;
  bool observed_ = false;
  std::vector<SignalObserver*> observers_;
};

}  // namespace faultline
