#pragma once
// Upper bounds of the format that are not a single key's range, chosen so that
// no time arithmetic of a valid scenario overflows int64 nanoseconds (about
// 292 years): runs, samples, bursts, and the added time of faults. Documented
// in docs/scenario-reference.md ("Bounds").
#include <cstdint>

namespace faultline::bounds {

inline constexpr double kMaxRunSeconds = 1e8;          // simulation.duration (about 3 years)
inline constexpr std::int64_t kMaxSamples = 1000000;   // duration / sample_interval
inline constexpr double kMaxBurstCount = 1e6;          // operations in one burst
inline constexpr double kMaxFaultAddSeconds = 1e9;     // all faults' `add` together (overlaps cannot sum past it)

}  // namespace faultline::bounds
