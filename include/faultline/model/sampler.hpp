#pragma once
// Draws durations from a DistSpec with our own portable samplers.
#include <cstdint>
#include <vector>

#include "faultline/engine/random.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

class Sampler {
 public:
  Sampler() = default;  // constant 0
  explicit Sampler(const DistSpec& spec);

  /// One draw in nanoseconds, >= 0 (rounded to the nearest ns).
  std::int64_t sample_ns(Rng& rng) const;
  /// The distribution's exact mean in nanoseconds (for describe and tests).
  double mean_ns() const;
  /// The exact p-quantile in nanoseconds (a mixture's by bisection on its CDF).
  double quantile_ns(double p) const;
  /// P(X <= x), x in nanoseconds.
  double cdf(double x_ns) const;

 private:
  DistSpec::Kind kind_ = DistSpec::Kind::constant;
  double a_ = 0, b_ = 0;                   // kind-specific parameters
  std::vector<double> cumulative_weights_; // mixture
  std::vector<Sampler> branches_;          // mixture
  std::vector<DistSpec::Point> points_;    // empirical
};

}  // namespace faultline
