// The human-readable report: header, clients, services, edges, timeline, engine.
#include <sstream>

#include "faultline/report/report.hpp"
#include "format.hpp"
#include "text_table.hpp"
#include "timeline.hpp"

#ifndef FAULTLINE_VERSION
#define FAULTLINE_VERSION "dev"
#endif

namespace faultline::report {

namespace {

std::string clients_table(const RunResult& r) {
  TextTable t({"CLIENTS", "ops", "ok", "timeout", "error", "rejected", "in-flight", "attempts", "ampl", "goodput/s",
               "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms"});
  for (const auto& c : r.clients) {
    const auto& l = c.latency;
    t.add_row({c.name, thousands(c.operations), thousands(c.succeeded), thousands(c.failed_timeout),
               thousands(c.failed_error), thousands(c.failed_rejected), thousands(c.in_flight), thousands(c.attempts),
               fixed(c.amplification, 2), fixed(c.goodput_per_s, 1), fixed(l.p50_ms, 1), fixed(l.p90_ms, 1),
               fixed(l.p99_ms, 1), fixed(l.p999_ms, 1), fixed(l.max_ms, 1)});
  }
  return t.render();
}

std::string services_table(const RunResult& r) {
  bool policies = false;
  for (const auto& s : r.services) policies = policies || s.duplicates || s.expired || s.deduplicated;
  std::vector<std::string> headers = {"SERVICES", "arrivals",  "rejected",   "completed", "errors",
                                      "orphaned", "util %",    "cpu %",      "queue avg", "queue max",
                                      "wait ms",  "wait p99"};
  if (policies) headers.insert(headers.end(), {"duplicates", "expired", "deduped"});
  TextTable t(headers);
  for (const auto& s : r.services) {
    std::vector<std::string> row = {s.name,
                                    thousands(s.arrivals),
                                    thousands(s.rejected),
                                    thousands(s.completed),
                                    thousands(s.errors),
                                    thousands(s.orphaned),
                                    fixed(s.utilization * 100, 1),
                                    fixed(s.cpu_utilization * 100, 1),
                                    fixed(s.queue_length_mean, 1),
                                    thousands(static_cast<std::uint64_t>(s.queue_length_max)),
                                    fixed(s.queue_wait_mean_ms, 1),
                                    fixed(s.queue_wait_p99_ms, 1)};
    if (policies) row.insert(row.end(), {thousands(s.duplicates), thousands(s.expired), thousands(s.deduplicated)});
    t.add_row(row);
  }
  return t.render();
}

std::string edges_table(const RunResult& r) {
  TextTable t({"EDGES", "calls", "attempts", "retries", "hedges", "short-circ", "budget-denied", "throttled", "ampl"});
  for (const auto& e : r.edges) {
    t.add_row({e.name, thousands(e.calls), thousands(e.attempts), thousands(e.retries), thousands(e.hedges),
               thousands(e.short_circuited), thousands(e.budget_denied), thousands(e.throttled),
               fixed(e.amplification, 2)});
  }
  return t.render();
}

}  // namespace

std::string format_table(const RunResult& r, const TableOptions& options) {
  std::ostringstream out;
  out << "faultline " << FAULTLINE_VERSION << " · " << r.scenario << " · seed=" << r.seed << " · simulated "
      << fixed(r.simulated_s, 1) << " s";
  if (r.warmup_s > 0) out << " (warmup " << fixed(r.warmup_s, 1) << " s)";
  if (r.partial) out << " · PARTIAL (interrupted)";
  out << "\n\n" << clients_table(r) << "\n" << services_table(r);
  if (!r.edges.empty()) out << "\n" << edges_table(r);
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
