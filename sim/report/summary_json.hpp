#pragma once
// The summary as an ordered JSON tree: the single source of the JSON and CSV outputs.
#include <nlohmann/json.hpp>

#include "faultline/metrics/run_result.hpp"

namespace faultline::report {

nlohmann::ordered_json summary_tree(const RunResult& result);

}  // namespace faultline::report
