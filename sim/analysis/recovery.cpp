#include "faultline/analysis/recovery.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace faultline::analysis {

namespace {

struct Level {
  double mean = 0;
  double spread = 0;  // standard deviation of one interval's value
  std::size_t n = 0;
};

/// Mean and spread of values[from, to), NaN left out.
Level level(const std::vector<double>& values, std::size_t from, std::size_t to) {
  Level l;
  double sum = 0, ss = 0;
  for (std::size_t i = from; i < to && i < values.size(); ++i) {
    if (std::isnan(values[i])) continue;
    sum += values[i];
    ++l.n;
  }
  if (l.n == 0) return l;
  l.mean = sum / static_cast<double>(l.n);
  for (std::size_t i = from; i < to && i < values.size(); ++i) {
    if (!std::isnan(values[i])) ss += (values[i] - l.mean) * (values[i] - l.mean);
  }
  l.spread = l.n > 1 ? std::sqrt(ss / static_cast<double>(l.n - 1)) : 0;
  return l;
}

/// Centred moving average over kSmoothing intervals (fewer at the ends).
std::vector<double> smoothed(const std::vector<double>& v) {
  const std::size_t half = kSmoothing / 2;
  std::vector<double> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    double sum = 0;
    int n = 0;
    for (std::size_t k = i >= half ? i - half : 0; k <= i + half && k < v.size(); ++k) {
      if (std::isnan(v[k])) continue;
      sum += v[k];
      ++n;
    }
    out[i] = n ? sum / n : 0;
  }
  return out;
}

}  // namespace

Recovery recovery(const RunResult& r, std::size_t client) {
  Recovery out;
  if (r.faults.empty() || client >= r.clients.size()) return out;
  const std::string entity = "clients." + r.clients[client].name;
  const Series* good = r.timeseries.find(entity, "goodput_per_s");
  if (good == nullptr || good->values.empty()) return out;
  double first_start = 1e300, last_end = 0;
  for (const auto& f : r.faults) {
    first_start = std::min(first_start, f.start_s);
    last_end = std::max(last_end, f.end_s);
  }
  const auto& t = r.timeseries.times_s;
  const double dt = r.timeseries.interval_s > 0 ? r.timeseries.interval_s : 1;
  auto start_of = [&](std::size_t i) { return i == 0 ? 0.0 : t[i - 1]; };
  auto index_at = [&](double time) {  // the first sample starting at or after `time`
    std::size_t i = 0;
    while (i < t.size() && start_of(i) < time - 1e-9) ++i;
    return i;
  };
  const std::size_t fault_from = index_at(first_start);
  std::size_t fault_to = index_at(last_end);
  // The baseline: the samples before the first fault, after the warmup where that
  // leaves a few, else after the first (start-up) sample. The warmup shapes the
  // summary; it does not hide what happened.
  std::size_t base_from = std::min(index_at(r.warmup_s), fault_from);
  if (fault_from - base_from < 3) base_from = fault_from >= 4 ? 1 : 0;
  Level base = level(good->values, base_from, fault_from);
  out.baseline_from = "before the first fault";
  if (base.n == 0) {
    // A fault from the start: no level of its own to come back to; the demand is the level.
    const Series* offered = r.timeseries.find(entity, "operations_per_s");
    if (offered == nullptr) return out;
    base = level(offered->values, 0, offered->values.size());
    out.baseline_from = "the offered load";
  }
  out.baseline_goodput = base.mean;
  // Room for noise: 10% of the level, or four standard deviations of a
  // smoothed value (Poisson counts at least), whichever is more.
  const double spread = std::max(base.spread, std::sqrt(std::max(base.mean, 0.0) / dt));
  out.threshold = base.mean - std::max(0.1 * base.mean, 4 * spread / std::sqrt(static_cast<double>(kSmoothing)));
  const std::size_t n = std::min(good->values.size(), t.size());
  const auto smooth = smoothed(good->values);
  // Sustained shortfalls from the first fault on; the last one decides.
  std::size_t run = 0, last_short_end = 0;
  bool any = false;
  for (std::size_t i = fault_from; i <= n; ++i) {
    if (i < n && smooth[i] < out.threshold) {
      ++run;
      continue;
    }
    if (run >= kSustained) {
      any = true;
      last_short_end = i;
    }
    run = 0;
  }
  out.affected = any;
  if (last_end >= r.simulated_s - 1e-9 || fault_to + kSustained > n) return out;  // no time after the faults to judge
  out.applicable = true;
  if (!any) {
    out.recovered = true;  // no measurable effect
    return out;
  }
  if (last_short_end >= n) return out;  // the shortfall lasted to the end: metastable
  // The smoothed value lags a sharp step by up to half the window: step back over raw samples already at the level.
  std::size_t back = last_short_end;
  while (back > last_short_end - kSmoothing / 2 && back > fault_from && good->values[back - 1] >= out.threshold) --back;
  out.recovered = true;
  out.seconds = std::max(0.0, start_of(back) - last_end);
  return out;
}

}  // namespace faultline::analysis
