#include "faultline/engine/random.hpp"

namespace faultline {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

Rng::Rng(std::uint64_t seed) {
  std::uint64_t state = seed;
  for (auto& word : s_) word = splitmix64(state);
}

Rng stream_for(std::uint64_t seed, std::string_view component_path, std::uint64_t replication) {
  std::uint64_t state = seed ^ 0x6a09e667f3bcc909ULL;
  std::uint64_t mixed = splitmix64(state) ^ stable_hash(component_path);
  mixed = splitmix64(mixed) ^ (replication * 0x9e3779b97f4a7c15ULL);
  return Rng(splitmix64(mixed));
}

}  // namespace faultline
