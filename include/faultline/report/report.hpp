#pragma once
// Turning a RunResult into what people and programs read.
#include <string>
#include <vector>

#include "faultline/metrics/run_result.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline::report {

struct TableOptions {
  bool timeline = true;   // sparkline rows under the tables
  int timeline_width = 60;
  bool color = false;     // ANSI colour for fault windows (terminals only)
};

/// Aligned tables per client and per service, then the compact timeline.
std::string format_table(const RunResult& result, const TableOptions& options = {});
/// The JSON object of the output contract (shared/design/scenario-format.md), one line + '\n'.
std::string format_json(const RunResult& result);
/// The summary as long-form CSV: header "entity,metric,value", one row per figure.
std::string format_summary_csv(const RunResult& result);
/// The time series as long-form CSV: header "time_s,entity,metric,value".
std::string format_timeseries_csv(const RunResult& result);
/// One self-contained HTML page (inline CSS and SVG, no scripts, no network).
std::string format_html(const RunResult& result);
/// The comparison page: a ready-made table (HTML) and runs whose series are named "ENTITY [variant]".
std::string format_compare_html(const std::string& scenario, const std::vector<std::string>& variants,
                                std::size_t seeds, const std::string& table_html, const RunResult& overlay);
/// `faultline describe`: the scenario in words (name, description, services,
/// clients, retry policies, faults as a timeline).
std::string describe(const Spec& spec);

}  // namespace faultline::report
