#pragma once
// `expect:` checked against a run (`faultline run --check`).
#include <string>
#include <vector>

#include "faultline/metrics/run_result.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline::analysis {

struct ExpectationResult {
  std::string text;    // as written: "clients.web.goodput_per_s >= 750/s after 90s"
  double actual = 0;   // NaN when the metric does not exist or has no data
  bool held = false;
  std::string problem; // why it could not be evaluated, if so
};

std::vector<ExpectationResult> check(const Spec& spec, const RunResult& result);

}  // namespace faultline::analysis
