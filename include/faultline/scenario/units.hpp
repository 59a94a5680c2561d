#pragma once
// Units of the scenario format: durations, rates, probabilities.
#include <optional>
#include <string>
#include <string_view>

#include "faultline/engine/time.hpp"

namespace faultline::units {

/// A parse result: the value, or a message saying what was expected.
template <class T>
struct Parsed {
  std::optional<T> value;
  std::string error;  // empty when value is set
};

/// "250us", "5ms", "1.5s", "2m", "1h", "10ns"; "none" is not accepted here.
Parsed<Duration> parse_duration(std::string_view text);
/// "800/s", "3/ms", "1200/m", "5/h" -> per second.
Parsed<double> parse_rate(std::string_view text);
/// "0.05" or "5%" -> [0, 1].
Parsed<double> parse_probability(std::string_view text);

}  // namespace faultline::units
