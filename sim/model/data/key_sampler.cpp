#include "faultline/model/data/key_sampler.hpp"

#include <cassert>
#include <cmath>

namespace faultline::data {
namespace {
// log1p(x)/x and expm1(x)/x, with their series near 0 (s == 1 makes H's
// exponent vanish; the series keeps that case exact instead of 0/0).
double log1p_over_x(double x) {
  return std::fabs(x) > 1e-8 ? std::log1p(x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
}
double expm1_over_x(double x) {
  return std::fabs(x) > 1e-8 ? std::expm1(x) / x : 1.0 + x * 0.5 * (1.0 + x / 3.0 * (1.0 + 0.25 * x));
}
}  // namespace

KeySampler::KeySampler(std::uint64_t count, double s) : n_(count), s_(s) {
  assert(count >= 1 && s >= 0);
  if (s_ == 0) return;
  h_integral_x1_ = h_integral(1.5) - 1.0;
  h_integral_n_ = h_integral(static_cast<double>(n_) + 0.5);
  squeeze_ = 2.0 - h_integral_inverse(h_integral(2.5) - h(2.0));
}

// h(x) = x^-s; H is its antiderivative, (x^(1-s) - 1) / (1 - s) (log x at s = 1).
double KeySampler::h(double x) const { return std::exp(-s_ * std::log(x)); }
double KeySampler::h_integral(double x) const {
  const double log_x = std::log(x);
  return expm1_over_x((1.0 - s_) * log_x) * log_x;
}
double KeySampler::h_integral_inverse(double x) const {
  double t = x * (1.0 - s_);
  if (t < -1.0) t = -1.0;  // rounding can push it just past the domain
  return std::exp(log1p_over_x(t) * x);
}

std::uint64_t KeySampler::draw(Rng& rng) const {
  if (s_ == 0) return 1 + rng.below(n_);
  for (;;) {
    // u uniform in (H(1.5) - 1, H(n + 0.5)]: invert H, round to the nearest key,
    // accept when u falls under that key's bar (most draws pass the squeeze).
    const double u = h_integral_n_ + rng.uniform() * (h_integral_x1_ - h_integral_n_);
    const double x = h_integral_inverse(u);
    double kd = std::floor(x + 0.5);
    if (kd < 1) kd = 1;
    if (kd > static_cast<double>(n_)) kd = static_cast<double>(n_);
    if (kd - x <= squeeze_ || u >= h_integral(kd + 0.5) - h(kd)) return static_cast<std::uint64_t>(kd);
  }
}

}  // namespace faultline::data
