#pragma once
// An open-loop client's arrival rate over time: piecewise linear (steps and
// ramps from its schedule), and the next arrival found by inverting the
// integrated rate, so a non-homogeneous Poisson process is exact.
#include <cstddef>
#include <optional>
#include <vector>

#include "faultline/engine/time.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

class RateProfile {
 public:
  /// From a client's base rate and its schedule (steps of `rate`).
  RateProfile(double base_rate_per_s, const std::vector<ScheduleStep>& schedule);

  /// The earliest s > from with integral of rate over [from, s] == work
  /// (work = Exp(1) draw for Poisson, 1 for evenly spaced); nullopt if the rate
  /// stays 0 forever. Calls must come with non-decreasing `from`.
  std::optional<Time> next(Time from, double work) {
    if (constant_gap_ns_ > 0) {  // a constant rate: the common case, kept cheap
      const double at = static_cast<double>(from.ns()) + work * constant_gap_ns_;
      if (at >= 9.0e18) return std::nullopt;
      return Time::from_ns(static_cast<std::int64_t>(at + 0.5));
    }
    return next_piecewise(from, work);
  }
  double rate_per_s_at(Time t) const;

 private:
  std::optional<Time> next_piecewise(Time from, double work);
  double constant_gap_ns_ = 0;  // 1 / rate when the rate never changes and is > 0
  struct Point {
    double t_ns;
    double rate_per_ns;
  };
  std::vector<Point> points_;  // non-decreasing t; equal t = a step
  std::size_t cursor_ = 0;     // first segment that may contain `from`
};

}  // namespace faultline
