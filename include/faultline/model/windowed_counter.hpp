#pragma once
// A count over a sliding time window, kept in fixed slices (as Finagle's
// WindowedAdder does): memory is fixed, and an event leaves the window
// between (window - slice) and window after it was added.
#include <cstdint>
#include <vector>

#include "faultline/engine/time.hpp"

namespace faultline {

class WindowedCounter {
 public:
  WindowedCounter() = default;
  WindowedCounter(Duration window, int slices)
      : slice_ns_(window.count_ns() / slices > 0 ? window.count_ns() / slices : 1),
        counts_(static_cast<std::size_t>(slices), 0.0) {}

  void add(Time now, double amount) {
    advance(now);
    counts_[current_ % counts_.size()] += amount;
  }
  double sum(Time now) {
    advance(now);
    double total = 0;
    for (double c : counts_) total += c;
    return total;
  }
  void clear() {
    for (double& c : counts_) c = 0;
  }

 private:
  void advance(Time now) {
    const std::int64_t slice = now.ns() / slice_ns_;
    if (slice == current_) return;
    const std::int64_t steps = slice - current_;
    const auto n = static_cast<std::int64_t>(counts_.size());
    for (std::int64_t i = 1; i <= steps && i <= n; ++i) counts_[static_cast<std::size_t>((current_ + i) % n)] = 0;
    current_ = slice;
  }
  std::int64_t slice_ns_ = 1;
  std::int64_t current_ = 0;
  std::vector<double> counts_{0.0};
};

}  // namespace faultline
