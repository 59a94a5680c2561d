#pragma once
// Autoscaling as a Kubernetes HPA does it. Every `evaluate_every`:
//   desired = ceil(current x average(metric over window) / target),
// unchanged when that ratio is within `tolerance` of 1, then clamped to
// [min, max]; scale-in only when no change was made for `scale_in_cooldown`.
// `current` counts replicas starting or serving; new replicas serve after
// `provision_delay`. The rule is a pure function (hpa_desired); Autoscaler
// keeps the replicas starting and the time of the last change; WindowAverage
// is the time-weighted mean of a piecewise-constant metric over the window.
#include <cstdint>
#include <optional>
#include <vector>

#include "faultline/engine/time.hpp"
#include "faultline/model/ring.hpp"

namespace faultline::data {

struct AutoscaleConfig {
  double target = 0.6;  // per replica: a utilization, a length or a rate
  std::uint32_t min = 1, max = 10;
  Duration evaluate_every = Duration::s(15);
  Duration window = Duration::s(60);
  double tolerance = 0.1;
  Duration provision_delay = Duration::zero();
  Duration scale_in_cooldown = Duration::s(300);
};

/// The HPA rule. `last_change` is empty when no change was ever made (a
/// scale-in is then allowed).
std::uint32_t hpa_desired(const AutoscaleConfig& config, std::uint32_t current, double average_metric, Time now,
                          std::optional<Time> last_change);

class Autoscaler {
 public:
  struct Decision {
    Time at;
    std::uint32_t from = 0, to = 0;
    std::uint32_t started = 0;          // new replicas, serving from at + provision_delay
    std::uint32_t cancelled = 0;        // starting replicas dropped (newest first)
    std::uint32_t removed_serving = 0;  // serving replicas to drain and remove
    bool changed() const { return from != to; }
  };

  Autoscaler(const AutoscaleConfig& config, std::uint32_t initial);

  /// An evaluation at `now` with the metric's window average over serving replicas.
  Decision evaluate(Time now, double average_metric);
  /// Starting replicas whose provision delay has passed by `now` begin serving.
  std::uint32_t take_ready(Time now);
  /// When the next starting replica is ready, or Time::max().
  Time next_ready() const { return starting_.empty() ? Time::max() : starting_.front(); }

  std::uint32_t current() const { return serving_ + static_cast<std::uint32_t>(starting_.size()); }
  std::uint32_t serving() const { return serving_; }
  std::uint32_t starting() const { return static_cast<std::uint32_t>(starting_.size()); }
  std::uint32_t changes() const { return changes_; }
  const AutoscaleConfig& config() const { return config_; }
  /// Mid-run: new bounds, applied by the next evaluation's clamp (as an HPA
  /// applies a changed minReplicas/maxReplicas at its next sync).
  void set_bounds(std::uint32_t min, std::uint32_t max) {
    config_.min = min;
    config_.max = max;
  }

 private:
  AutoscaleConfig config_;
  std::uint32_t serving_;
  Ring<Time> starting_;  // ready times, in order (one provision delay for all)
  std::optional<Time> last_change_;
  std::uint32_t changes_ = 0;
};

/// Time-weighted average of a piecewise-constant value over the last `window`,
/// kept in fixed slices (memory fixed, O(slices crossed) per update). Exact
/// when the value changes and the average is read on slice boundaries.
class WindowAverage {
 public:
  WindowAverage(Duration window, std::uint32_t slices);
  /// The value is `value` from `now` on.
  void set(Time now, double value);
  /// Mean over [now - window, start of the current slice), or over what exists
  /// of it early in the run.
  double average(Time now);

 private:
  void advance(Time now);
  std::int64_t slice_ns_;
  std::uint32_t slices_;
  std::vector<double> area_;  // value x ns, per slice, a ring of slices_ + 1
  std::int64_t slice_ = 0;    // the current slice's index
  Time last_;
  double value_ = 0;
};

}  // namespace faultline::data
