#pragma once
// Random small valid scenarios, as YAML text, for the property test: every key
// of the format except the [data-tier] ones the loader refuses, zero think
// times and zero-capacity queues included. One seed gives one file, always.
#include <cstdint>
#include <set>
#include <string>

namespace faultline::property {

struct Generated {
  std::string yaml;
  /// "section.key" of every key written ("service.workers", "fault.mode"),
  /// to check that the generator covers the loader's key tables.
  std::set<std::string> keys;
};

Generated generate_scenario(std::uint64_t seed);

}  // namespace faultline::property
