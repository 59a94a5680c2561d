#include "faultline/scenario/setting.hpp"

#include <yaml-cpp/yaml.h>

#include "fields.hpp"
#include "reader.hpp"

namespace faultline {

std::optional<std::string> read_setting(Section section, std::string_view key, const std::string& path,
                                        const std::string& value, void* obj) {
  const KeyInfo& info = scenario::key_of(section, key);
  if (info.bind == nullptr) return path + " cannot change mid-run";
  YAML::Node node;
  try {
    node = YAML::Load(value);
  } catch (const YAML::Exception&) {
    return path + ": expected " + scenario::range_words(info) + ", got \"" + value + "\"";
  }
  scenario::Reader reader("", {});
  info.bind->read(info, reader, node, path, obj);
  if (reader.errors().empty()) return std::nullopt;
  const LoadError& e = reader.errors().front();
  return e.key_path + ": " + e.message + (e.suggestion.empty() ? "" : " (" + e.suggestion + ")");
}

}  // namespace faultline
