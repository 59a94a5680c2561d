#pragma once
// Every scenario key, declared once per section in a field table (sim/scenario/fields.cpp):
// name, codec, range, enum words, default, one-line help, the part of the format
// it belongs to, and the Spec member it fills. The same rows drive reading and
// range checks (load, validate), the JSON Schema, `describe`'s enum words and
// the reference docs' tables (a test checks every key is documented).
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace faultline {

enum class Section {
  top, simulation, service, queue, call, client, schedule_step, burst, retry, backoff, budget, throttling,
  breaker, hedge, throttle, idempotency, fault, expectation, load_dependent, admission, token_bucket, codel,
  message_queue, consumer,  // [data-tier] queues.NAME and its consumer
  service_keys, locks, replication, pool,
  cache, cache_keys,
  autoscale, cost, cost_service  // [data-tier] services.NAME.autoscale, cost, cost.services.NAME
};
inline constexpr Section kAllSections[] = {
    Section::top,    Section::simulation, Section::service,  Section::queue,       Section::call,
    Section::client, Section::schedule_step, Section::burst, Section::retry,       Section::backoff,
    Section::budget, Section::throttling, Section::breaker,  Section::hedge,       Section::throttle,
    Section::idempotency, Section::fault, Section::expectation, Section::load_dependent,
    Section::admission, Section::token_bucket, Section::codel,
    Section::message_queue, Section::consumer,
    Section::service_keys, Section::locks, Section::replication, Section::pool,
    Section::cache, Section::cache_keys,
    Section::autoscale, Section::cost, Section::cost_service};

enum class Capability { core, policies, analysis, data_tier };

/// How a key's value is written.
enum class Codec {
  text,
  duration,             // 250ms
  duration_or_none,     // 250ms | none
  rate,                 // 800/s
  probability,          // 0.05 | 5%
  integer,              // in [lo, hi]
  integer_or_unbounded, // in [lo, hi] | unbounded
  number,               // in [lo, hi]
  boolean,
  choice,               // one of `words`
  choice_list,          // a list of `words`
  distribution,
  section,              // a mapping of `nested`'s keys
  section_or_off,       // the same, or none/off
  list_of,              // a list of `nested` mappings
  names_of,             // NAME: `nested` mapping
  service_name,
  retry_ref,            // a policy name or a policy written inline
  fault_target,         // "svc" or "svc[i]"
  caller_name,          // a service or a client
  metric,
  bound,                // number | rate | duration | probability
  raw_map,              // a mapping read elsewhere (variants, workshop, stress)
  raw_list,
};

struct Binding;  // how a key reads into and is checked on its Spec member (private)

struct KeyInfo {
  std::string_view name;
  Codec codec = Codec::text;
  std::string_view default_text;
  std::string_view help;
  Capability capability = Capability::core;
  bool supported = true;       // false: belongs to a capability this version does not have
  double lo = 0, hi = 0;       // integer / number: the accepted range (inclusive)
  std::span<const std::string_view> words = {};  // choice, choice_list
  Section nested = Section::top;                 // section, section_or_off, list_of, names_of
  const Binding* bind = nullptr;                 // the Spec member; nullptr: read by hand in load.cpp
};

/// The keys a mapping of that section may hold, in documentation order.
const std::vector<KeyInfo>& keys_of(Section section);
struct SectionInfo {
  std::string_view noun;   // for messages: "a service", "a retry policy"
  std::string_view def;    // its name in the JSON Schema's $defs
  std::string_view where;  // where its mappings stand in a file, for the docs
  const std::vector<KeyInfo>* keys;  // its field table
};
const SectionInfo& section_info(Section section);
inline std::string_view section_noun(Section section) { return section_info(section).noun; }
std::string_view capability_name(Capability c);
/// The type as the reference docs write it: "integer 1..100", "`fifo` | `lifo`", "duration or `none`".
std::string type_text(const KeyInfo& key);

}  // namespace faultline
