#pragma once
// The policy state of one edge: circuit breaker, adaptive throttling, gRPC
// retry throttling and the retry budget. The call layer asks it before each
// attempt and retry and tells it each outcome; it holds no configuration of
// the edge and no fault state.
#include <optional>

#include "faultline/model/adaptive_throttle.hpp"
#include "faultline/model/call.hpp"
#include "faultline/model/circuit_breaker.hpp"
#include "faultline/model/retry_budget.hpp"

namespace faultline {

class EdgeGuard {
 public:
  EdgeGuard() = default;
  EdgeGuard(const RetrySpec* retry, const EdgePolicies& policies)
      : breaker_(policies.breaker), throttle_(policies.throttle) {
    if (retry != nullptr) {
      budget_ = RetryBudget(retry->budget);
      throttling_ = RetryThrottling(retry->throttling);
    }
    guarded_ = breaker_.enabled() || throttle_.enabled() || throttling_.enabled();
  }

  /// Before an attempt: nullopt to send it, else why not (short_circuited, throttled).
  std::optional<Reason> refuse(Time now, Rng& rng) {
    if (!guarded_) return std::nullopt;
    if (!breaker_.allow(now)) return Reason::short_circuited;
    if (throttle_.should_reject(now, rng)) return Reason::throttled;
    return std::nullopt;
  }
  /// A first attempt went out: the retry budget earns its share.
  void on_first_attempt(Time now) { budget_.deposit(now); }
  /// An answer came back. Returns whether the breaker changed state.
  bool on_answer(Time now, Outcome outcome) {
    if (!guarded_) return false;
    const auto before = breaker_.transitions();
    breaker_.record(now, outcome.success);
    if (outcome.success) {
      throttling_.on_success();
    } else {
      throttling_.on_failure();
    }
    if (outcome.success || outcome.reason != Reason::rejected) throttle_.on_accept(now);
    return breaker_.transitions() != before;
  }
  void on_timeout(Time now) {
    if (!guarded_) return;
    breaker_.record(now, false);
    throttling_.on_failure();
  }
  /// A retry may go out (throttling tokens, then a budget withdrawal).
  bool retry_allowed(Time now) { return throttling_.retry_allowed() && budget_.try_withdraw(now); }

  // Read by gauges and traces.
  RetryBudget& budget() { return budget_; }
  RetryThrottling& throttling() { return throttling_; }
  CircuitBreaker& breaker() { return breaker_; }

 private:
  bool guarded_ = false;  // breaker, adaptive throttle or gRPC throttling on: checked per attempt
  RetryBudget budget_;
  RetryThrottling throttling_;
  CircuitBreaker breaker_;
  AdaptiveThrottle throttle_;
};

}  // namespace faultline
