#include "faultline/scenario/units.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

namespace faultline::units {

namespace {

constexpr double kMaxSeconds = 1e9;
constexpr double kMaxRatePerSecond = 1e9;

std::string trim(std::string_view s) {
  std::size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
  return std::string(s.substr(a, b - a));
}

/// Splits "1.5ms" into a finite number and the rest; false if no number leads.
bool split_number(const std::string& text, double& value, std::string& rest) {
  if (text.empty()) return false;
  const char* begin = text.c_str();
  char* end = nullptr;
  errno = 0;
  value = std::strtod(begin, &end);
  if (end == begin) return false;
  if (errno == ERANGE || !std::isfinite(value)) {
    value = HUGE_VAL;
  }
  rest = std::string(end);
  // strtod accepts "inf", "nan", hex: refuse them.
  for (const char* p = begin; p < end; ++p) {
    if (!(std::isdigit(static_cast<unsigned char>(*p)) || *p == '.' || *p == 'e' || *p == 'E' || *p == '+' || *p == '-'))
      return false;
  }
  return true;
}

bool is_bare_number(const std::string& text) {
  double v;
  std::string rest;
  return split_number(text, v, rest) && trim(rest).empty();
}

}  // namespace

Parsed<Duration> parse_duration(std::string_view raw) {
  const std::string text = trim(raw);
  double value = 0;
  std::string unit;
  if (!split_number(text, value, unit)) {
    return {std::nullopt, "expected a duration (number + unit ns, us, ms, s, m, h), got \"" + text + "\""};
  }
  unit = trim(unit);
  if (unit.empty()) {
    return {std::nullopt, "expected a duration with a unit (ns, us, ms, s, m, h), got bare number " + text};
  }
  double scale = 0;
  if (unit == "ns") scale = 1;
  else if (unit == "us") scale = 1e3;
  else if (unit == "ms") scale = 1e6;
  else if (unit == "s") scale = 1e9;
  else if (unit == "m") scale = 60e9;
  else if (unit == "h") scale = 3600e9;
  else return {std::nullopt, "unknown duration unit \"" + unit + "\" in \"" + text + "\" (use ns, us, ms, s, m or h)"};
  if (value < 0) return {std::nullopt, "expected a duration >= 0, got " + text};
  if (!(value * scale <= kMaxSeconds * 1e9)) {
    return {std::nullopt, "duration " + text + " is too long (at most 1000000000s)"};
  }
  return {Duration::ns(static_cast<std::int64_t>(value * scale + 0.5)), ""};
}

Parsed<double> parse_rate(std::string_view raw) {
  const std::string text = trim(raw);
  const auto slash = text.find('/');
  if (slash == std::string::npos) {
    if (is_bare_number(text)) {
      return {std::nullopt, "expected a rate with a unit (/s, /ms, /m, /h), got bare number " + text};
    }
    return {std::nullopt, "expected a rate like 800/s, got \"" + text + "\""};
  }
  double value = 0;
  std::string rest;
  if (!split_number(trim(text.substr(0, slash)), value, rest) || !trim(rest).empty()) {
    return {std::nullopt, "expected a rate like 800/s, got \"" + text + "\""};
  }
  const std::string unit = trim(text.substr(slash + 1));
  double per_second = 0;
  if (unit == "s") per_second = 1;
  else if (unit == "ms") per_second = 1e3;
  else if (unit == "m") per_second = 1.0 / 60;
  else if (unit == "h") per_second = 1.0 / 3600;
  else return {std::nullopt, "unknown rate unit \"/" + unit + "\" in \"" + text + "\" (use /s, /ms, /m or /h)"};
  if (value < 0) return {std::nullopt, "expected a rate >= 0, got " + text};
  if (!(value * per_second <= kMaxRatePerSecond)) return {std::nullopt, "rate " + text + " is too high (at most 1000000000/s)"};
  return {value * per_second, ""};
}

Parsed<double> parse_probability(std::string_view raw) {
  std::string text = trim(raw);
  double scale = 1;
  if (!text.empty() && text.back() == '%') {
    text.pop_back();
    text = trim(text);
    scale = 0.01;
  }
  double value = 0;
  std::string rest;
  if (!split_number(text, value, rest) || !trim(rest).empty()) {
    return {std::nullopt, "expected a probability (0..1 or a percentage like 5%), got \"" + std::string(trim(raw)) + "\""};
  }
  value *= scale;
  if (!(value >= 0 && value <= 1)) {
    return {std::nullopt, "expected a probability between 0 and 1 (or 0% and 100%), got " + std::string(trim(raw))};
  }
  return {value, ""};
}

}  // namespace faultline::units
