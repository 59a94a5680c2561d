#include "overrides.hpp"

#include <cctype>
#include <string>

namespace faultline::scenario {

namespace {

struct Step {
  std::string key;  // empty when index
  long index = -1;
};

bool parse_path(const std::string& path, std::vector<Step>& steps) {
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '[') {
      const auto close = path.find(']', i);
      if (close == std::string::npos || close == i + 1) return false;
      const std::string digits = path.substr(i + 1, close - i - 1);
      for (char c : digits) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
      }
      steps.push_back({"", std::stol(digits)});
      i = close + 1;
      if (i < path.size() && path[i] == '.') ++i;
      continue;
    }
    std::size_t j = i;
    while (j < path.size() && path[j] != '.' && path[j] != '[') ++j;
    if (j == i) return false;
    steps.push_back({path.substr(i, j - i), -1});
    i = j;
    if (i < path.size() && path[i] == '.') ++i;
  }
  return !steps.empty();
}

LoadError problem(const Override& o, std::string message) {
  LoadError e;
  e.file = "--set " + o.path + "=" + o.value;
  e.key_path = o.path;
  e.message = std::move(message);
  return e;
}

}  // namespace

void apply_overrides(YAML::Node& root, const std::vector<Override>& overrides, std::vector<LoadError>& errors) {
  for (const auto& o : overrides) {
    std::vector<Step> steps;
    if (!parse_path(o.path, steps)) {
      errors.push_back(problem(o, "bad path: use dotted keys and [i] for list items, e.g. faults[0].at"));
      continue;
    }
    YAML::Node value;
    try {
      value = YAML::Load(o.value);
    } catch (const YAML::Exception& ex) {
      errors.push_back(problem(o, "the value is not valid YAML: " + ex.msg));
      continue;
    }
    if (!root.IsMap()) {
      errors.push_back(problem(o, "the scenario's top level is not a mapping"));
      continue;
    }
    YAML::Node cur;
    cur.reset(root);
    bool ok = true;
    for (std::size_t k = 0; k < steps.size() && ok; ++k) {
      const Step& s = steps[k];
      const bool last = k + 1 == steps.size();
      // A numeric segment on a list is an index too: faults.0.at.
      long index = s.index;
      if (index < 0 && cur.IsSequence() && !s.key.empty() && std::isdigit(static_cast<unsigned char>(s.key[0]))) {
        index = std::stol(s.key);
      }
      if (index >= 0) {
        if (!cur.IsSequence() || static_cast<std::size_t>(index) >= cur.size()) {
          errors.push_back(problem(o, "no list item " + std::to_string(index) + " there (the list has " +
                                          std::to_string(cur.IsSequence() ? cur.size() : 0) + ")"));
          ok = false;
          break;
        }
        if (last) {
          cur[static_cast<std::size_t>(index)] = value;
        } else {
          YAML::Node next = cur[static_cast<std::size_t>(index)];
          cur.reset(next);
        }
        continue;
      }
      if (!cur.IsMap() && !cur.IsNull()) {
        errors.push_back(problem(o, "cannot set `" + s.key + "`: what is above it is not a mapping"));
        ok = false;
        break;
      }
      if (last) {
        cur[s.key] = value;
      } else {
        if (!cur[s.key] || cur[s.key].IsNull()) cur[s.key] = YAML::Node(YAML::NodeType::Map);
        YAML::Node next = cur[s.key];
        cur.reset(next);
      }
    }
  }
}

}  // namespace faultline::scenario
