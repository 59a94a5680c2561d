#include "faultline/model/balancer.hpp"

namespace faultline {

std::uint32_t Balancer::pick(Rng& rng) {
  const std::uint32_t n = active_;
  if (n == 1) return 0;
  auto fewer = [&](std::uint32_t a, std::uint32_t b) {
    if (outstanding_[a] != outstanding_[b]) return outstanding_[a] < outstanding_[b] ? a : b;
    return rng.below(2) == 0 ? a : b;  // ties: drawn from the caller's stream
  };
  switch (kind_) {
    case ServiceSpec::Balancer::round_robin: return round_robin_next_++ % n;
    case ServiceSpec::Balancer::random: return static_cast<std::uint32_t>(rng.below(n));
    case ServiceSpec::Balancer::p2c: {
      const auto a = static_cast<std::uint32_t>(rng.below(n));
      auto b = static_cast<std::uint32_t>(rng.below(n - 1));
      if (b >= a) ++b;  // two distinct replicas
      return fewer(a, b);
    }
    case ServiceSpec::Balancer::least_outstanding: {
      std::uint32_t best = 0, ties = 0;
      for (std::uint32_t r = 0; r < n; ++r) {
        if (r == 0 || outstanding_[r] < outstanding_[best]) {
          best = r;
          ties = 1;
        } else if (outstanding_[r] == outstanding_[best]) {
          ++ties;
        }
      }
      if (ties == 1) return best;
      auto pick = rng.below(ties);  // a uniform choice among the least loaded
      for (std::uint32_t r = 0; r < n; ++r) {
        if (outstanding_[r] == outstanding_[best] && pick-- == 0) return r;
      }
      return best;
    }
  }
  return 0;
}

}  // namespace faultline
