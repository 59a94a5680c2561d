#pragma once
// `--set path=value`: edits the YAML tree before validation, so one validator
// serves files and overrides alike.
#include <yaml-cpp/yaml.h>

#include <vector>

#include "faultline/scenario/load.hpp"

namespace faultline::scenario {

/// Applies every override; errors (bad path, bad YAML value) are appended.
void apply_overrides(YAML::Node& root, const std::vector<Override>& overrides, std::vector<LoadError>& errors);

}  // namespace faultline::scenario
