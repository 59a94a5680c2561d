#include "faultline/analysis/findings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "faultline/analysis/recovery.hpp"
#include "faultline/metrics/registry.hpp"

namespace faultline::analysis {

namespace {
constexpr double kSaturated = 0.95;     // utilization that counts as saturated
constexpr double kAmplified = 1.5;      // attempts per call worth a finding
constexpr double kOrphanShare = 0.05;   // share of answers done for nobody worth a finding


std::string fmt(const char* format, double a, double b = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, format, a, b);
  return buf;
}

const char* ordinal(std::size_t i) {
  static const char* const words[] = {"first", "second", "third", "fourth", "fifth"};
  return i < 5 ? words[i] : "next";
}
}  // namespace

void find(RunResult& r) {
  r.metrics = std::make_shared<const MetricRegistry>(MetricRegistry::of(r));  // the run's one registry
  const MetricRegistry& m = *r.metrics;
  r.findings.clear();
  // Cascade order: which service saturated first, and when.
  struct Saturation {
    std::string name;
    double time_s;
  };
  std::vector<Saturation> saturated;
  for (const auto& s : r.services) {
    const Series* util = r.timeseries.find("services." + s.name, "utilization");
    if (util == nullptr) continue;
    for (std::size_t i = 0; i < util->values.size(); ++i) {
      const double start = i == 0 ? 0.0 : r.timeseries.times_s[i - 1];
      if (start + 1e-9 < r.warmup_s || util->values[i] < kSaturated) continue;
      saturated.push_back({s.name, start});
      break;
    }
  }
  // Within one sample, the deeper service is where the cascade started: its
  // callers saturate because they wait on it. Depth = calls from a client.
  std::map<std::string, int> depth;
  for (std::size_t round = 0; round < r.services.size() + 1; ++round) {
    for (const auto& e : r.edges) {
      const int from = e.from.rfind("clients.", 0) == 0 ? 0 : depth[e.from];
      depth[e.to] = std::max(depth[e.to], from + 1);
    }
  }
  std::stable_sort(saturated.begin(), saturated.end(), [&](const auto& a, const auto& b) {
    if (a.time_s != b.time_s) return a.time_s < b.time_s;
    return depth["services." + a.name] > depth["services." + b.name];
  });
  for (std::size_t i = 0; i < saturated.size(); ++i) {
    r.findings.push_back({"saturated", "services." + saturated[i].name, saturated[i].time_s, "utilization", kSaturated,
                          saturated[i].name + " saturated " + ordinal(i) + fmt(", at %.0f s", saturated[i].time_s)});
  }
  for (const auto& e : r.edges) {
    const std::string entity = "edges." + e.name;
    const double amplification = m.value(entity, "amplification");
    if (amplification < kAmplified) continue;
    r.findings.push_back({"amplification", entity, std::nan(""), "amplification", amplification,
                          e.name + fmt(" sent %.2f attempts per call (retries and hedges)", amplification)});
  }
  for (const auto& s : r.services) {
    const std::string entity = "services." + s.name;
    const double answered = m.value(entity, "completed") + m.value(entity, "errors");
    const double orphaned = m.value(entity, "orphaned");
    if (answered <= 0 || orphaned < kOrphanShare * answered) continue;
    r.findings.push_back({"orphaned", entity, std::nan(""), "orphaned", orphaned,
                          s.name + fmt(": %.0f%% of its work was done for callers who had given up", orphaned / answered * 100)});
  }
  for (const auto& s : r.services) {
    const std::string entity = "services." + s.name;
    const double duplicates = m.value(entity, "duplicates");
    if (duplicates == 0) continue;
    r.findings.push_back({"duplicates", entity, std::nan(""), "duplicates", duplicates,
                          s.name + fmt(": the side effect ran %.0f extra times (duplicates)", duplicates)});
  }
  // Verdict from the first client's goodput around the faults.
  r.verdict = Verdict{};
  bool fault_at_end = false;
  for (const auto& f : r.faults) fault_at_end = fault_at_end || f.end_s >= r.simulated_s - 1e-9;
  if (!r.clients.empty()) {
    const Recovery rec = recovery(r, 0);
    const std::string who = "clients." + r.clients[0].name;
    double last_end = 0;
    for (const auto& f : r.faults) last_end = std::max(last_end, f.end_s);
    if (rec.applicable && rec.recovered) {
      r.verdict = Verdict{"recovered", rec.seconds};
      r.findings.push_back({"recovered", who, last_end + rec.seconds, "goodput_per_s", rec.baseline_goodput * 0.9,
                            r.clients[0].name + fmt(" recovered %.0f s after the last fault ended (at %.0f s)", rec.seconds, last_end)});
    } else if (rec.applicable) {
      r.verdict = Verdict{"metastable", -1};
      r.findings.push_back({"metastable", who, last_end, "goodput_per_s", rec.baseline_goodput * 0.9,
                            "did not recover: metastable. " + r.clients[0].name +
                                fmt("'s goodput stayed below 90%% of its %.0f/s before the faults for the rest of the run", rec.baseline_goodput)});
    } else if (fault_at_end || !saturated.empty()) {
      r.verdict = Verdict{"degraded", -1};
    }
  }
}

}  // namespace faultline::analysis
