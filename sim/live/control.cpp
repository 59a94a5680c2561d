#include "faultline/live/control.hpp"

#include <cmath>
#include <cstdlib>

#include <yaml-cpp/yaml.h>

#include "faultline/scenario/load.hpp"

namespace faultline::live {

using nlohmann::json;

const char* kind_name(Control::Kind kind) {
  switch (kind) {
    case Control::Kind::inject: return "inject";
    case Control::Kind::clear: return "clear";
    case Control::Kind::set: return "set";
    case Control::Kind::pause: return "pause";
    case Control::Kind::resume: return "resume";
    case Control::Kind::step: return "step";
    case Control::Kind::speed: return "speed";
    case Control::Kind::hint: return "hint";
    case Control::Kind::reveal: return "reveal";
  }
  return "?";
}

bool changes_run(Control::Kind kind) {
  return kind == Control::Kind::inject || kind == Control::Kind::clear || kind == Control::Kind::set;
}

namespace {

[[noreturn]] void fail(std::string field, std::string message) {
  throw ControlError{field, field + ": " + message};
}

std::string scalar_text(const json& v, const std::string& field) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number() || v.is_boolean()) return v.dump();
  fail(field, "expected a string or a number, e.g. \"1200/s\" or 4");
}

}  // namespace

FaultSpec parse_fault(const json& fault, const std::string& scenario_text, const std::string& file_name) {
  if (!fault.is_object()) fail("fault", "expected an object: a scenario fault, e.g. {\"kind\": \"outage\", \"target\": \"ledger\"}");
  json f = fault;
  f["at"] = "0s";  // the fault starts now; `at` is not the caller's to choose
  try {
    const Spec spec = load_spec_from_string(scenario_text, file_name, {Override{"faults", "[" + f.dump() + "]"}});
    if (spec.faults.size() != 1) fail("fault", "expected exactly one fault");
    return spec.faults.front();
  } catch (const LoadFailure& e) {
    // Only the fault is new; report its first problem under "fault.<key>".
    for (const auto& err : e.errors()) {
      if (err.key_path.rfind("faults", 0) != 0) continue;
      std::string key = err.key_path;
      const auto dot = key.find("].");
      key = dot == std::string::npos ? "fault" : "fault." + key.substr(dot + 2);
      fail(key, err.message + (err.suggestion.empty() ? "" : " (" + err.suggestion + ")"));
    }
    fail("fault", e.errors().empty() ? "invalid fault" : e.errors().front().message);
  }
}

namespace {
json yaml_to_json(const YAML::Node& n) {
  if (n.IsMap()) {
    json j = json::object();
    for (const auto& kv : n) j[kv.first.Scalar()] = yaml_to_json(kv.second);
    return j;
  }
  if (n.IsSequence()) {
    json j = json::array();
    for (const auto& item : n) j.push_back(yaml_to_json(item));
    return j;
  }
  if (!n.IsScalar()) return nullptr;
  const std::string& text = n.Scalar();
  // Plain numbers stay numbers; everything else ("40ms", "outage") stays text.
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (!text.empty() && end == text.c_str() + text.size() && n.Tag() != "!") return v == std::floor(v) && std::abs(v) < 1e15 ? json(static_cast<std::int64_t>(v)) : json(v);
  return text;
}
}  // namespace

json scenario_fault_json(const std::string& scenario_text, std::size_t index) {
  const YAML::Node root = YAML::Load(scenario_text);
  const YAML::Node faults = root["faults"];
  if (!faults || !faults.IsSequence() || index >= faults.size()) {
    fail("fault", "the scenario has no fault number " + std::to_string(index));
  }
  json f = yaml_to_json(faults[index]);
  f.erase("at");
  return f;
}

Control parse_control(const json& body, const std::string& scenario_text, const std::string& file_name) {
  if (!body.is_object()) fail("body", "expected a JSON object with an \"action\"");
  if (!body.contains("action")) fail("action", "missing; one of inject, clear, set, pause, resume, step, speed, hint, reveal");
  if (!body["action"].is_string()) fail("action", "expected a string");
  const std::string action = body["action"].get<std::string>();
  Control c;
  if (body.contains("name")) {
    if (!body["name"].is_string()) fail("name", "expected a string (the participant's name)");
    c.name = body["name"].get<std::string>();
    if (c.name.size() > 64) fail("name", "at most 64 characters");
  }
  if (action == "inject") {
    c.kind = Control::Kind::inject;
    if (!body.contains("fault")) fail("fault", "missing: the fault to inject, e.g. {\"kind\": \"outage\", \"target\": \"ledger\"}");
    c.fault = body["fault"];
    if (c.fault.is_object()) c.fault.erase("at");
    c.parsed_fault = parse_fault(c.fault, scenario_text, file_name);
  } else if (action == "clear") {
    c.kind = Control::Kind::clear;
    if (!body.contains("id")) fail("id", "missing: the id of the fault to clear");
    const json& id = body["id"];
    if (!id.is_number_integer() || id.get<std::int64_t>() < 0 || id.get<std::int64_t>() > 0xffffffffLL) {
      fail("id", "expected a fault id (a non-negative integer)");
    }
    c.id = static_cast<std::uint32_t>(id.get<std::int64_t>());
  } else if (action == "set") {
    c.kind = Control::Kind::set;
    if (!body.contains("path")) fail("path", "missing: a --set path, e.g. \"clients.web.rate\"");
    if (!body["path"].is_string() || body["path"].get<std::string>().empty()) fail("path", "expected a non-empty string");
    c.path = body["path"].get<std::string>();
    if (!body.contains("value")) fail("value", "missing: the new value, e.g. \"1200/s\"");
    c.value = scalar_text(body["value"], "value");
  } else if (action == "pause" || action == "resume" || action == "step" || action == "hint" || action == "reveal") {
    c.kind = action == "pause"    ? Control::Kind::pause
             : action == "resume" ? Control::Kind::resume
             : action == "step"   ? Control::Kind::step
             : action == "hint"   ? Control::Kind::hint
                                  : Control::Kind::reveal;
  } else if (action == "speed") {
    c.kind = Control::Kind::speed;
    if (!body.contains("value")) fail("value", "missing: times real time, e.g. 4");
    const json& v = body["value"];
    if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() <= 0 || v.get<double>() > 1000) {
      fail("value", "expected a number in (0, 1000]: times real time");
    }
    c.speed = v.get<double>();
  } else {
    fail("action", "unknown action \"" + action + "\"; one of inject, clear, set, pause, resume, step, speed, hint, reveal");
  }
  return c;
}

}  // namespace faultline::live
