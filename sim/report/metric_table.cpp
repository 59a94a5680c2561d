#include "metric_table.hpp"

#include <cmath>
#include <sstream>

#include "format.hpp"
#include "text_table.hpp"

namespace faultline::report {

const MetricTable kClientTable = {"CLIENTS", "clients",
                              {{"ops", "operations"},
                               {"ok", "succeeded"},
                               {"timeout", "failed.timeout"},
                               {"error", "failed.error"},
                               {"rejected", "failed.rejected"},
                              // The policies' reasons: a column each, where one occurred.
                              {"short-circ", "failed.short_circuited", Style::count, 1},
                              {"throttled", "failed.throttled", Style::count, 2},
                              {"deadline", "failed.deadline", Style::count, 3},
                               {"in-flight", "in_flight"},
                               {"attempts", "attempts"},
                               {"ampl", "amplification", Style::fixed2},
                               {"goodput/s", "goodput_per_s", Style::fixed1},
                               {"p50 ms", "latency_ms.p50", Style::fixed1},
                               {"p90 ms", "latency_ms.p90", Style::fixed1},
                               {"p99 ms", "latency_ms.p99", Style::fixed1},
                               {"p99.9 ms", "latency_ms.p999", Style::fixed1},
                               {"max ms", "latency_ms.max", Style::fixed1}}};

// The policy columns appear together, when any of them is not zero.
const MetricTable kServiceTable = {"SERVICES", "services",
                               {{"arrivals", "arrivals"},
                                {"rejected", "rejected"},
                                {"completed", "completed"},
                                {"errors", "errors"},
                                {"orphaned", "orphaned"},
                                {"util %", "utilization", Style::percent1},
                                {"cpu %", "cpu_utilization", Style::percent1},
                                {"queue avg", "queue_length.mean", Style::fixed1},
                                {"queue max", "queue_length.max"},
                                {"wait ms", "queue_wait_ms.mean", Style::fixed1},
                                {"wait p99", "queue_wait_ms.p99", Style::fixed1},
                                {"duplicates", "duplicates", Style::count, 1},
                                {"expired", "expired", Style::count, 1},
                                {"deduped", "deduplicated", Style::count, 1},
                                // [data-tier] admission: only services that have it report shed.
                                {"shed", "shed", Style::count, 4}}};

// [data-tier] `cost:`, one row per service.
const MetricTable kCostTable = {"COST", "cost.by_service",
                                {{"replica-h", "replica_hours", Style::fixed2},
                                 {"requests", "requests"},
                                 {"cost $", "cost", Style::fixed2}}};

// [data-tier] `queues:`, one row per queue.
const MetricTable kQueueTable = {"QUEUES", "queues",
                                 {{"published", "published"},
                                  {"rejected", "rejected"},
                                  {"deliveries", "deliveries"},
                                  {"redelivered", "redeliveries"},
                                  {"acked", "acknowledged"},
                                  {"dup-done", "duplicate_completions"},
                                  {"dead-letter", "dead_lettered"},
                                  {"lost", "lost"},
                                  {"depth", "depth"},
                                  {"depth max", "depth_max"},
                                  {"oldest ms", "oldest_age_ms", Style::fixed1},
                                  {"e2e ms", "end_to_end_ms.mean", Style::fixed1},
                                  {"e2e p99", "end_to_end_ms.p99", Style::fixed1}}};

const MetricTable kEdgeTable = {"EDGES", "edges",
                            {{"calls", "calls"},
                             {"attempts", "attempts"},
                             {"retries", "retries"},
                             {"hedges", "hedges"},
                             {"short-circ", "short_circuited"},
                             {"budget-denied", "budget_denied"},
                             {"throttled", "throttled"},
                             {"ampl", "amplification", Style::fixed2}}};


std::vector<std::pair<std::string, std::string>> entities(const MetricRegistry& m, const std::string& kind) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::string prefix = kind + ".";
  for (const auto& metric : m.all()) {
    if (metric.entity.rfind(prefix, 0) != 0 || (!out.empty() && out.back().first == metric.entity)) continue;
    out.emplace_back(metric.entity, metric.entity.substr(prefix.size()));
  }
  return out;
}

std::string cell(const MetricRegistry& m, const std::string& entity, const Column& column) {
  const double v = m.value(entity, column.path);
  if (std::isnan(v)) return "-";  // not reported for this entity (shed without admission)
  switch (column.style) {
    case Style::count: return thousands(static_cast<std::uint64_t>(v));
    case Style::fixed1: return fixed(v, 1);
    case Style::fixed2: return fixed(v, 2);
    case Style::percent1: return fixed(v * 100, 1);
  }
  return "";
}

std::vector<Column> shown(const MetricTable& table, const MetricRegistry& m) {
  const auto rows = entities(m, table.kind);
  std::vector<Column> out;
  for (const auto& c : table.columns) {
    bool show = c.group == 0;
    for (const auto& other : table.columns) {
      if (show || other.group != c.group) continue;
      for (const auto& row : rows) {
        const double v = m.value(row.first, other.path);
        show = show || (v != 0 && !std::isnan(v));  // NaN: not reported there
      }
    }
    if (show) out.push_back(c);
  }
  return out;
}

std::string render_text(const MetricTable& table, const MetricRegistry& m) {
  const auto columns = shown(table, m);
  std::vector<std::string> headers = {table.title};
  for (const auto& c : columns) headers.push_back(c.header);
  TextTable t(headers);
  for (const auto& [entity, name] : entities(m, table.kind)) {
    std::vector<std::string> row = {name};
    for (const auto& c : columns) row.push_back(cell(m, entity, c));
    t.add_row(std::move(row));
  }
  return t.render();
}

std::string escape_html(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string render_html(const MetricTable& table, const MetricRegistry& m) {
  const auto columns = shown(table, m);
  std::ostringstream out;
  out << "<table><tr><th>" << escape_html(table.title) << "</th>";
  for (const auto& c : columns) out << "<th>" << escape_html(c.header) << "</th>";
  out << "</tr>";
  for (const auto& [entity, name] : entities(m, table.kind)) {
    out << "<tr><td>" << escape_html(name) << "</td>";
    for (const auto& c : columns) out << "<td>" << cell(m, entity, c) << "</td>";
    out << "</tr>";
  }
  out << "</table>";
  return out.str();
}

}  // namespace faultline::report
