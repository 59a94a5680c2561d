// [data-tier] Findings about queues: a backlog that grew ("queue depth grew for
// 40 s; oldest message 38 s old"), messages dead-lettered, messages lost.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "faultline/metrics/run_result.hpp"

namespace faultline::analysis {

namespace {
constexpr double kGrowthSeconds = 5;   // a backlog growing at least this long is worth a finding
constexpr double kGrowthMessages = 10; // ... and by at least this many messages

std::string text(const char* format, double a, double b = 0, double c = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, format, a, b, c);
  return buf;
}
}  // namespace

void queue_findings(RunResult& r) {
  const auto& times = r.timeseries.times_s;
  for (const QueueSummary& q : r.queues) {
    const std::string entity = "queues." + q.name;
    const Series* depth = r.timeseries.find(entity, "depth");
    const Series* age = r.timeseries.find(entity, "oldest_age_ms");
    if (depth != nullptr && !depth->values.empty()) {
      // The longest stretch of samples over which depth never fell, from its last low point.
      const auto& v = depth->values;
      std::size_t best_from = 0, best_to = 0, from = 0;
      for (std::size_t i = 1; i < v.size() && i < times.size(); ++i) {
        // Growth restarts where depth fell; a plateau at the low point is not growth yet.
        if (v[i] < v[i - 1] || v[i] == v[from]) from = i;
        if (v[i] - v[from] >= kGrowthMessages && times[i] - times[from] > times[best_to] - times[best_from]) {
          best_from = from;
          best_to = i;
        }
      }
      const double grew_s = times[best_to] - times[best_from];
      if (best_to > best_from && grew_s >= kGrowthSeconds) {
        double oldest_ms = 0;
        for (std::size_t i = 0; age != nullptr && i < age->values.size(); ++i) {
          if (!std::isnan(age->values[i])) oldest_ms = std::max(oldest_ms, age->values[i]);
        }
        r.findings.push_back({"queue_backlog", entity, times[best_from], "depth", v[best_to],
                              q.name + text(": queue depth grew for %.0f s (from %.0f s, to %.0f messages)", grew_s,
                                            times[best_from], v[best_to]) +
                                  text("; oldest message %.0f s old", oldest_ms / 1000)});
      }
    }
    if (q.dead_lettered > 0) {
      r.findings.push_back({"dead_lettered", entity, std::nan(""), "dead_lettered", static_cast<double>(q.dead_lettered),
                            q.name + text(": %.0f messages went to the dead-letter queue (%.0f redeliveries)",
                                          static_cast<double>(q.dead_lettered), static_cast<double>(q.redeliveries))});
    }
    if (q.lost > 0) {
      r.findings.push_back({"lost", entity, std::nan(""), "lost", static_cast<double>(q.lost),
                            q.name + text(": %.0f messages lost (at_most_once: their one delivery failed)",
                                          static_cast<double>(q.lost))});
    }
  }
}

}  // namespace faultline::analysis
