#include "faultline/analysis/findings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "faultline/analysis/data_tier_findings.hpp"
#include "faultline/analysis/cache_findings.hpp"
#include "faultline/analysis/recovery.hpp"
#include "autoscale_findings.hpp"
#include "faultline/metrics/registry.hpp"

namespace faultline::analysis {

void queue_findings(RunResult& r);  // [data-tier] queue_findings.cpp

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
    const std::string entity = "services." + s.name;
    const Series* util = r.timeseries.find(entity, "utilization");
    if (util == nullptr) continue;
    // Utilization is a share of the configured workers; a capacity fault leaves
    // fewer, and saturation counts against those available at that moment.
    const Series* available = r.timeseries.find(entity, "workers_available");
    double configured = 0;
    if (available != nullptr) {
      for (double w : available->values) configured = std::isnan(w) ? configured : std::max(configured, w);
    }
    for (std::size_t i = 0; i < util->values.size(); ++i) {
      double u = util->values[i];
      if (available != nullptr && i < available->values.size() && available->values[i] > 0 && configured > 0) {
        u *= configured / available->values[i];
      }
      if (std::isnan(u) || u < kSaturated) continue;  // the whole run: the warmup does not hide a saturation
      saturated.push_back({s.name, i == 0 ? 0.0 : r.timeseries.times_s[i - 1]});
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
  queue_findings(r);  // [data-tier] nothing without queues
  data_tier_findings(r, m);  // [data-tier] row locks, connection pools
  find_caches(r);  // [data-tier]
  autoscale_findings(r);  // [data-tier]
  // Verdict from the first client's goodput around the faults (analysis/recovery.hpp).
  r.verdict = Verdict{};
  if (r.clients.empty() || r.faults.empty()) {
    if (!saturated.empty()) r.verdict = Verdict{"degraded", -1};
    return;
  }
  const Recovery rec = recovery(r, 0);
  const std::string& name = r.clients[0].name;
  const std::string who = "clients." + name;
  double first_start = 1e300, last_end = 0;
  for (const auto& f : r.faults) {
    first_start = std::min(first_start, f.start_s);
    last_end = std::max(last_end, f.end_s);
  }
  const std::string against = rec.baseline_from == "the offered load"
                                  ? fmt(" against the offered load of %.0f/s (the faults began at the start: no level before them)", rec.baseline_goodput)
                                  : "";
  if (rec.applicable && !rec.affected) {
    r.verdict = Verdict{"healthy", -1};  // the faults had no measurable effect on goodput
    if (!saturated.empty()) r.verdict = Verdict{"degraded", -1};
  } else if (rec.applicable && rec.recovered) {
    r.verdict = Verdict{"recovered", rec.seconds};
    r.findings.push_back({"recovered", who, last_end + rec.seconds, "goodput_per_s", rec.threshold,
                          name + fmt(" recovered %.0f s after the last fault ended (at %.0f s)", rec.seconds, last_end) + against});
  } else if (rec.applicable) {
    r.verdict = Verdict{"metastable", -1};
    r.findings.push_back({"metastable", who, last_end, "goodput_per_s", rec.threshold,
                          "did not recover: metastable. " + name +
                              fmt("'s goodput stayed below %.0f/s (its level %.0f/s", rec.threshold, rec.baseline_goodput) +
                              (against.empty() ? " before the faults" : ", the offered load") +
                              ", less the noise) from the faults to the end of the run"});
  } else {
    // Faults until the end (or too close to it): no "after" to judge recovery by.
    r.verdict = Verdict{"degraded", -1};
    const Series* good = r.timeseries.find(who, "goodput_per_s");
    double during = 0;
    int n = 0;
    for (std::size_t i = 0; good != nullptr && i < good->values.size() && i < r.timeseries.times_s.size(); ++i) {
      const double start = i == 0 ? 0.0 : r.timeseries.times_s[i - 1];
      if (start + 1e-9 >= first_start && start + 1e-9 < last_end && !std::isnan(good->values[i])) {
        during += good->values[i];
        ++n;
      }
    }
    r.findings.push_back({"degraded", who, std::nan(""), "goodput_per_s", n ? during / n : std::nan(""),
                          name + fmt(rec.affected ? ": goodput fell to %.0f/s during the faults, against %.0f/s "
                                                  : ": goodput held at %.0f/s during the faults (%.0f/s ",
                                     n ? during / n : 0.0, rec.baseline_goodput) +
                              rec.baseline_from + (rec.affected ? "" : ")") +
                              "; the faults lasted until the end of the run (or too close to it), so recovery cannot be judged"});
  }
}

}  // namespace faultline::analysis
