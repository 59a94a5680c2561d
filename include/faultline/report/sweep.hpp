#pragma once
// `faultline sweep` and `merge` output: runs.csv, summary.csv and the table.
#include <string>

#include "faultline/analysis/sweep.hpp"

namespace faultline::report {

std::string write_runs_csv(const analysis::SweepTable& t);
/// One row per combination: parameters, runs, then mean and ci95 of every numeric metric.
std::string write_summary_csv(const analysis::SweepSummary& s);
/// A readable table per combination of the main figures.
std::string format_sweep_table(const analysis::SweepSummary& s);

}  // namespace faultline::report
