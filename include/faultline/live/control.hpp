#pragma once
// A control action (POST /api/control, `watch` keys, a record's lines), parsed
// and checked before anything is applied: a bad body names its field.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "faultline/scenario/spec.hpp"

namespace faultline::live {

struct Control {
  enum class Kind { inject, clear, set, pause, resume, step, speed, hint, reveal };
  Kind kind = Kind::pause;
  nlohmann::json fault;        // inject: the fault as given (recorded, re-parsed on replay)
  FaultSpec parsed_fault;      // inject: through the scenario's own fault validation
  std::uint32_t id = 0;        // clear
  std::string path, value;     // set
  double speed = 1;            // speed
  std::string name;            // who: a participant's typed name; empty for the instructor
};

struct ControlError {
  std::string field;           // "action", "fault.kind", "value", ...
  std::string message;         // names the field, says what was expected
};

const char* kind_name(Control::Kind kind);
/// Does this action change the simulated system (and so must be replayed)?
bool changes_run(Control::Kind kind);

/// Parses a fault given as JSON with the scenario's own loader (`at` is ignored:
/// the fault starts now). Throws ControlError naming "fault.<key>".
FaultSpec parse_fault(const nlohmann::json& fault, const std::string& scenario_text, const std::string& file_name);

/// The scenario's fault number `index` (file order) as JSON, for re-injecting it now
/// (`watch`'s "inject the next fault"). Throws ControlError when there is none.
nlohmann::json scenario_fault_json(const std::string& scenario_text, std::size_t index);

/// Parses a control body. Throws ControlError. `scenario_text` serves fault parsing.
Control parse_control(const nlohmann::json& body, const std::string& scenario_text, const std::string& file_name);

}  // namespace faultline::live
