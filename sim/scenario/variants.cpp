#include "faultline/scenario/variants.hpp"

#include <yaml-cpp/yaml.h>

#include "faultline/scenario/split.hpp"

namespace faultline {

std::vector<Variant> load_variants(const std::string& path) {
  std::vector<Variant> out;
  const YAML::Node root = YAML::LoadFile(path);
  const YAML::Node variants = root["variants"];
  if (!variants || !variants.IsMap()) return out;
  for (const auto& kv : variants) {
    Variant v;
    v.name = kv.first.Scalar();
    for (const auto& change : kv.second) {
      YAML::Emitter emit;
      emit << YAML::Flow << change.second;
      v.overrides.push_back(Override{change.first.Scalar(), emit.c_str()});
    }
    out.push_back(std::move(v));
  }
  return out;
}

Variant parse_variant(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0) {
    throw LoadFailure({LoadError{"--variant " + text, 0, 0, "", "expected name:path=value,path=value", ""}});
  }
  Variant v;
  v.name = text.substr(0, colon);
  for (const auto& part : split_outside_brackets(std::string_view(text).substr(colon + 1), ',')) {
    if (!part.empty()) v.overrides.push_back(parse_override(part));
  }
  return v;
}

}  // namespace faultline
