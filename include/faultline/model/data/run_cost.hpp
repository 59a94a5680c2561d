#pragma once
// A run's `cost:` summary from its spec and results: replica-hours over
// [warmup, duration) (each service's fixed replicas until autoscaling bills its
// own), requests = arrivals in that window, per million client successes.
#include "faultline/metrics/run_result.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline::data {

CostResult run_cost(const Spec& spec, const RunResult& result);

}  // namespace faultline::data
