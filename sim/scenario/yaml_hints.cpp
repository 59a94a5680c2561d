#include "yaml_hints.hpp"

#include <cctype>
#include <string>

namespace faultline::scenario {

namespace {
std::string_view line_of(std::string_view text, int line) {
  std::size_t start = 0;
  for (int l = 1; l < line && start != std::string_view::npos; ++l) {
    start = text.find('\n', start);
    if (start != std::string_view::npos) ++start;
  }
  if (start == std::string_view::npos || start > text.size()) return {};
  const auto end = text.find('\n', start);
  return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

/// The 1-based column of a tab among the line's leading white space, or 0.
int indenting_tab(std::string_view line) {
  for (std::size_t i = 0; i < line.size() && (line[i] == ' ' || line[i] == '\t'); ++i) {
    if (line[i] == '\t') return static_cast<int>(i) + 1;
  }
  return 0;
}

/// A word directly followed by `[` inside a `{...}` on the line: "db[3]", or "".
std::string bracketed_word(std::string_view line) {
  const auto brace = line.find('{');
  if (brace == std::string_view::npos) return "";
  bool quoted = false;
  for (std::size_t i = brace; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"' || c == '\'') quoted = !quoted;
    if (quoted || c != '[' || i == 0 || !(std::isalnum(static_cast<unsigned char>(line[i - 1])) || line[i - 1] == '_')) continue;
    std::size_t start = i;
    while (start > 0 && (std::isalnum(static_cast<unsigned char>(line[start - 1])) || line[start - 1] == '_' || line[start - 1] == '-')) --start;
    const auto close = line.find(']', i);
    return std::string(line.substr(start, close == std::string_view::npos ? i - start + 1 : close - start + 1));
  }
  return "";
}
}  // namespace

void explain_yaml_error(std::string_view text, LoadError& e) {
  if (e.line <= 0) return;
  // The parser often stops a line after the tab (the tab hides the indentation it expected).
  for (int l = e.line; l >= 1 && l >= e.line - 1; --l) {
    if (const int column = indenting_tab(line_of(text, l))) {
      e.message += ": line " + std::to_string(l) + " is indented with a tab (column " + std::to_string(column) +
                   "), and YAML indents with spaces only";
      e.suggestion = "replace the tab with spaces";
      return;
    }
  }
  const std::string word = bracketed_word(line_of(text, e.line));
  if (!word.empty()) {
    e.message += ": inside {...} the `[` of an unquoted `" + word + "` starts a list";
    e.suggestion = "quote it: \"" + word + "\"";
  }
}

}  // namespace faultline::scenario
