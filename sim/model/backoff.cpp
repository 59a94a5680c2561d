#include "faultline/model/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace faultline {

namespace {
// Durations as doubles of ns for the arithmetic; clamped so a huge multiplier
// power cannot overflow int64.
Duration from_ns(double ns) {
  constexpr double kMaxNs = 9.0e18;
  return Duration::ns(static_cast<std::int64_t>(std::llround(std::clamp(ns, 0.0, kMaxNs))));
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
    case RetrySpec::Backoff::exponential: b = base * std::pow(policy.multiplier, retry_n - 1); break;
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
