#pragma once
// [data-tier] Findings about caches: "cache hit ratio fell from 0.94 to 0.12 at
// 30 s (flush)", from each cache's hit_ratio time series.
#include "faultline/metrics/run_result.hpp"

namespace faultline::analysis {

/// Appends one finding per cache whose hit ratio fell by at least 0.2 between
/// the few samples before a moment and the few after it: at each flush of that
/// cache, else at the steepest fall of the run.
void find_caches(RunResult& result);

}  // namespace faultline::analysis
