#include "faultline/analysis/data_tier_findings.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace faultline::analysis {

namespace {
constexpr double kBusy = 0.95;      // utilization that counts as all workers held
constexpr double kIdleShare = 0.6;  // CPU below this share of utilization: the workers mostly wait

struct Idle {
  bool found = false;
  double time_s = 0, utilization = 0, cpu = 0;
};

/// The first sample where the service's workers are all held but mostly not working.
Idle first_idle_busy(const RunResult& r, const std::string& entity) {
  const Series* util = r.timeseries.find(entity, "utilization");
  const Series* cpu = r.timeseries.find(entity, "cpu_utilization");
  Idle out;
  if (util == nullptr || cpu == nullptr) return out;
  for (std::size_t i = 0; i < util->values.size() && i < cpu->values.size(); ++i) {
    const double u = util->values[i], c = cpu->values[i];
    if (std::isnan(u) || std::isnan(c) || u < kBusy || c > kIdleShare * u) continue;
    out = {true, i == 0 ? 0.0 : r.timeseries.times_s[i - 1], u, c};
    return out;
  }
  return out;
}

std::string text(const char* format, double a, double b, double c, double d) {
  char buf[320];
  std::snprintf(buf, sizeof buf, format, a, b, c, d);
  return buf;
}
}  // namespace

void data_tier_findings(RunResult& r, const MetricRegistry& m) {
  for (const ServiceSummary& s : r.services) {
    if (!s.locks || s.lock_waits == 0) continue;
    const std::string entity = "services." + s.name;
    const Idle idle = first_idle_busy(r, entity);
    if (!idle.found) continue;
    r.findings.push_back(
        {"lock_contention", entity, idle.time_s, "lock_wait_ms.p99", m.value(entity, "lock_wait_ms.p99"),
         s.name + text(" workers %.0f%% busy, CPU %.0f%%: waiting on row locks (from %.0f s; lock wait p99 %.0f ms)",
                       idle.utilization * 100, idle.cpu * 100, idle.time_s, s.lock_wait_p99_ms)});
  }
  for (const EdgeSummary& e : r.edges) {
    if (!e.pool || (e.pool_waiters_max == 0 && e.pool_timeouts == 0)) continue;
    const Idle idle = first_idle_busy(r, e.from);
    if (!idle.found) continue;
    const std::string caller = e.from.substr(e.from.find('.') + 1), callee = e.to.substr(e.to.find('.') + 1);
    r.findings.push_back(
        {"pool_exhausted", "edges." + e.name, idle.time_s, "pool.timeouts", static_cast<double>(e.pool_timeouts),
         caller + text(" workers %.0f%% busy, CPU %.0f%%: waiting for connections (from %.0f s; pool of %.0f per replica",
                       idle.utilization * 100, idle.cpu * 100, idle.time_s, static_cast<double>(e.pool_size)) +
             " to " + callee + text(", %.0f waits timed out)", static_cast<double>(e.pool_timeouts), 0, 0, 0)});
  }
}

}  // namespace faultline::analysis
