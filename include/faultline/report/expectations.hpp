#pragma once
// Expectation results as people and programs read them (`run --check`, `compare --check`).
#include <string>
#include <vector>

#include "faultline/analysis/compare.hpp"
#include "faultline/analysis/expectations.hpp"
#include "faultline/metrics/run_result.hpp"

namespace faultline::report {

/// The run's JSON with an "expectations" list added.
std::string format_json(const RunResult& result, const std::vector<analysis::ExpectationResult>& checks);
/// "EXPECTATIONS (seed=N)" and one line per expectation: ok or FAILED, with the actual value.
std::string format_expectations(std::uint64_t seed, const std::vector<analysis::ExpectationResult>& checks);
/// "EXPECTATIONS: k of n held" and the failures of a comparison.
std::string format_expectations(const analysis::Comparison& c);

}  // namespace faultline::report
