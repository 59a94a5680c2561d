#include "autoscale_findings.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace faultline::analysis {

namespace {
std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

/// Start of the run of sample intervals, up to `until`, where the autoscaler's
/// metric per serving replica stayed above its target (-1: none).
double pressure_began(const RunResult& r, const ServiceSummary& s, double until) {
  const std::string entity = "services." + s.name;
  const Series* m = r.timeseries.find(entity, s.scale_metric);
  const Series* serving = r.timeseries.find(entity, "replicas_serving");
  if (m == nullptr || serving == nullptr) return -1;
  const bool share = s.scale_metric == "cpu_utilization" || s.scale_metric == "utilization";
  double began = -1;
  for (std::size_t i = 0; i < m->values.size() && i < serving->values.size(); ++i) {
    const double start = i == 0 ? 0.0 : r.timeseries.times_s[i - 1];
    if (start >= until) break;
    const double n = serving->values[i] > 0 ? serving->values[i] : 1;
    const double v = share ? m->values[i] : m->values[i] / n;
    const bool above = !std::isnan(v) && v > s.scale_target;
    if (!above) began = -1;
    if (above && began < 0) began = start;
  }
  return began;
}
}  // namespace

void autoscale_findings(RunResult& r) {
  for (const auto& s : r.services) {
    if (!s.autoscaled) continue;
    const std::string entity = "services." + s.name;
    // The first scale-out, and every scale-out before the count next fell.
    const ScaleEvent* first = nullptr;
    std::uint32_t top = 0, base = 0;
    int reversals = 0, last_dir = 0;
    for (const auto& e : r.scale_events) {
      if (e.service != s.name) continue;
      const int dir = e.to > e.from ? 1 : -1;
      if (last_dir != 0 && dir != last_dir) ++reversals;
      last_dir = dir;
      if (dir > 0 && first == nullptr) {
        first = &e;
        base = e.from;
      }
      if (first != nullptr && reversals == 0) top = std::max(top, e.to);
    }
    if (first != nullptr) {
      const double began = pressure_began(r, s, first->at_s);
      std::string text = s.name + ": the autoscaler added " + num(top - base) + (top - base == 1 ? " replica (" : " replicas (") + num(base) + " -> " +
                         num(top) + ", first decision at " + num(first->at_s) + " s); ";
      if (first->first_ready_s < 0) {
        text += "none served before the end of the run";
      } else {
        text += "the first served at " + num(first->first_ready_s) + " s";
        if (began >= 0) text += ", " + num(first->first_ready_s - began) + " s after " + s.scale_metric + " passed its target (" + num(began) + " s)";
      }
      r.findings.push_back({"autoscaled", entity, first->at_s, "replicas", static_cast<double>(top), text});
    }
    if (reversals >= 2) {
      r.findings.push_back({"flapping", entity, std::nan(""), "scale_changes", static_cast<double>(s.scale_changes),
                            s.name + ": the autoscaler changed direction " + std::to_string(reversals) +
                                " times (" + std::to_string(s.scale_changes) +
                                " changes): flapping; a scale_in_cooldown or a wider tolerance steadies it"});
    }
  }
}

}  // namespace faultline::analysis
