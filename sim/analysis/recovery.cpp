#include "faultline/analysis/recovery.hpp"

#include <algorithm>

namespace faultline::analysis {

Recovery recovery(const RunResult& r, std::size_t client, double level) {
  Recovery out;
  if (r.faults.empty() || client >= r.clients.size()) return out;
  const std::string entity = "clients." + r.clients[client].name;
  const Series* good = r.timeseries.find(entity, "goodput_per_s");
  if (good == nullptr) return out;
  double first_start = 1e300, last_end = 0;
  for (const auto& f : r.faults) {
    first_start = std::min(first_start, f.start_s);
    last_end = std::max(last_end, f.end_s);
  }
  const auto& t = r.timeseries.times_s;
  double sum = 0;
  int n = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double start = i == 0 ? 0.0 : t[i - 1];
    if (start >= r.warmup_s - 1e-9 && t[i] <= first_start + 1e-9) {
      sum += good->values[i];
      ++n;
    }
  }
  if (n == 0 || last_end >= r.simulated_s - 1e-9) return out;
  out.applicable = true;
  out.baseline_goodput = sum / n;
  const double target = level * out.baseline_goodput;
  // The first sample after the faults from which goodput stays at the level.
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double start = i == 0 ? 0.0 : t[i - 1];
    if (start < last_end - 1e-9) continue;
    bool stays = true;
    for (std::size_t k = i; k < t.size() && stays; ++k) stays = good->values[k] >= target;
    if (stays) {
      out.recovered = true;
      out.seconds = start - last_end;
      return out;
    }
  }
  return out;
}

}  // namespace faultline::analysis
