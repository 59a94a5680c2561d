#pragma once
// Splitting a one-line list whose items may be flow YAML ("a=1,b={x: 1, y: 2}"):
// separators inside [ ], { } or double quotes do not split.
#include <string>
#include <string_view>
#include <vector>

namespace faultline {

/// The items between top-level separators, as written (quotes and brackets kept).
inline std::vector<std::string> split_outside_brackets(std::string_view text, char sep) {
  std::vector<std::string> out(1);
  int depth = 0;
  bool quoted = false;
  for (const char c : text) {
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == '{' || c == '[')) ++depth;
    if (!quoted && (c == '}' || c == ']')) --depth;
    if (c == sep && depth == 0 && !quoted) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

}  // namespace faultline
