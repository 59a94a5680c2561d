#pragma once
// Checks raw text before the YAML parser sees it: size, binary bytes, invalid
// UTF-8, nesting deep enough to exhaust the parser's stack.
#include <optional>
#include <string_view>

#include "faultline/scenario/load.hpp"

namespace faultline::scenario {

inline constexpr std::size_t kMaxInputBytes = 16u << 20;
inline constexpr int kMaxNesting = 64;

/// The first problem found, located; nullopt when the text may be parsed.
std::optional<LoadError> check_input(std::string_view text, const std::string& file);
/// A file of `size` bytes is over the limit: located where `text` (its first bytes) crosses it.
LoadError too_large(std::string_view text, std::uintmax_t size, const std::string& file);

}  // namespace faultline::scenario
