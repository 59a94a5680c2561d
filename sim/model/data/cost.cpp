#include "faultline/model/data/cost.hpp"

#include <algorithm>
#include <utility>

namespace faultline::data {

namespace {
// Length of [a, b) ∩ [from, until), in ns.
std::int64_t overlap(Time a, Time b, Time from, Time until) {
  const Time lo = std::max(a, from), hi = std::min(b, until);
  return hi < lo ? 0 : (hi - lo).count_ns();
}
}  // namespace

void ReplicaMeter::set(Time now, std::uint32_t billed) {
  area_ += static_cast<std::int64_t>(count_) * overlap(last_, now, from_, until_);
  last_ = now;
  count_ = billed;
}

std::int64_t ReplicaMeter::replica_ns(Time now) const {
  return area_ + static_cast<std::int64_t>(count_) * overlap(last_, now, from_, until_);
}

ServiceCost service_cost(std::string name, const ServicePrice& price, double replica_hours, std::uint64_t requests) {
  ServiceCost c;
  c.name = std::move(name);
  c.replica_hours = replica_hours;
  c.requests = requests;
  c.cost = replica_hours * price.replica_hour + static_cast<double>(requests) * price.per_million_requests / 1e6;
  return c;
}

CostSummary total_cost(std::vector<ServiceCost> services, std::uint64_t succeeded) {
  CostSummary s;
  s.by_service = std::move(services);
  for (const ServiceCost& c : s.by_service) s.total += c.cost;
  s.per_million_succeeded = succeeded == 0 ? 0.0 : s.total / (static_cast<double>(succeeded) / 1e6);
  return s;
}

}  // namespace faultline::data
