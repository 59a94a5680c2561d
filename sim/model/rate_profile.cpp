#include "faultline/model/rate_profile.hpp"

#include <algorithm>
#include <cmath>

namespace faultline {

RateProfile::RateProfile(double base_rate_per_s, const std::vector<ScheduleStep>& schedule) {
  points_.push_back({0.0, base_rate_per_s * 1e-9});
  double current = base_rate_per_s * 1e-9;
  for (std::size_t i = 0; i < schedule.size(); ++i) {
    const ScheduleStep& step = schedule[i];
    if (step.rate_per_s < 0) continue;
    const double at = static_cast<double>(step.at.count_ns());
    const double target = step.rate_per_s * 1e-9;
    points_.push_back({at, current});
    double end = at + static_cast<double>(step.ramp.count_ns());
    double reached = target;
    // A ramp cut short by the next step ends where the next step begins.
    if (i + 1 < schedule.size()) {
      const double next_at = static_cast<double>(schedule[i + 1].at.count_ns());
      if (end > next_at) {
        reached = current + (target - current) * (next_at - at) / (end - at);
        end = next_at;
      }
    }
    points_.push_back({end, reached});
    current = reached;
  }
  if (points_.size() == 1 && points_[0].rate_per_ns > 0) constant_gap_ns_ = 1.0 / points_[0].rate_per_ns;
}

double RateProfile::rate_per_s_at(Time t) const {
  const double x = static_cast<double>(t.ns());
  double r = points_.front().rate_per_ns;
  for (std::size_t i = 0; i + 1 < points_.size(); ++i) {
    const Point& a = points_[i];
    const Point& b = points_[i + 1];
    if (x >= b.t_ns) { r = b.rate_per_ns; continue; }
    if (x >= a.t_ns && b.t_ns > a.t_ns) r = a.rate_per_ns + (b.rate_per_ns - a.rate_per_ns) * (x - a.t_ns) / (b.t_ns - a.t_ns);
    break;
  }
  return r * 1e9;
}

std::optional<Time> RateProfile::next_piecewise(Time from, double work) {
  double x = static_cast<double>(from.ns());
  while (cursor_ + 1 < points_.size() && points_[cursor_ + 1].t_ns <= x) ++cursor_;
  for (std::size_t i = cursor_; i + 1 < points_.size(); ++i) {
    const Point& a = points_[i];
    const Point& b = points_[i + 1];
    if (b.t_ns <= x) continue;
    const double span = b.t_ns - a.t_ns;
    const double slope = span > 0 ? (b.rate_per_ns - a.rate_per_ns) / span : 0.0;
    const double rx = a.rate_per_ns + slope * (std::max(x, a.t_ns) - a.t_ns);
    x = std::max(x, a.t_ns);
    const double area = (rx + b.rate_per_ns) / 2 * (b.t_ns - x);
    if (area >= work && area > 0) {
      // Solve rx*y + slope*y^2/2 = work for the smallest y >= 0.
      double y;
      if (std::fabs(slope) * work < 1e-12 * rx * rx) {
        y = work / rx;
      } else {
        const double disc = std::max(0.0, rx * rx + 2 * slope * work);
        y = 2 * work / (rx + std::sqrt(disc));  // stable form of (-rx + sqrt(disc)) / slope
      }
      return Time::from_ns(static_cast<std::int64_t>(x + y + 0.5));
    }
    work -= area;
    x = b.t_ns;
  }
  const double last = points_.back().rate_per_ns;
  if (last <= 0) return std::nullopt;
  const double at = std::max(x, points_.back().t_ns) + work / last;
  if (at >= 9.0e18) return std::nullopt;
  return Time::from_ns(static_cast<std::int64_t>(at + 0.5));
}

}  // namespace faultline
