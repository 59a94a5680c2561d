#pragma once
// `compare --stress`: a battery of standard faults on a scenario's dependencies
// (docs/stress.md), so that a policy is judged on a bad day, not only a good one.
#include <string>
#include <vector>

#include "faultline/scenario/spec.hpp"

namespace faultline::analysis {

struct StressCase {
  std::string name;         // "latency x3", "error burst", "outage", "half capacity"
  std::string description;  // what it does, for the report
};

/// The battery, in order.
const std::vector<StressCase>& stress_battery();
/// The services that other services call (a client's target when none is called).
std::vector<int> dependencies(const Spec& spec);
/// The spec with its own faults replaced by case `index` of the battery on every
/// dependency: from a quarter of the run, for a twelfth of it (5 s to 30 s).
Spec under_stress(const Spec& spec, std::size_t index);

}  // namespace faultline::analysis
