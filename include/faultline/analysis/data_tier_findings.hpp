#pragma once
// [data-tier] Findings about row locks and connection pools: workers held
// while their CPU idles ("db workers 100% busy, CPU 22%: waiting on row locks").
#include "faultline/metrics/registry.hpp"
#include "faultline/metrics/run_result.hpp"

namespace faultline::analysis {

/// Adds the lock and pool findings to result.findings (only where those figures exist).
void data_tier_findings(RunResult& result, const MetricRegistry& metrics);

}  // namespace faultline::analysis
