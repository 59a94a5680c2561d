#pragma once
// A caller's choice among a service's replicas, and its count of attempts
// awaited per replica (what least_outstanding and p2c compare).
#include <cstdint>
#include <vector>

#include "faultline/engine/random.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

class Balancer {
 public:
  Balancer() = default;
  Balancer(ServiceSpec::Balancer kind, int replicas)
      : kind_(kind), active_(static_cast<std::uint32_t>(replicas)), outstanding_(static_cast<std::size_t>(replicas), 0) {}

  /// The replica for the next attempt; ties and random choices draw from `rng`.
  std::uint32_t pick(Rng& rng);
  void taken(std::uint32_t replica) { ++outstanding_[replica]; }
  void returned(std::uint32_t replica) { --outstanding_[replica]; }
  /// [data-tier] autoscaling: only replicas 0..n-1 take work (n >= 1); the
  /// others may still hold attempts, which return as usual.
  void set_active(std::uint32_t n) { active_ = n; }
  std::uint32_t active() const { return active_; }

 private:
  ServiceSpec::Balancer kind_ = ServiceSpec::Balancer::round_robin;
  std::uint32_t round_robin_next_ = 0;
  std::uint32_t active_ = 0;  // replicas taking work: the first active_ ones
  std::vector<std::uint32_t> outstanding_;  // this caller's attempts awaited, per replica
};

}  // namespace faultline
