#pragma once
// "What happened": findings backed by a metric and a time, and a verdict.
#include "faultline/metrics/run_result.hpp"

namespace faultline::analysis {

/// Fills result.findings and result.verdict from the summary and time series.
void find(RunResult& result);

}  // namespace faultline::analysis
