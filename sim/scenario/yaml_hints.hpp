#pragma once
// The parser's messages name the symptom ("illegal map value", "end of map flow
// not found"); for the two mistakes people make most, name the cause.
#include <string_view>

#include "faultline/scenario/load.hpp"

namespace faultline::scenario {

/// Adds the cause and a suggestion to a YAML parse error when the text near it shows one:
/// a tab in the indentation, or an unquoted `name[i]` inside a flow mapping.
void explain_yaml_error(std::string_view text, LoadError& error);

}  // namespace faultline::scenario
