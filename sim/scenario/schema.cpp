#include "faultline/scenario/schema.hpp"

#include <nlohmann/json.hpp>
#include <string_view>

#include "faultline/scenario/keys.hpp"
#include "faultline/scenario/names.hpp"

namespace faultline {

namespace {
using json = nlohmann::ordered_json;

const char* kDuration = "^(none|[0-9.eE+-]+ *(ns|us|ms|s|m|h))$";
const char* kRate = "^[0-9.eE+-]+ */ *(s|ms|m|h)$";

json duration() { return {{"type", "string"}, {"pattern", kDuration}}; }

json words(std::span<const std::string_view> list) {
  json out = json::array();
  for (const auto w : list) out.push_back(std::string(w));
  return out;
}

std::string def_name(Section s) { return std::string(section_info(s).def); }

json distribution() {
  json props = json::object();
  props["dist"] = {{"enum", words(words_of<DistSpec::Kind>())}};
  for (const char* key : {"value", "mean", "min", "max", "stddev", "median", "p99"}) props[key] = duration();
  props["mu"] = {{"type", "number"}};
  props["sigma"] = {{"type", "number"}};
  props["scale"] = duration();
  props["shape"] = {{"type", "number"}};
  props["weight"] = {{"type", "number"}};
  props["of"] = {{"type", "array"}, {"items", {{"$ref", "#/$defs/distribution"}}}};
  props["points"] = {{"type", "array"}, {"items", {{"type", "array"}}}};
  return json{{"type", "object"},
              {"description", "a distribution: {dist: exponential, mean: 5ms}, ..."},
              {"required", {"dist"}},
              {"properties", props},
              {"additionalProperties", false}};
}

/// The schema of one key, from its codec, range and words.
json key_schema(const KeyInfo& k) {
  json j;
  switch (k.codec) {
    case Codec::duration:
    case Codec::duration_or_none: j = duration(); break;
    case Codec::rate: j = {{"type", "string"}, {"pattern", kRate}}; break;
    case Codec::probability:
    case Codec::bound: j = {{"type", {"number", "string"}}}; break;
    case Codec::integer:
      j = {{"type", "integer"}};
      if (k.lo < k.hi) j["minimum"] = static_cast<std::int64_t>(k.lo), j["maximum"] = static_cast<std::int64_t>(k.hi);
      break;
    case Codec::integer_or_unbounded:
      j = {{"anyOf",
            {{{"type", "integer"}, {"minimum", static_cast<std::int64_t>(k.lo)}, {"maximum", static_cast<std::int64_t>(k.hi)}},
             {{"const", "unbounded"}}}}};
      break;
    case Codec::number: j = {{"type", "number"}, {"minimum", k.lo}, {"maximum", k.hi}}; break;
    case Codec::boolean: j = {{"type", "boolean"}}; break;
    case Codec::choice: j = {{"type", "string"}, {"enum", words(k.words)}}; break;
    case Codec::choice_list: j = {{"type", "array"}, {"items", {{"enum", words(k.words)}}}}; break;
    case Codec::distribution: j = {{"$ref", "#/$defs/distribution"}}; break;
    case Codec::section:
    case Codec::section_or_off: j = {{"$ref", "#/$defs/" + def_name(k.nested)}}; break;
    case Codec::list_of:
    case Codec::names_of: j = {{"$ref", "#/$defs/" + std::string(k.name)}}; break;
    case Codec::retry_ref: j = {{"anyOf", {{{"type", "string"}}, {{"$ref", "#/$defs/retry"}}}}}; break;
    case Codec::raw_map: j = {{"type", "object"}}; break;
    case Codec::raw_list: j = {{"type", "array"}}; break;
    case Codec::text:
    case Codec::service_name:
    case Codec::fault_target:
    case Codec::caller_name:
    case Codec::metric: j = {{"type", "string"}}; break;
  }
  j["description"] = std::string(k.help) + " (default: " + std::string(k.default_text) + ")";
  return j;
}

json section(Section s) {
  json props = json::object();
  for (const auto& k : keys_of(s)) {
    if (k.supported) props[std::string(k.name)] = key_schema(k);
  }
  return json{{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
}

json named(const std::string& def) {
  return json{{"type", "object"}, {"additionalProperties", {{"$ref", "#/$defs/" + def}}}};
}
json list_of(const std::string& def) { return json{{"type", "array"}, {"items", {{"$ref", "#/$defs/" + def}}}}; }

/// A section's mapping, and the list or named map of them its parent key holds.
void add_defs(json& defs, Section s) {
  defs[def_name(s)] = section(s);
  for (const Section parent : kAllSections) {
    for (const auto& k : keys_of(parent)) {
      if (k.nested != s || !k.supported) continue;
      if (k.codec == Codec::list_of) defs[std::string(k.name)] = list_of(def_name(s));
      if (k.codec == Codec::names_of) defs[std::string(k.name)] = named(def_name(s));
    }
  }
}

}  // namespace

std::string scenario_json_schema() {
  json defs;
  for (const Section s : {Section::simulation, Section::service, Section::client, Section::retry, Section::queue,
                          Section::call, Section::schedule_step, Section::burst, Section::backoff, Section::budget,
                          Section::throttling, Section::breaker, Section::hedge, Section::throttle,
                          Section::idempotency, Section::fault, Section::expectation, Section::load_dependent,
                          Section::admission, Section::token_bucket, Section::codel, Section::message_queue,
                          Section::consumer, Section::service_keys, Section::locks, Section::replication,
                          Section::pool, Section::cache, Section::cache_keys, Section::autoscale, Section::cost,
                          Section::cost_service}) {  // [data-tier]
    add_defs(defs, s);  // in the order of the first schema, so that its file diffs little
  }
  defs["distribution"] = distribution();
  json root = section(Section::top);
  root["properties"]["variants"] = {{"type", "object"},
                                    {"description", "variants for faultline compare: NAME: {key.path: value, ...}"},
                                    {"additionalProperties", {{"type", "object"}}}};
  root["required"] = {"simulation", "services", "clients"};
  json out;
  out["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  out["title"] = "faultline scenario";
  for (auto& [k, v] : root.items()) out[k] = v;
  out["$defs"] = defs;
  return out.dump(2) + "\n";
}

}  // namespace faultline
