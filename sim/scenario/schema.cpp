#include "faultline/scenario/schema.hpp"

#include <nlohmann/json.hpp>
#include <string_view>

#include "faultline/scenario/keys.hpp"

namespace faultline {

namespace {
using json = nlohmann::ordered_json;

const char* kDuration = "^(none|[0-9.eE+-]+ *(ns|us|ms|s|m|h))$";
const char* kRate = "^[0-9.eE+-]+ */ *(s|ms|m|h)$";

json distribution() {
  return json{{"type", "object"},
              {"description", "a distribution: {dist: exponential, mean: 5ms}, ..."},
              {"required", {"dist"}},
              {"properties",
               {{"dist", {{"enum", {"constant", "exponential", "uniform", "normal", "lognormal", "pareto", "mixture", "empirical"}}}},
                {"value", {{"type", "string"}, {"pattern", kDuration}}},
                {"mean", {{"type", "string"}, {"pattern", kDuration}}},
                {"min", {{"type", "string"}, {"pattern", kDuration}}},
                {"max", {{"type", "string"}, {"pattern", kDuration}}},
                {"stddev", {{"type", "string"}, {"pattern", kDuration}}},
                {"median", {{"type", "string"}, {"pattern", kDuration}}},
                {"p99", {{"type", "string"}, {"pattern", kDuration}}},
                {"mu", {{"type", "number"}}},
                {"sigma", {{"type", "number"}}},
                {"scale", {{"type", "string"}, {"pattern", kDuration}}},
                {"shape", {{"type", "number"}}},
                {"weight", {{"type", "number"}}},
                {"of", {{"type", "array"}, {"items", {{"$ref", "#/$defs/distribution"}}}}},
                {"points", {{"type", "array"}, {"items", {{"type", "array"}}}}}}},
              {"additionalProperties", false}};
}

json section(Section s);

/// The schema of one key, from its declared type (and, for mappings, its section).
json key_schema(Section parent, const KeyInfo& k) {
  json j;
  const std::string_view t = k.type;
  if (t == "duration" || t == "duration|none") {
    j = {{"type", "string"}, {"pattern", kDuration}};
  } else if (t == "rate") {
    j = {{"type", "string"}, {"pattern", kRate}};
  } else if (t == "probability") {
    j = {{"type", {"number", "string"}}};
  } else if (t == "integer") {
    j = {{"type", "integer"}};
  } else if (t == "integer|unbounded") {
    j = {{"anyOf", {{{"type", "integer"}, {"minimum", 0}}, {{"const", "unbounded"}}}}};
  } else if (t == "number") {
    j = {{"type", "number"}};
  } else if (t.find("number") != std::string_view::npos) {
    j = {{"type", {"number", "string"}}};
  } else if (t == "boolean") {
    j = {{"type", "boolean"}};
  } else if (t == "distribution") {
    j = {{"$ref", "#/$defs/distribution"}};
  } else if (t == "choice") {
    j = {{"type", "string"}};
  } else if (t == "policy name|mapping") {
    j = {{"anyOf", {{{"type", "string"}}, {{"$ref", "#/$defs/retry"}}}}};
  } else if (t == "mapping" || t == "list") {
    // Which section a nested mapping or list holds.
    static const std::pair<std::pair<Section, std::string_view>, std::string_view> nested[] = {
        {{Section::top, "simulation"}, "simulation"}, {{Section::top, "services"}, "services"},
        {{Section::top, "clients"}, "clients"},       {{Section::top, "retry_policies"}, "retry_policies"},
        {{Section::top, "faults"}, "faults"},         {{Section::top, "expect"}, "expect"},
        {{Section::service, "queue"}, "queue"},       {{Section::service, "calls"}, "calls"},
        {{Section::service, "idempotency"}, "idempotency"}, {{Section::client, "schedule"}, "schedule"},
        {{Section::client, "bursts"}, "bursts"},      {{Section::retry, "backoff"}, "backoff"},
        {{Section::retry, "budget"}, "budget"},       {{Section::retry, "throttling"}, "throttling"},
        {{Section::call, "circuit_breaker"}, "breaker"}, {{Section::client, "circuit_breaker"}, "breaker"},
        {{Section::call, "hedge"}, "hedge"},          {{Section::client, "hedge"}, "hedge"},
        {{Section::call, "throttle"}, "throttle"},    {{Section::client, "throttle"}, "throttle"},
    };
    j = {{"type", t == "list" ? "array" : "object"}};
    for (const auto& [key, def] : nested) {
      if (key.first == parent && key.second == k.name) j = {{"$ref", "#/$defs/" + std::string(def)}};
    }
  } else {
    j = {{"type", "string"}};
  }
  j["description"] = std::string(k.help) + " (default: " + std::string(k.default_text) + ")";
  return j;
}

json section(Section s) {
  json props = json::object();
  for (const auto& k : keys_of(s)) {
    if (k.supported) props[std::string(k.name)] = key_schema(s, k);
  }
  return json{{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
}

json named(const char* def) {
  return json{{"type", "object"}, {"additionalProperties", {{"$ref", std::string("#/$defs/") + def}}}};
}
json list_of(const char* def) { return json{{"type", "array"}, {"items", {{"$ref", std::string("#/$defs/") + def}}}}; }

}  // namespace

std::string scenario_json_schema() {
  json defs;
  defs["simulation"] = section(Section::simulation);
  defs["service"] = section(Section::service);
  defs["services"] = named("service");
  defs["client"] = section(Section::client);
  defs["clients"] = named("client");
  defs["retry"] = section(Section::retry);
  defs["retry_policies"] = named("retry");
  defs["queue"] = section(Section::queue);
  defs["call"] = section(Section::call);
  defs["calls"] = list_of("call");
  defs["schedule_step"] = section(Section::schedule_step);
  defs["schedule"] = list_of("schedule_step");
  defs["burst"] = section(Section::burst);
  defs["bursts"] = list_of("burst");
  defs["backoff"] = section(Section::backoff);
  defs["budget"] = section(Section::budget);
  defs["throttling"] = section(Section::throttling);
  defs["breaker"] = section(Section::breaker);
  defs["hedge"] = section(Section::hedge);
  defs["throttle"] = section(Section::throttle);
  defs["idempotency"] = section(Section::idempotency);
  defs["fault"] = section(Section::fault);
  defs["faults"] = list_of("fault");
  defs["expectation"] = section(Section::expectation);
  defs["expect"] = list_of("expectation");
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
