#pragma once
// Retry budget per caller, as Finagle's RetryBudget: each first attempt
// deposits `ratio` tokens that expire after ttl; a retry withdraws one; a
// reserve of min_per_second * ttl tokens. So over any ttl, retries <=
// ratio * first attempts + min_per_second * ttl (up to slice granularity).
#include "faultline/model/windowed_counter.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

class RetryBudget {
 public:
  static constexpr int kSlices = 10;
  RetryBudget() = default;
  explicit RetryBudget(const BudgetSpec& spec)
      : enabled_(spec.enabled),
        ratio_(spec.ratio),
        reserve_(spec.min_per_second * spec.ttl.seconds()),
        deposits_(spec.ttl, kSlices),
        withdrawals_(spec.ttl, kSlices) {}

  bool enabled() const { return enabled_; }
  void deposit(Time now) {
    if (enabled_) deposits_.add(now, 1);
  }
  /// Tokens available now.
  double balance(Time now) { return reserve_ + ratio_ * deposits_.sum(now) - withdrawals_.sum(now); }
  /// Takes a token for a retry if one is there.
  bool try_withdraw(Time now) {
    if (!enabled_) return true;
    if (balance(now) < 1.0) return false;
    withdrawals_.add(now, 1);
    return true;
  }

 private:
  bool enabled_ = false;
  double ratio_ = 0, reserve_ = 0;
  WindowedCounter deposits_, withdrawals_;
};

/// gRPC retry throttling (gRFC A6): tokens start full; each failed attempt
/// takes 1, each success returns token_ratio; retries only while tokens > max/2.
class RetryThrottling {
 public:
  RetryThrottling() = default;
  explicit RetryThrottling(const ThrottlingSpec& spec)
      : enabled_(spec.enabled), max_(spec.max_tokens), ratio_(spec.token_ratio), tokens_(spec.max_tokens) {}
  bool enabled() const { return enabled_; }
  void on_success() {
    if (enabled_) tokens_ = tokens_ + ratio_ > max_ ? max_ : tokens_ + ratio_;
  }
  void on_failure() {
    if (enabled_) tokens_ = tokens_ - 1 < 0 ? 0 : tokens_ - 1;
  }
  bool retry_allowed() const { return !enabled_ || tokens_ > max_ / 2; }
  double tokens() const { return tokens_; }

 private:
  bool enabled_ = false;
  double max_ = 0, ratio_ = 0, tokens_ = 0;
};

}  // namespace faultline
