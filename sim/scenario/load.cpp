// Loading a scenario: text checked before parsing, parsed, overrides applied,
// built into a Spec and validated, every error located.
#include "faultline/scenario/load.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "builder.hpp"
#include "input_guard.hpp"
#include "overrides.hpp"
#include "yaml_hints.hpp"

namespace faultline {

Spec load_spec_from_string(std::string_view yaml, const std::string& file_name, const std::vector<Override>& overrides) {
  if (auto problem = scenario::check_input(yaml, file_name)) throw LoadFailure({*problem});
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& ex) {
    LoadError e;
    e.file = file_name;
    e.line = ex.mark.is_null() ? 0 : ex.mark.line + 1;
    e.column = ex.mark.is_null() ? 0 : ex.mark.column + 1;
    e.message = "not valid YAML: " + ex.msg;
    scenario::explain_yaml_error(yaml, e);
    throw LoadFailure({e});
  }
  if (!root || root.IsNull()) {
    throw LoadFailure({LoadError{file_name, 1, 1, "", "empty scenario: expected a mapping with simulation, services and clients",
                                 "start with simulation: {duration: 60s}"}});
  }
  if (!root.IsMap()) {
    LoadError e;
    e.file = file_name;
    e.line = root.Mark().line + 1;
    e.column = root.Mark().column + 1;
    e.message = std::string("expected a mapping with simulation, services and clients at the top level, got ") +
                (root.IsSequence() ? "a list" : "a single value");
    throw LoadFailure({e});
  }
  std::vector<LoadError> override_errors;
  scenario::apply_overrides(root, overrides, override_errors);
  if (!override_errors.empty()) throw LoadFailure(override_errors);
  scenario::Reader reader(file_name, overrides);
  scenario::Builder builder(reader);
  Spec spec;
  try {
    spec = builder.build(root, file_name);
  } catch (const YAML::Exception& ex) {  // e.g. a key that is not a scalar used as one
    reader.error(ex.mark, "", "cannot read this part of the file: " + ex.msg);
  }
  if (!reader.errors().empty()) {
    auto errors = reader.errors();
    std::stable_sort(errors.begin(), errors.end(), [](const LoadError& a, const LoadError& b) {
      return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    throw LoadFailure(errors);
  }
  spec.source_file = file_name;
  return spec;
}

Spec load_spec(const std::string& path, const std::vector<Override>& overrides) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw LoadFailure({LoadError{path, 0, 0, "", "is a directory, not a scenario file", ""}});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LoadFailure({LoadError{path, 0, 0, "", "cannot open the file", "check the path"}});
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > scenario::kMaxInputBytes) {
    // The first bytes past the limit are enough to say where it is crossed.
    std::string head(scenario::kMaxInputBytes + 1, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    throw LoadFailure({scenario::too_large(head, size, path)});
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_spec_from_string(text.str(), path, overrides);
}

}  // namespace faultline
