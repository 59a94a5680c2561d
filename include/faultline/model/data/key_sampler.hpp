#pragma once
// Which key a request touches: uniform over 1..count, or zipf(s) with
// P(i) proportional to i^-s exactly. The zipf draw is Hörmann and Derflinger's
// rejection-inversion ("Rejection-inversion to generate variates from monotone
// discrete distributions", 1996), as in Apache Commons RNG: O(1) setup, O(1)
// expected per draw (fewer than 1.1 uniforms on average), no table, so a
// key space of 10^9 costs nothing.
#include <cstdint>

#include "faultline/engine/random.hpp"

namespace faultline::data {

class KeySampler {
 public:
  /// Uniform over 1..count.
  static KeySampler uniform(std::uint64_t count) { return KeySampler(count, 0.0); }
  /// zipf(s) over 1..count, s >= 0 (s == 0 is uniform, drawn the cheap way).
  static KeySampler zipf(std::uint64_t count, double s) { return KeySampler(count, s); }

  KeySampler() : KeySampler(1, 0.0) {}

  /// A key in 1..count.
  std::uint64_t draw(Rng& rng) const;

  std::uint64_t count() const { return n_; }
  double exponent() const { return s_; }

 private:
  KeySampler(std::uint64_t count, double s);
  double h(double x) const;
  double h_integral(double x) const;
  double h_integral_inverse(double x) const;

  std::uint64_t n_;
  double s_;
  double h_integral_x1_ = 0;  // H(1.5) - 1
  double h_integral_n_ = 0;   // H(n + 0.5)
  double squeeze_ = 0;        // accept at once when k - x <= this
};

}  // namespace faultline::data
