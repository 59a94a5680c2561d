#pragma once
// A JSON Schema of the scenario format, generated from the same key tables the
// loader validates with, so the two cannot drift apart.
#include <string>

namespace faultline {

/// The schema as JSON text (draft 2020-12), for editors (yaml-language-server).
std::string scenario_json_schema();

}  // namespace faultline
