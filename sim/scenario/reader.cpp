#include "reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <set>

#include "faultline/scenario/units.hpp"

namespace faultline::scenario {

namespace {
bool valid_name(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  if (!(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::string nearest(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::string::npos;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best_d <= std::max<std::size_t>(2, word.size() / 3) ? best : "";
}

std::string integer_range(std::int64_t lo, std::int64_t hi) {
  return "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
}

std::string number_range(double lo, double hi) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "a number from %g to %g", lo, hi);
  return buf;
}

void Reader::error(const YAML::Mark& mark, const std::string& path, std::string message, std::string suggestion) {
  LoadError e;
  e.key_path = path;
  e.message = std::move(message);
  e.suggestion = std::move(suggestion);
  e.file = file_;
  // A value written by --set has no place in the file: cite the override.
  for (const auto& o : overrides_) {
    const bool inside = path == o.path || (path.size() > o.path.size() && path.rfind(o.path, 0) == 0 &&
                                           (path[o.path.size()] == '.' || path[o.path.size()] == '['));
    if (inside) {
      e.file = "--set " + o.path + "=" + o.value;
      errors_.push_back(std::move(e));
      return;
    }
  }
  if (!mark.is_null() && mark.line >= 0) {
    e.line = mark.line + 1;
    e.column = mark.column + 1;
  }
  errors_.push_back(std::move(e));
}

void Reader::error(const YAML::Node& at, const std::string& path, std::string message, std::string suggestion) {
  error(at.IsDefined() ? at.Mark() : YAML::Mark::null_mark(), path, std::move(message), std::move(suggestion));
}

bool Reader::map(const YAML::Node& node, const std::string& path, Section section) {
  if (!node.IsMap()) {
    error(node, path, "expected a mapping of keys for " + std::string(section_noun(section)) + (node.IsNull() ? ", got nothing" : ""));
    return false;
  }
  const auto& keys = keys_of(section);
  std::vector<std::string> names;
  for (const auto& k : keys) {
    if (k.supported) names.emplace_back(k.name);
  }
  std::set<std::string> seen;
  for (const auto& kv : node) {
    if (!kv.first.IsScalar()) {
      error(kv.first, path, "expected a plain key");
      continue;
    }
    const std::string key = kv.first.Scalar();
    const std::string key_path = path.empty() ? key : path + "." + key;
    if (!seen.insert(key).second) {
      error(kv.first, key_path, "duplicate key `" + key + "`: it is already set above in this mapping");
      continue;
    }
    auto it = std::find_if(keys.begin(), keys.end(), [&](const KeyInfo& k) { return k.name == key; });
    if (it == keys.end()) {
      const std::string near = nearest(key, names);
      error(kv.first, key_path, "unknown key `" + key + "` in " + std::string(section_noun(section)),
            near.empty() ? "valid keys: " + [&] {
              std::string all;
              for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
              return all;
            }()
                         : "did you mean `" + near + "`?");
    } else if (!it->supported) {
      error(kv.first, key_path,
            "`" + key + "` belongs to " + std::string(capability_name(it->capability)) +
                " and is not supported by this version");
    }
  }
  return true;
}

bool Reader::named_map(const YAML::Node& node, const std::string& path) {
  if (!node.IsMap()) {
    error(node, path, "expected a mapping of names to definitions");
    return false;
  }
  std::set<std::string> seen;
  for (const auto& kv : node) {
    const std::string name = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (!valid_name(name)) {
      error(kv.first, path, "bad name \"" + name + "\": use letters, digits, _ and -, starting with a letter");
    } else if (!seen.insert(name).second) {
      error(kv.first, path + "." + name, "duplicate name `" + name + "`: it is already defined above");
    }
  }
  return true;
}

bool Reader::list(const YAML::Node& node, const std::string& path) {
  if (!node.IsSequence()) {
    error(node, path, "expected a list");
    return false;
  }
  return true;
}

bool Reader::scalar(const YAML::Node& node, const std::string& path, const char* expected) {
  if (node.IsScalar()) return true;
  error(node, path, std::string("expected ") + expected + ", got " + (node.IsMap() ? "a mapping" : node.IsSequence() ? "a list" : "nothing"));
  return false;
}

std::optional<std::string> Reader::string(const YAML::Node& node, const std::string& path) {
  if (!scalar(node, path, "text")) return std::nullopt;
  return node.Scalar();
}

std::optional<Duration> Reader::duration(const YAML::Node& node, const std::string& path, bool allow_none) {
  if (!scalar(node, path, "a duration like 250ms")) return std::nullopt;
  const std::string text = node.Scalar();
  if (allow_none && text == "none") return Duration::infinite();
  const auto parsed = units::parse_duration(text);
  if (!parsed.value) {
    std::string suggestion;
    char* end = nullptr;
    std::strtod(text.c_str(), &end);
    if (end != text.c_str() && *end == '\0') suggestion = "did you mean " + text + "ms or " + text + "s?";
    if (allow_none && suggestion.empty()) suggestion = "or `none`";
    error(node, path, parsed.error, suggestion);
    return std::nullopt;
  }
  return parsed.value;
}

std::optional<double> Reader::rate(const YAML::Node& node, const std::string& path) {
  if (!scalar(node, path, "a rate like 800/s")) return std::nullopt;
  const auto parsed = units::parse_rate(node.Scalar());
  if (!parsed.value) {
    char* end = nullptr;
    std::strtod(node.Scalar().c_str(), &end);
    const bool bare = end != node.Scalar().c_str() && *end == '\0';
    error(node, path, parsed.error, bare ? "did you mean " + node.Scalar() + "/s?" : "");
    return std::nullopt;
  }
  return parsed.value;
}

std::optional<double> Reader::probability(const YAML::Node& node, const std::string& path) {
  if (!scalar(node, path, "a probability")) return std::nullopt;
  const auto parsed = units::parse_probability(node.Scalar());
  if (!parsed.value) {
    error(node, path, parsed.error);
    return std::nullopt;
  }
  return parsed.value;
}

std::optional<std::int64_t> Reader::integer(const YAML::Node& node, const std::string& path, std::int64_t lo,
                                            std::int64_t hi) {
  const std::string range = integer_range(lo, hi);
  if (!scalar(node, path, range.c_str())) return std::nullopt;
  const std::string text = node.Scalar();
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0') {
    error(node, path, "expected " + range + ", got \"" + text + "\"");
    return std::nullopt;
  }
  if (errno == ERANGE || v < lo || v > hi) {
    error(node, path, "expected " + range + ", got " + text);
    return std::nullopt;
  }
  return v;
}

std::optional<std::uint64_t> Reader::unsigned64(const YAML::Node& node, const std::string& path) {
  if (!scalar(node, path, "a non-negative integer")) return std::nullopt;
  const std::string text = node.Scalar();
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || text[0] == '-' || errno == ERANGE) {
    error(node, path, "expected an integer from 0 to 18446744073709551615, got \"" + text + "\"",
          !text.empty() && text[0] == '-' ? "it is never negative: drop the minus sign" : "");
    return std::nullopt;
  }
  return v;
}

std::optional<double> Reader::real(const YAML::Node& node, const std::string& path, double lo, double hi) {
  const std::string range = number_range(lo, hi);
  if (!scalar(node, path, range.c_str())) return std::nullopt;
  const std::string text = node.Scalar();
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(v)) {
    error(node, path, "expected " + range + ", got \"" + text + "\"");
    return std::nullopt;
  }
  if (v < lo || v > hi) {
    error(node, path, "expected " + range + ", got " + text);
    return std::nullopt;
  }
  return v;
}

std::optional<bool> Reader::boolean(const YAML::Node& node, const std::string& path) {
  if (!scalar(node, path, "true or false")) return std::nullopt;
  const std::string t = node.Scalar();
  if (t == "true" || t == "yes" || t == "on") return true;
  if (t == "false" || t == "no" || t == "off") return false;
  error(node, path, "expected true or false, got \"" + t + "\"");
  return std::nullopt;
}

std::optional<std::size_t> Reader::word(const YAML::Node& node, const std::string& path,
                                        std::span<const std::string_view> words) {
  std::string list;
  std::vector<std::string> all;
  for (const auto w : words) {
    list += (list.empty() ? "" : " | ") + std::string(w);
    all.emplace_back(w);
  }
  if (!scalar(node, path, ("one of " + list).c_str())) return std::nullopt;
  const std::string t = node.Scalar();
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i] == t) return i;
  }
  const std::string near = nearest(t, all);
  error(node, path, "expected one of " + list + ", got \"" + t + "\"", near.empty() ? "" : "did you mean `" + near + "`?");
  return std::nullopt;
}

}  // namespace faultline::scenario
