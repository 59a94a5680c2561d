#pragma once
// Server-side admission, checked on arrival at a replica before its queue:
// a concurrency cap, a token bucket, or CoDel on the queue's head.
#include <cstdint>

#include "faultline/engine/time.hpp"

namespace faultline::data {

/// `max_concurrency`: an arrival finding this many in service + queued is rejected.
class ConcurrencyLimit {
 public:
  explicit ConcurrencyLimit(std::uint32_t max) : max_(max) {}
  bool admits(std::uint32_t in_service_plus_queued) const { return in_service_plus_queued < max_; }
  std::uint32_t max() const { return max_; }

 private:
  std::uint32_t max_;
};

/// `token_bucket: {rate, burst}`: tokens refill continuously at `rate` up to
/// `burst`; the bucket starts full; an arrival takes one token or is rejected.
/// Tokens are counted in billionths as integers, so with an integer rate per
/// second the refill is exact: over [0, t] with arrivals dense enough, exactly
/// floor(rate x t) + burst are admitted, never one more by rounding.
class TokenBucket {
 public:
  TokenBucket(double rate_per_s, std::uint32_t burst);
  /// An arrival at `now` (times never go back): true when it takes a token.
  bool try_take(Time now);
  /// Tokens available at `now`, fractional.
  double tokens(Time now);
  /// Mid-run: refills at the old rate up to `now`, then counts with the new
  /// rate and burst (tokens above the new burst are lost).
  void reconfigure(Time now, double rate_per_s, std::uint32_t burst);

 private:
  void refill(Time now);
  static constexpr std::int64_t unit = 1000000000;  // one token
  double rate_;           // tokens per second = billionths per nanosecond
  std::int64_t cap_;      // burst x unit
  std::int64_t level_;    // billionths of a token
  Time last_;
};

/// CoDel (Nichols and Jacobson; RFC 8289) on a replica's queue, asked once per
/// request taken from the head: drop it or serve it. Dropping starts after the
/// sojourn time has stayed at or above `target` for `interval`; while dropping,
/// the next drop comes interval / sqrt(count) after the last; a sojourn below
/// target (or an empty queue) ends it. The caller keeps asking for the next
/// head while the answer is "drop".
class CoDel {
 public:
  CoDel(Duration target, Duration interval) : target_(target), interval_(interval) {}
  /// The head request, waiting since `now - sojourn`: true = drop it.
  bool drop(Time now, Duration sojourn);
  /// The queue emptied.
  void on_empty() {
    first_above_ = Time::zero();
    above_ = false;
    dropping_ = false;
  }
  bool dropping() const { return dropping_; }
  /// Mid-run: new target and interval, from the next request taken on.
  void reconfigure(Duration target, Duration interval) {
    target_ = target;
    interval_ = interval;
  }
  std::uint64_t drops() const { return drops_; }

 private:
  Time control_law(Time t) const;
  bool ok_to_drop(Time now, Duration sojourn);

  Duration target_, interval_;
  bool above_ = false;  // first_above_ is set
  Time first_above_;
  bool dropping_ = false;
  Time drop_next_;
  std::uint32_t count_ = 0, last_count_ = 0;
  std::uint64_t drops_ = 0;
};

}  // namespace faultline::data
