// Retry policies (named, inline, from a preset) and the policies of an edge.
#include "builder.hpp"
#include "faultline/scenario/presets.hpp"
#include "fields.hpp"

namespace faultline::scenario {

RetrySpec Builder::retry_policy(const YAML::Node& n, const std::string& path, std::string name) {
  RetrySpec p;
  if (!r_.map(n, path, Section::retry)) return p;
  if (n["preset"]) {
    // The preset's defaults first; the policy's own keys override them.
    if (auto k = r_.word(n["preset"], path + ".preset", key_of(Section::retry, "preset").words)) {
      const RetryPreset& preset = retry_presets()[*k];
      p = preset.policy;
      p.preset = preset.name;
    }
  }
  p.name = std::move(name);
  read_fields(r_, n, path, Section::retry, p);
  if (const YAML::Node list = n["retry_on"]) {
    if (r_.list(list, path + ".retry_on")) {
      p.retry_on = 0;
      for (std::size_t i = 0; i < list.size(); ++i) {
        if (auto k = r_.word(list[i], item(path + ".retry_on", i), key_of(Section::retry, "retry_on").words)) {
          p.retry_on |= reason_bit(EnumWords<Reason>::list[*k].value);
        }
      }
    }
  }
  if (const YAML::Node b = n["backoff"]) backoff(b, path + ".backoff", p);
  if (const YAML::Node b = n["budget"]) p.budget.enabled = optional_section(b, path + ".budget", Section::budget, p.budget);
  if (const YAML::Node t = n["throttling"]) {
    p.throttling.enabled = optional_section(t, path + ".throttling", Section::throttling, p.throttling);
  }
  return p;
}

void Builder::backoff(const YAML::Node& b, const std::string& path, RetrySpec& p) {
  if (b.IsScalar() && b.Scalar() == "none") {
    p.backoff = RetrySpec::Backoff::none;
    return;
  }
  if (!r_.map(b, path, Section::backoff)) return;
  if (!b["kind"]) r_.error(b, path + ".kind", "missing: none, constant, linear or exponential");
  read_fields(r_, b, path, Section::backoff, p);
  if (!b["base"] && p.backoff != RetrySpec::Backoff::none && p.preset.empty()) {
    r_.error(b, path + ".base", "missing: the first backoff, e.g. base: 50ms");
  }
}

int Builder::retry_ref(const YAML::Node& n, const std::string& path) {
  if (n.IsMap()) {
    inline_policies_.push_back(retry_policy(n, path, path));
    return -2 - static_cast<int>(inline_policies_.size() - 1);  // resolved after the named ones
  }
  if (switched_off(n)) return -1;
  auto name = r_.string(n, path);
  if (!name) return -1;
  return lookup(n, path, *name, {&policies_}, "retry policy", "define it under retry_policies, or write the policy inline")
      .value_or(-1);
}

void Builder::edge_policies(const YAML::Node& n, const std::string& path, EdgePolicies& out) {
  if (const YAML::Node b = n["circuit_breaker"]) {
    out.breaker.enabled = optional_section(b, path + ".circuit_breaker", Section::breaker, out.breaker);
  }
  if (const YAML::Node h = n["hedge"]) {
    if (optional_section(h, path + ".hedge", Section::hedge, out.hedge)) {
      if (!h["after"]) r_.error(h, path + ".hedge.after", "missing: how long to wait before the extra attempt, e.g. after: 50ms");
      out.hedge.enabled = out.hedge.max_extra > 0;  // max_extra: 0 switches hedging off
    }
  }
  if (const YAML::Node d = n["deadline"]) {
    if (auto v = read_key<Duration>(r_, Section::call, "deadline", d, path + ".deadline")) out.deadline = *v;
  }
  if (const YAML::Node t = n["throttle"]) {
    out.throttle.enabled = optional_section(t, path + ".throttle", Section::throttle, out.throttle);
    if (out.throttle.enabled && t["kind"]) r_.word(t["kind"], path + ".throttle.kind", key_of(Section::throttle, "kind").words);
  }
}

}  // namespace faultline::scenario
