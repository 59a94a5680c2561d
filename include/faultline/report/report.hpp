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
/// One series over many seeds: the mean and the band from the lowest to the highest.
struct SeriesBand {
  std::string entity;   // "clients.web [variant]"
  std::string metric;
  std::vector<double> mean, low, high;
};
/// The comparison page: ready-made sections (HTML), then charts of the variants' bands.
/// `shape` gives the sample times, the faults and the description (any run of the comparison).
std::string format_compare_html(const std::string& scenario, const std::vector<std::string>& variants,
                                std::size_t seeds, const std::string& body_html, const RunResult* shape,
                                const std::vector<SeriesBand>& bands);
/// `faultline describe`: the scenario in words (name, description, services,
/// clients, retry policies, faults as a timeline).
std::string describe(const Spec& spec);

}  // namespace faultline::report
