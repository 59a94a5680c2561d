// [data-tier] The HTML report's charts and tables for caches, queues,
// connection pools, row locks, replication, autoscaling and cost. Each part
// appears only when the run has that component; every figure is read from the
// metric registry (or the run's own series and decisions), never recomputed.
#include <sstream>

#include "format.hpp"
#include "html_parts.hpp"
#include "metric_table.hpp"

namespace faultline::report {

namespace {

// Tables over entities of a kind that have one figure (`present`): the
// service table shows every service, these only the ones with the component.
struct Part {
  MetricTable table;
  const char* present;  // a metric path only those entities have
  const char* note;     // one line under the table: how to read it
};

const Part kPools = {{"CONNECTION POOLS", "edges",
                      {{"size / replica", "pool.size"},
                       {"in use max", "pool.in_use_max"},
                       {"waiters max", "pool.waiters_max"},
                       {"wait ms", "pool.wait_ms.mean", Style::fixed1},
                       {"wait p99 ms", "pool.wait_ms.p99", Style::fixed1},
                       {"timeouts", "pool.timeouts"}}},
                     "pool.size",
                     "size per caller replica; in use and waiters are peaks summed over the caller's replicas; a worker waiting for a connection holds its slot"};
const Part kLocks = {{"ROW LOCKS", "services",
                      {{"lock waits", "lock_waits"},
                       {"lock timeouts", "lock_timeouts"},
                       {"wait ms", "lock_wait_ms.mean", Style::fixed1},
                       {"wait p99 ms", "lock_wait_ms.p99", Style::fixed1},
                       {"util %", "utilization", Style::percent1},
                       {"cpu %", "cpu_utilization", Style::percent1}}},
                     "lock_waits",
                     "a worker waiting for a row lock is busy but idle: utilization high, CPU low"};
const Part kReplication = {{"REPLICATION", "services",
                            {{"reads", "reads"},
                             {"stale reads", "stale_reads"},
                             {"stale %", "stale_read_share", Style::percent1}}},
                           "reads",
                           "reads on the read replicas; stale: a write of the key had not reached the replica yet"};
const Part kAutoscaling = {{"AUTOSCALING", "services",
                            {{"replicas", "replicas"},
                             {"replicas max", "replicas_max"},
                             {"replica-s", "replica_seconds", Style::fixed1},
                             {"changes", "scale_changes"}}},
                           "replicas",
                           "replicas at the end (starting or serving), the most at once, replica-seconds billed"};

/// A registry table with only the rows that have `present`.
std::string table_where(const MetricTable& table, const MetricRegistry& m, const std::string& present) {
  std::ostringstream out;
  out << "<table><tr><th>" << escape_html(table.title) << "</th>";
  for (const auto& c : table.columns) out << "<th>" << escape_html(c.header) << "</th>";
  out << "</tr>";
  for (const auto& [entity, name] : entities(m, table.kind)) {
    if (m.find(entity, present) == nullptr) continue;
    out << "<tr><td>" << escape_html(name) << "</td>";
    for (const auto& c : table.columns) out << "<td>" << cell(m, entity, c) << "</td>";
    out << "</tr>";
  }
  out << "</table>";
  return out.str();
}

bool any_with(const MetricRegistry& m, const std::string& kind, const std::string& present) {
  for (const auto& [entity, name] : entities(m, kind)) {
    if (m.find(entity, present) != nullptr) return true;
  }
  return false;
}

std::string part(const Part& p, const MetricRegistry& m) {
  if (!any_with(m, p.table.kind, p.present)) return "";
  return table_where(p.table, m, p.present) + "<p class=\"note\">" + escape_html(p.note) + "</p>\n";
}

/// The autoscaler's decisions in time order (the first 40; the count of the rest).
std::string decisions(const RunResult& r) {
  if (r.scale_events.empty()) return "";
  constexpr std::size_t kShown = 40;
  std::ostringstream out;
  out << "<table><tr><th>DECISIONS</th><th>at s</th><th>replicas</th><th>first new one serving at s</th></tr>";
  for (std::size_t i = 0; i < r.scale_events.size() && i < kShown; ++i) {
    const ScaleEvent& e = r.scale_events[i];
    out << "<tr><td>" << escape_html(e.service) << "</td><td>" << fixed(e.at_s, 1) << "</td><td>" << e.from << " → "
        << e.to << "</td><td>"
        << (e.to <= e.from ? std::string("") : e.first_ready_s < 0 ? std::string("never") : fixed(e.first_ready_s, 1))
        << "</td></tr>";
  }
  out << "</table>";
  if (r.scale_events.size() > kShown) {
    out << "<p class=\"note\">and " << r.scale_events.size() - kShown << " more decisions</p>";
  }
  return out.str() + "\n";
}

}  // namespace

std::string data_tier_charts(const LineSource& lines_of, const std::vector<double>& t,
                             const std::vector<FaultWindow>& faults) {
  std::ostringstream out;
  auto add = [&](const std::string& title, const std::string& prefix, const std::string& metric, const std::string& unit) {
    const auto lines = lines_of(prefix, metric);
    if (!lines.empty()) out << chart(title, t, lines, faults, unit);
  };
  add("cache hit ratio", "caches.", "hit_ratio", "share of reads");
  add("cache entries", "caches.", "size", "entries");
  add("queue depth", "queues.", "depth", "messages");
  add("oldest message", "queues.", "oldest_age_ms", "ms");
  add("connections in use", "edges.", "pool_in_use", "connections");
  add("waiting for a connection", "edges.", "pool_waiters", "requests");
  add("waiting for a row lock", "services.", "locks_waiting", "requests");
  add("stale reads", "services.", "stale_read_share", "share of reads");
  // Replicas starting or serving, and those serving (the gap is the provision delay).
  auto replicas = lines_of("services.", "replicas");
  const auto serving = lines_of("services.", "replicas_serving");
  for (const Line& l : serving) replicas.push_back({l.label + " serving", l.values, l.low, l.high});
  if (!replicas.empty()) out << chart("replicas", t, replicas, faults, "starting or serving");
  return out.str();
}

std::string data_tier_charts(const RunResult& r) {
  const LineSource run_lines = [&r](const std::string& prefix, const std::string& metric) {
    return lines_for(r, prefix, metric, true);
  };
  return data_tier_charts(run_lines, r.timeseries.times_s, r.faults);
}

std::string data_tier_tables(const RunResult& r, const MetricRegistry& m) {
  std::ostringstream out;
  if (!r.caches.empty()) {
    out << render_html(kCacheTable, m)
        << "<p class=\"note\">reads = hits + misses; misses = backend calls + coalesced; size and filling at the end</p>\n";
  }
  if (!r.queues.empty()) {
    out << render_html(kQueueTable, m)
        << "<p class=\"note\">counts over the summary window; depth and oldest at the end; e2e: publish to "
           "acknowledgement</p>\n";
  }
  out << part(kPools, m) << part(kLocks, m) << part(kReplication, m) << part(kAutoscaling, m) << decisions(r);
  if (m.find("cost.total") != nullptr) {
    out << render_html(kCostTable, m) << "<p class=\"note\">total <b>$" << fixed(m.value("cost", "total"), 2)
        << "</b>, $" << fixed(m.value("cost", "per_million_succeeded"), 2) << " per million succeeded operations</p>\n";
  }
  const std::string body = out.str();
  return body.empty() ? "" : "\n<h2>Data tier</h2>\n" + body;
}

}  // namespace faultline::report
