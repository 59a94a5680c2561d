#pragma once
// Load-dependent service time, the mechanism of GC death spirals: the busier a
// replica, the slower each request, which makes it busier still.
// scale(u) with u = busy workers / workers, counting the request being started:
//   linear: 1 + f*u   polynomial: 1 + f*u^exponent   exponential: e^(f*u)
#include <cstdint>

#include "faultline/engine/time.hpp"

namespace faultline::data {

enum class LoadMode : std::uint8_t { linear, polynomial, exponential };

struct LoadDependentConfig {
  LoadMode mode = LoadMode::linear;
  double factor = 0;    // f >= 0
  double exponent = 2;  // polynomial only
};

/// The multiplier at utilization u in [0, 1].
double load_multiplier(const LoadDependentConfig& config, double u);

/// u for a request starting on a replica with `busy_before` of `workers` busy.
inline double utilization_at_start(std::uint32_t busy_before, std::uint32_t workers) {
  return workers == 0 ? 1.0 : static_cast<double>(busy_before + 1) / static_cast<double>(workers);
}

/// A drawn service time scaled by the multiplier, rounded to the nanosecond.
inline Duration scale_service_time(Duration base, double multiplier) {
  return Duration::ns(static_cast<std::int64_t>(static_cast<double>(base.count_ns()) * multiplier + 0.5));
}

}  // namespace faultline::data
