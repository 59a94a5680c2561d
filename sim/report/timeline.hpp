#pragma once
// The compact timeline under the tables: one sparkline row per client
// (goodput, p99) and per service (queue length, utilization), fault windows
// marked underneath, so a storm is visible at a glance in a terminal.
#include <string>
#include <vector>

#include "faultline/metrics/run_result.hpp"
#include "faultline/report/report.hpp"

namespace faultline::report {

/// Averages `values` into `columns` buckets (NaN samples ignored; NaN when none).
std::vector<double> resample(const std::vector<double>& values, int columns);
/// ▁▂▃▄▅▆▇█ scaled 0..max; blank for 0 or no data.
std::string sparkline(const std::vector<double>& columns, double max);
std::string timeline(const RunResult& result, const TableOptions& options);

}  // namespace faultline::report
