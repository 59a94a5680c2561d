#pragma once
// `variants:` of a scenario file, as override lists that `faultline compare`
// applies (like --set) before validation.
#include <string>
#include <vector>

#include "faultline/scenario/load.hpp"

namespace faultline {

struct Variant {
  std::string name;
  std::vector<Override> overrides;
};

/// The file's variants in file order (the file must load: call load_spec first).
std::vector<Variant> load_variants(const std::string& path);
/// "name:path=value,path=value" from the command line.
Variant parse_variant(const std::string& text);

}  // namespace faultline
