#pragma once
// Random streams: xoshiro256** seeded through splitmix64. One stream per
// component, derived from (scenario seed, component path, replication), so
// adding a component never shifts another's draws.
#include <cstdint>
#include <string_view>

namespace faultline {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 1);

  /// Next raw 64-bit output.
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  /// Uniform in [0, 1), 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Uniform in (0, 1]: never 0, so log() is finite.
  double uniform_open0() { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }
  /// Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  /// Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; tiny bias acceptable).
  std::uint64_t below(std::uint64_t n) {
    __extension__ using u128 = unsigned __int128;
    return static_cast<std::uint64_t>((static_cast<u128>(next()) * n) >> 64);
  }
  /// True with probability p.
  bool bernoulli(double p) { return p > 0 && uniform() < p; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

/// splitmix64 step: the seed mixer.
std::uint64_t splitmix64(std::uint64_t& state);
/// FNV-1a of a string: stable across platforms (std::hash is not).
std::uint64_t stable_hash(std::string_view text);
/// The stream of one component: seeded from (seed, path, replication).
Rng stream_for(std::uint64_t seed, std::string_view component_path, std::uint64_t replication = 0);

}  // namespace faultline
