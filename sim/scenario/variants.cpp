#include "faultline/scenario/variants.hpp"

#include <yaml-cpp/yaml.h>

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
  std::string rest = text.substr(colon + 1);
  // Split on commas that are not inside brackets, so values may be flow YAML.
  int depth = 0;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) v.overrides.push_back(parse_override(current));
    current.clear();
  };
  for (char c : rest) {
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') --depth;
    if (c == ',' && depth == 0) {
      flush();
      continue;
    }
    current += c;
  }
  flush();
  return v;
}

}  // namespace faultline
