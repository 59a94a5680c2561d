#pragma once
// What a run would cost (`cost:`): replica-hours over [warmup, duration) times
// the service's `replica_hour`, plus its requests (arrivals) times
// `per_million_requests` / 10^6, summed over services;
// per_million_succeeded = total / (client successes / 10^6).
// Replicas are billed from the scale-out decision until a removed replica has
// drained; the meter integrates the billed count in integer replica-nanoseconds,
// so the arithmetic is exact until the final conversion to hours.
#include <cstdint>
#include <string>
#include <vector>

#include "faultline/engine/time.hpp"

namespace faultline::data {

class ReplicaMeter {
 public:
  /// Bills over [from, until): the warmup's end and the run's end.
  ReplicaMeter(Time from, Time until, std::uint32_t initial) : from_(from), until_(until), count_(initial) {}

  /// From `now` on, `billed` replicas are paid for.
  void set(Time now, std::uint32_t billed);
  /// Replica-nanoseconds in [from, min(now, until)).
  std::int64_t replica_ns(Time now) const;
  double replica_hours(Time now) const { return static_cast<double>(replica_ns(now)) / 3.6e12; }
  std::uint32_t billed() const { return count_; }

 private:
  Time from_, until_;
  Time last_;
  std::uint32_t count_;
  std::int64_t area_ = 0;  // up to last_, clipped to the billing window
};

struct ServicePrice {
  double replica_hour = 0;
  double per_million_requests = 0;
};

struct ServiceCost {
  std::string name;
  double replica_hours = 0;
  std::uint64_t requests = 0;
  double cost = 0;
};

struct CostSummary {
  std::vector<ServiceCost> by_service;
  double total = 0;
  double per_million_succeeded = 0;  // 0 when nothing succeeded
};

ServiceCost service_cost(std::string name, const ServicePrice& price, double replica_hours, std::uint64_t requests);
/// Sums the services and divides by the successes.
CostSummary total_cost(std::vector<ServiceCost> services, std::uint64_t succeeded);

}  // namespace faultline::data
