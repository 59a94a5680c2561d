#include "input_guard.hpp"

#include <string>

namespace faultline::scenario {

namespace {
LoadError at(const std::string& file, int line, int column, std::string message) {
  LoadError e;
  e.file = file;
  e.line = line;
  e.column = column;
  e.message = std::move(message);
  return e;
}

/// Length of a valid UTF-8 sequence starting at s[i], or 0.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  return n;
}
}  // namespace

std::optional<LoadError> check_input(std::string_view text, const std::string& file) {
  if (text.size() > kMaxInputBytes) {
    return at(file, 0, 0, "file is " + std::to_string(text.size()) + " bytes; a scenario may be at most 16 MiB");
  }
  int line = 1, column = 1, flow_depth = 0, block_depth = 0;
  bool in_single = false, in_double = false, in_comment = false, line_start = true;
  char prev = ' ';  // an apostrophe inside a word (it's) does not open a quote
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '\0') return at(file, line, column, "not a text file: found a NUL byte");
    const std::size_t n = utf8_length(text, i);
    if (n == 0) return at(file, line, column, "not valid UTF-8 text: found byte " + std::to_string(static_cast<unsigned char>(c)));
    if (c == '\n') {
      ++line;
      column = 1;
      in_comment = false;
      in_single = in_double = false;  // quotes across lines are rare; never miss a bracket because of one
      line_start = true;
      block_depth = 0;
      prev = ' ';
      i += n;
      continue;
    }
    if (line_start) {
      // Indentation and "- - -" prefixes both nest block collections.
      if (c == ' ') {
        if (++block_depth > 4 * kMaxNesting) return at(file, line, column, "nesting is too deep (indented more than 256 columns)");
      } else if (c == '-' && i + 1 < text.size() && (text[i + 1] == ' ')) {
        block_depth += 2;
        if (block_depth > 4 * kMaxNesting) return at(file, line, column, "nesting is too deep");
      } else {
        line_start = false;
      }
    }
    if (!in_comment) {
      if (c == '#' && !in_single && !in_double) {
        in_comment = true;
      } else if (c == '\'' && !in_double && (in_single || prev == ' ' || prev == ':' || prev == '[' ||
                                               prev == '{' || prev == ',')) {
        in_single = !in_single;
      } else if (c == '"' && !in_single) {
        in_double = !in_double;
      } else if (!in_single && !in_double) {
        if (c == '[' || c == '{') {
          if (++flow_depth > kMaxNesting) {
            return at(file, line, column, "nesting is too deep (more than " + std::to_string(kMaxNesting) + " levels of [ and {)");
          }
        } else if ((c == ']' || c == '}') && flow_depth > 0) {
          --flow_depth;
        }
      }
    }
    prev = c;
    ++column;
    i += n;
  }
  return std::nullopt;
}

}  // namespace faultline::scenario
