#include "faultline/model/data/autoscaler.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace faultline::data {

std::uint32_t hpa_desired(const AutoscaleConfig& config, std::uint32_t current, double average_metric, Time now,
                          std::optional<Time> last_change) {
  const double ratio = average_metric / config.target;
  double desired = current;
  if (std::fabs(ratio - 1.0) > config.tolerance) desired = std::ceil(static_cast<double>(current) * ratio);
  desired = std::clamp(desired, static_cast<double>(config.min), static_cast<double>(config.max));
  auto want = static_cast<std::uint32_t>(desired);
  if (want < current && last_change && now - *last_change < config.scale_in_cooldown) want = current;
  return want;
}

Autoscaler::Autoscaler(const AutoscaleConfig& config, std::uint32_t initial) : config_(config), serving_(initial) {}

Autoscaler::Decision Autoscaler::evaluate(Time now, double average_metric) {
  take_ready(now);
  Decision d;
  d.at = now;
  d.from = current();
  d.to = hpa_desired(config_, d.from, average_metric, now, last_change_);
  if (d.to > d.from) {
    d.started = d.to - d.from;
    for (std::uint32_t i = 0; i < d.started; ++i) starting_.push_back(now + config_.provision_delay);
  } else if (d.to < d.from) {
    std::uint32_t remove = d.from - d.to;
    while (remove > 0 && !starting_.empty()) {  // replicas not yet serving go first
      starting_.pop_back();
      ++d.cancelled;
      --remove;
    }
    d.removed_serving = remove;
    serving_ -= remove;
  }
  if (d.changed()) {
    last_change_ = now;
    ++changes_;
  }
  return d;
}

std::uint32_t Autoscaler::take_ready(Time now) {
  std::uint32_t ready = 0;
  while (!starting_.empty() && !(now < starting_.front())) {
    starting_.pop_front();
    ++serving_;
    ++ready;
  }
  return ready;
}

WindowAverage::WindowAverage(Duration window, std::uint32_t slices)
    : slice_ns_(std::max<std::int64_t>(1, window.count_ns() / std::max<std::uint32_t>(1, slices))),
      slices_(std::max<std::uint32_t>(1, slices)),
      area_(slices_ + 1, 0.0) {}  // the window's slices and the current one

void WindowAverage::advance(Time now) {
  const auto n = static_cast<std::int64_t>(area_.size());
  while (last_ < now) {
    const Time slice_end = Time::from_ns((slice_ + 1) * slice_ns_);
    const Time until = now < slice_end ? now : slice_end;
    area_[static_cast<std::size_t>(slice_ % n)] += value_ * static_cast<double>((until - last_).count_ns());
    last_ = until;
    if (last_ == slice_end) {
      ++slice_;
      area_[static_cast<std::size_t>(slice_ % n)] = 0;  // a new slice reuses the oldest
    }
  }
}

void WindowAverage::set(Time now, double value) {
  advance(now);
  value_ = value;
}

double WindowAverage::average(Time now) {
  advance(now);
  const auto n = static_cast<std::int64_t>(area_.size());
  const std::int64_t full = std::min<std::int64_t>(slice_, slices_);  // complete slices held
  if (full == 0) return value_;
  double sum = 0;
  for (std::int64_t i = 1; i <= full; ++i) sum += area_[static_cast<std::size_t>((slice_ - i) % n)];
  return sum / static_cast<double>(full * slice_ns_);
}

}  // namespace faultline::data
