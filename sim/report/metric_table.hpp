#pragma once
// Tables of registry figures, one row per entity of a kind: the columns say
// which metric and how to print it; the table and the HTML report share them.
#include <string>
#include <vector>

#include "faultline/metrics/registry.hpp"

namespace faultline::report {

enum class Style { count, fixed1, fixed2, percent1 };

struct Column {
  std::string header;
  std::string path;   // metric path inside the entity: "latency_ms.p99"
  Style style = Style::count;
  int group = 0;      // 0: always shown; otherwise shown when any figure of the group is not zero
};

/// One entity kind's figures: a title ("CLIENTS") and its columns.
struct MetricTable {
  std::string title;
  std::string kind;   // "clients", "services", "edges"
  std::vector<Column> columns;
};

/// The summary tables of the text report and the HTML report.
extern const MetricTable kClientTable, kServiceTable, kEdgeTable, kCostTable;
extern const MetricTable kQueueTable;  // [data-tier]

/// The entities of a kind in output order: ("clients.web", "web"), ...
std::vector<std::pair<std::string, std::string>> entities(const MetricRegistry& m, const std::string& kind);
/// One cell as people read it: 12,345 / 0.42 / 37.5.
std::string cell(const MetricRegistry& m, const std::string& entity, const Column& column);
/// The columns shown for these figures (optional groups with only zeros left out).
std::vector<Column> shown(const MetricTable& table, const MetricRegistry& m);
/// An aligned text table.
std::string render_text(const MetricTable& table, const MetricRegistry& m);
/// An HTML <table> (cells escaped).
std::string render_html(const MetricTable& table, const MetricRegistry& m);
/// HTML-escapes &, <, >, ".
std::string escape_html(const std::string& s);

}  // namespace faultline::report
