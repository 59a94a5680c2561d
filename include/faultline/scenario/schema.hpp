#pragma once
// A JSON Schema of the scenario format, generated from the same key tables the
// loader validates with, so the two cannot drift apart.
#include <string>

namespace faultline {

/// The schema as JSON text (draft 2020-12), for editors (yaml-language-server).
std::string scenario_json_schema();

/// Every key of every section as Markdown tables (type with range, default, part, meaning):
/// the "Every key" section of docs/scenario-reference.md, which a test keeps equal to it.
std::string scenario_keys_markdown();

}  // namespace faultline
