#pragma once
// [data-tier] Findings about autoscaling: how late the added replicas came,
// and a count that went up and down (flapping).
#include "faultline/metrics/run_result.hpp"

namespace faultline::analysis {

void autoscale_findings(RunResult& r);

}  // namespace faultline::analysis
