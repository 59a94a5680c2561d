#pragma once
// An `expect:` on a summary figure names a metric the run reports: checked at
// load against the metric registry's names, with "did you mean".
#include <string>

#include "reader.hpp"

namespace faultline::scenario {

/// Adds an error at `at` when `metric` ("latency_ms.p99") is not a summary figure of `kind` ("clients").
void check_summary_metric(Reader& r, const YAML::Node& at, const std::string& path, const std::string& kind,
                          const std::string& metric);

}  // namespace faultline::scenario
