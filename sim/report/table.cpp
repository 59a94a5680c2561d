// The human-readable report: header, clients, services, edges, timeline, engine.
#include <sstream>

#include "faultline/report/report.hpp"
#include "format.hpp"
#include "metric_table.hpp"
#include "timeline.hpp"

#ifndef FAULTLINE_VERSION
#define FAULTLINE_VERSION "dev"
#endif

namespace faultline::report {

std::string format_table(const RunResult& r, const TableOptions& options) {
  std::ostringstream out;
  out << "faultline " << FAULTLINE_VERSION << " · " << r.scenario << " · seed=" << r.seed << " · simulated "
      << fixed(r.simulated_s, 1) << " s";
  if (r.warmup_s > 0) out << " (warmup " << fixed(r.warmup_s, 1) << " s)";
  if (r.partial) out << (r.stop_reason.empty() ? " · PARTIAL (interrupted)" : " · PARTIAL (halted: " + r.stop_reason + ")");
  const auto metrics = registry(r);
  out << "\n\n" << render_text(kClientTable, *metrics) << "\n" << render_text(kServiceTable, *metrics);
  if (!r.edges.empty()) out << "\n" << render_text(kEdgeTable, *metrics);
  if (!r.queues.empty()) out << "\n" << render_text(kQueueTable, *metrics);  // [data-tier]
  if (metrics->find("cost.total") != nullptr) {  // [data-tier] the scenario has `cost:`
    out << "\n" << render_text(kCostTable, *metrics) << "total $" << fixed(metrics->value("cost", "total"), 2) << ", $"
        << fixed(metrics->value("cost", "per_million_succeeded"), 2) << " per million succeeded\n";
  }
  if (options.timeline && !r.timeseries.times_s.empty()) out << "\n" << timeline(r, options);
  if (!r.findings.empty() || r.verdict.state != "healthy") {
    out << "\nWHAT HAPPENED  (verdict: " << r.verdict.state;
    if (r.verdict.recovery_s >= 0) out << ", recovered " << fixed(r.verdict.recovery_s, 0) << " s after the faults";
    out << ")\n";
    for (const auto& f : r.findings) out << "  - " << f.text << "\n";
  }
  out << "\n"
      << thousands(r.engine.events) << " events in " << fixed(r.engine.wall_s, 2) << " s ("
      << fixed(r.engine.events_per_s / 1e6, 1) << " M events/s)\n";
  return out.str();
}

}  // namespace faultline::report
