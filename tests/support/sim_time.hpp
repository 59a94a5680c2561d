#pragma once
// Instants of simulated time from seconds or milliseconds, for tests that
// drive components by hand (one definition: the test files build together).
#include "faultline/engine/time.hpp"

namespace faultline::testing {

inline Time at_s(double s) { return Time::zero() + Duration::s(s); }
inline Time at_ms(double ms) { return Time::zero() + Duration::ms(ms); }

}  // namespace faultline::testing
