#include "input_guard.hpp"

#include <string>

namespace faultline::scenario {

namespace {
LoadError at(const std::string& file, int line, int column, std::string message, std::string suggestion = "") {
  LoadError e;
  e.file = file;
  e.line = line;
  e.column = column;
  e.message = std::move(message);
  e.suggestion = std::move(suggestion);
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

/// Where YAML may begin a token: a quote there opens a quoted scalar; elsewhere
/// (inside a plain scalar: `x 'y`, `it's`) it is an ordinary character.
bool token_start(char last) {
  return last == '\n' || last == ':' || last == '-' || last == '[' || last == '{' || last == ',' || last == '?';
}
}  // namespace

LoadError too_large(std::string_view text, std::uintmax_t size, const std::string& file) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < text.size() && i < kMaxInputBytes; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return at(file, line, column, "file is " + std::to_string(size) + " bytes; a scenario may be at most 16 MiB",
            "the limit is crossed here; split the scenario or generate a smaller one");
}

std::optional<LoadError> check_input(std::string_view text, const std::string& file) {
  if (text.size() > kMaxInputBytes) return too_large(text, text.size(), file);
  int line = 1, column = 1, flow_depth = 0, block_depth = 0;
  bool in_single = false, in_double = false, escaped = false, in_comment = false, line_start = true;
  char prev = '\n';  // the previous character; '\n' at a line's start
  char last = '\n';  // the last character that is not a space, on this line
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '\0') return at(file, line, column, "not a text file: found a NUL byte");
    const std::size_t n = utf8_length(text, i);
    if (n == 0) return at(file, line, column, "not valid UTF-8 text: found byte " + std::to_string(static_cast<unsigned char>(c)));
    if (c == '\n') {
      ++line;
      column = 1;
      in_comment = false;
      in_single = in_double = escaped = false;  // quotes across lines are rare; never miss a bracket because of one
      line_start = true;
      block_depth = 0;
      prev = last = '\n';
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
    const bool after_space = prev == ' ' || prev == '\t' || prev == '\n';
    if (!in_comment) {
      if (in_single) {
        if (c == '\'') in_single = false;  // '' inside closes and reopens: same state after both
      } else if (in_double) {
        if (escaped) {
          escaped = false;  // an escaped character never closes the string
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          in_double = false;
        }
      } else if (c == '#' && after_space) {
        in_comment = true;  // `a#b` is a plain scalar, not a comment
      } else if ((c == '\'' || c == '"') && token_start(last) && (after_space || prev == last)) {
        (c == '\'' ? in_single : in_double) = true;
      } else if (c == '[' || c == '{') {
        if (++flow_depth > kMaxNesting) {
          return at(file, line, column, "nesting is too deep (more than " + std::to_string(kMaxNesting) + " levels of [ and {)");
        }
      } else if ((c == ']' || c == '}') && flow_depth > 0) {
        --flow_depth;
      }
    }
    prev = c;
    if (c != ' ' && c != '\t') last = c;
    ++column;
    i += n;
  }
  return std::nullopt;
}

}  // namespace faultline::scenario
