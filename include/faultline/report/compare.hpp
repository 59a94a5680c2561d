#pragma once
// `faultline compare` output: the table, JSON, tidy CSV and the HTML page.
#include <string>

#include "faultline/analysis/compare.hpp"

namespace faultline::report {

std::string format_comparison_table(const analysis::Comparison& c);
std::string format_comparison_json(const analysis::Comparison& c);
/// One self-contained HTML page: the comparison table and the variants' time series overlaid.
std::string format_comparison_html(const analysis::Comparison& c);
/// Tidy CSV: metric,client,variant,seed,value.
std::string format_comparison_csv(const analysis::Comparison& c);

}  // namespace faultline::report
