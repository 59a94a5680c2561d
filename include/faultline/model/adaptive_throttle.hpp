#pragma once
// Client-side adaptive throttling (Google SRE book, "Handling Overload"):
// reject locally with probability max(0, (requests - k * accepts) / (requests + 1))
// over a sliding window. Requests include those rejected locally.
#include <algorithm>

#include "faultline/engine/random.hpp"
#include "faultline/model/windowed_counter.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

class AdaptiveThrottle {
 public:
  static constexpr int kSlices = 20;
  AdaptiveThrottle() = default;
  explicit AdaptiveThrottle(const AdaptiveThrottleSpec& spec)
      : enabled_(spec.enabled), k_(spec.k), requests_(spec.window, kSlices), accepts_(spec.window, kSlices) {}

  bool enabled() const { return enabled_; }
  double reject_probability(Time now) {
    const double requests = requests_.sum(now);
    const double accepts = accepts_.sum(now);
    return std::max(0.0, (requests - k_ * accepts) / (requests + 1));
  }
  /// Counts the request and decides whether to reject it locally.
  bool should_reject(Time now, Rng& rng) {
    if (!enabled_) return false;
    const double p = reject_probability(now);
    requests_.add(now, 1);
    return p > 0 && rng.uniform() < p;
  }
  /// The backend accepted a request (it answered, even with an error).
  void on_accept(Time now) {
    if (enabled_) accepts_.add(now, 1);
  }

 private:
  bool enabled_ = false;
  double k_ = 2;
  WindowedCounter requests_, accepts_;
};

}  // namespace faultline
