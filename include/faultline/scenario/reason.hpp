#pragma once
// Why an attempt or operation failed. [core] uses the first three.
#include <cstdint>

namespace faultline {

enum class Reason : std::uint8_t { timeout = 0, error = 1, rejected = 2, short_circuited = 3, throttled = 4, deadline = 5 };
inline constexpr int kReasonCount = 6;
inline constexpr std::uint8_t reason_bit(Reason r) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(r)); }

}  // namespace faultline
