#include "faultline/model/data/run_cost.hpp"

#include "faultline/model/data/cost.hpp"

namespace faultline::data {

CostResult run_cost(const Spec& spec, const RunResult& result) {
  const Time from = Time::zero() + spec.simulation.warmup;
  const Time until = Time::zero() + spec.simulation.duration;
  const Time now = Time::zero() + Duration::s(result.simulated_s);
  std::vector<ServiceCost> lines;
  for (std::size_t s = 0; s < spec.services.size() && s < result.services.size(); ++s) {
    const ServiceSpec& svc = spec.services[s];
    const ReplicaMeter meter(from, until, static_cast<std::uint32_t>(svc.replicas + svc.replication.read_replicas));  // read replicas billed too
    // Autoscaled: billed from each decision until a removed replica has drained.
    const ServiceSummary& summary = result.services[s];
    const double hours = summary.autoscaled ? summary.replica_seconds / 3600.0 : meter.replica_hours(now);
    const ServicePrice price{s < spec.cost.replica_hour.size() ? spec.cost.replica_hour[s] : 0,
                             s < spec.cost.per_million_requests.size() ? spec.cost.per_million_requests[s] : 0};
    lines.push_back(service_cost(svc.name, price, hours, summary.arrivals));
  }
  std::uint64_t succeeded = 0;
  for (const ClientSummary& c : result.clients) succeeded += c.succeeded;
  const CostSummary total = total_cost(std::move(lines), succeeded);
  CostResult out;
  out.present = true;
  out.total = total.total;
  out.per_million_succeeded = total.per_million_succeeded;
  for (const ServiceCost& c : total.by_service) out.by_service.push_back({c.name, c.replica_hours, c.requests, c.cost});
  return out;
}

}  // namespace faultline::data
