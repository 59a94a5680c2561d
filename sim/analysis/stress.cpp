#include "faultline/analysis/stress.hpp"

#include <algorithm>


namespace faultline::analysis {

const std::vector<StressCase>& stress_battery() {
  static const std::vector<StressCase> cases = {
      {"latency x3", "every dependency answers 3 times slower"},
      {"error burst", "every dependency fails half of its requests"},
      {"outage", "every dependency refuses all requests"},
      {"half capacity", "every dependency loses half of its workers"},
  };
  return cases;
}

std::vector<int> dependencies(const Spec& spec) {
  std::vector<int> out;
  for (const auto& s : spec.services) {
    for (const auto& c : s.calls) {
      if (c.service < 0) continue;  // [data-tier] a publish
      if (std::find(out.begin(), out.end(), c.service) == out.end()) out.push_back(c.service);
    }
  }
  if (out.empty()) {
    for (const auto& c : spec.clients) {
      if (c.target < 0) continue;  // [data-tier] a publish to a queue
      if (std::find(out.begin(), out.end(), c.target) == out.end()) out.push_back(c.target);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Spec under_stress(const Spec& spec, std::size_t index) {
  Spec out = spec;
  out.faults.clear();
  const Duration length = spec.simulation.duration;
  const Duration at = Duration::s(length.seconds() / 4);
  const Duration window = Duration::s(std::clamp(length.seconds() / 12, 5.0, 30.0));
  for (const int d : dependencies(spec)) {
    FaultSpec f;
    f.target = d;
    f.at = at;
    f.duration = window;
    switch (index) {
      case 0:
        f.kind = FaultSpec::Kind::latency;
        f.multiply = 3;
        break;
      case 1:
        f.kind = FaultSpec::Kind::errors;
        f.probability = 0.5;
        break;
      case 2:
        f.kind = FaultSpec::Kind::outage;
        f.mode = FaultSpec::OutageMode::refuse;
        break;
      default:
        f.kind = FaultSpec::Kind::capacity;
        f.workers = std::max(1, spec.services[static_cast<std::size_t>(d)].workers / 2);
        break;
    }
    out.faults.push_back(f);
  }
  return out;
}

}  // namespace faultline::analysis
