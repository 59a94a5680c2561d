#pragma once
// Small text helpers shared by the report writers.
#include <cstdint>
#include <string>

#include "faultline/engine/time.hpp"
#include "faultline/metrics/registry.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline::report {

/// 1234567 -> "1,234,567".
std::string thousands(std::uint64_t n);
/// A double with fixed decimals, thousands separators in the integer part.
std::string fixed(double v, int decimals);
/// Deterministic short number for CSV: up to 6 decimals, trailing zeros trimmed.
std::string number(double v);
/// A real figure as a CSV cell: rounded, then number(); empty when not finite.
std::string csv_number(double v);
/// A registry figure as a CSV cell (counts as integers, text as is).
std::string csv_cell(const Metric& m);
/// The engine fingerprint as 16 hex digits.
std::string fingerprint_hex(std::uint64_t fingerprint);
/// 250us, 5ms, 1.5s, 2m; "none" for infinite.
std::string duration(Duration d);
/// exponential(mean 5ms), lognormal(median 5ms, p99 40ms) ...
std::string distribution(const DistSpec& d);
/// Pads on the left (numbers) or right (labels) to a display width (UTF-8 aware).
std::string pad_left(const std::string& s, std::size_t width);
std::string pad_right(const std::string& s, std::size_t width);
std::size_t display_width(const std::string& s);

}  // namespace faultline::report
