#pragma once
// What must hold for every run of every valid scenario: the summary's
// accounting, bounds and orderings, read from the JSON a user gets.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "faultline/metrics/run_result.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline::property {

struct Violation {
  std::string invariant;  // one of kInvariants
  std::string detail;     // entity and figures
};

/// Every invariant's name, in the order they are checked.
extern const std::vector<std::string> kInvariants;

/// Checks one run: `json` is report::format_json(result), parsed.
std::vector<Violation> check_invariants(const Spec& spec, const RunResult& result, const nlohmann::json& json);

}  // namespace faultline::property
