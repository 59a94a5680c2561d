#pragma once
// Random small valid scenarios, as YAML text, for the property test: every key
// of the format, zero think times and zero-capacity queues included. One seed
// gives one file, always.
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

/// Inputs that crash or abort today (an assert, UBSan) are only written when
/// asked for: a crash would end the whole property run, not fail one seed.
struct GeneratorOptions {
  bool extreme_values = true;          // the largest latency values the format allows
  bool ramps_past_next_step = true;    // a users ramp that outlasts the next schedule step
  /// [data-tier] Most services autoscaled (evaluated often, no cooldown) with keys, hot-key
  /// locks, read replicas and pools on their calls: replica slots that come and go under
  /// lock holders, lock and pool waiters and reads (`faultline_property --combos`).
  bool data_combos = false;
};

Generated generate_scenario(std::uint64_t seed, const GeneratorOptions& options = {});

}  // namespace faultline::property
