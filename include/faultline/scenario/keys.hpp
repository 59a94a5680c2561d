#pragma once
// Every scenario key, declared once: name, type, default, one-line help, and
// the capability it belongs to. The loader checks keys against these tables
// (unknown keys, "did you mean"); docs and editor schemas can be made from them.
#include <string_view>
#include <vector>

namespace faultline {

enum class Section {
  top, simulation, service, queue, call, client, schedule_step, burst, retry, backoff, budget, throttling,
  breaker, hedge, throttle, idempotency, fault, mixture_component, expectation
};

enum class Capability { core, policies, analysis, data_tier };

struct KeyInfo {
  std::string_view name;
  std::string_view type;       // "duration", "rate", "probability", "integer", "distribution", ...
  std::string_view default_text;
  std::string_view help;
  Capability capability = Capability::core;
  bool supported = true;       // false: belongs to a capability this version does not have
};

/// The keys a mapping of that section may hold, in documentation order.
const std::vector<KeyInfo>& keys_of(Section section);
/// Human name of a section's path, for messages ("a service", "a retry policy").
std::string_view section_noun(Section section);
std::string_view capability_name(Capability c);

}  // namespace faultline
