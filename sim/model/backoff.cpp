#include "faultline/model/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace faultline {

namespace {
// Durations as doubles of ns for the arithmetic; clamped so a huge multiplier
// power cannot overflow int64.
Duration from_ns(double ns) {
  constexpr double kMaxNs = 9.0e18;
  // Non-negative after the clamp, so adding one half and truncating rounds to
  // nearest, as llround would, without a library call on every retry.
  return Duration::ns(static_cast<std::int64_t>(std::clamp(ns, 0.0, kMaxNs) + 0.5));
}
// multiplier^k for the small k of a retry count: a loop is exact for powers of
// two and several times cheaper than std::pow.
double power(double multiplier, int k) {
  double r = 1.0;
  for (int i = 0; i < k && r < 1e300; ++i) r = std::min(r * multiplier, 1e300);  // finite: 0 x r stays 0
  return r;
}
double cap_ns(const RetrySpec& p) { return p.max.is_infinite() ? 9.0e18 : static_cast<double>(p.max.count_ns()); }
}  // namespace

Duration backoff_before_jitter(const RetrySpec& policy, int retry_n) {
  const double base = static_cast<double>(policy.base.count_ns());
  double b = 0;
  switch (policy.backoff) {
    case RetrySpec::Backoff::none: return Duration::zero();
    case RetrySpec::Backoff::constant: b = base; break;
    case RetrySpec::Backoff::linear: b = base * retry_n; break;
    case RetrySpec::Backoff::exponential: b = base * power(policy.multiplier, retry_n - 1); break;
  }
  return from_ns(std::min(b, cap_ns(policy)));
}

Duration retry_sleep(const RetrySpec& policy, int retry_n, Duration previous_sleep, Rng& rng) {
  const double b = static_cast<double>(backoff_before_jitter(policy, retry_n).count_ns());
  switch (policy.jitter) {
    case RetrySpec::Jitter::none: return from_ns(b);
    case RetrySpec::Jitter::full: return from_ns(rng.uniform(0.0, b));
    case RetrySpec::Jitter::equal: return from_ns(b / 2 + rng.uniform(0.0, b / 2));
    case RetrySpec::Jitter::decorrelated: {
      const double base = static_cast<double>(policy.base.count_ns());
      const double hi = std::max(base, 3.0 * static_cast<double>(previous_sleep.count_ns()));
      return from_ns(std::min(cap_ns(policy), rng.uniform(base, hi)));
    }
  }
  return from_ns(b);
}

}  // namespace faultline
