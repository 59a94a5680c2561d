#pragma once
// Portable samplers (std:: distributions differ between standard libraries,
// and output must be byte-identical everywhere).
#include "faultline/engine/random.hpp"

namespace faultline::dist {

/// Exponential with the given mean (mean > 0).
double exponential(Rng& rng, double mean);
/// Standard normal, N(0, 1) (Marsaglia polar method, no cached spare so a
/// stream's state depends only on how many samples were drawn).
double standard_normal(Rng& rng);
/// Inverse of the standard normal CDF (Acklam's rational approximation).
double normal_quantile(double p);

}  // namespace faultline::dist
