// [data-tier] How queues sit on the call graph's edges: a publish (from a
// service's calls or a client) is an edge whose target is the queue, planned in
// its place; a queue's consumer edge comes after every other edge (plan_edges).
#include "faultline/model/builder.hpp"

namespace faultline {

std::uint32_t queue_target(const Spec& spec, int q) {
  return static_cast<std::uint32_t>(spec.services.size() + static_cast<std::size_t>(q));
}

std::string call_edge_name(const Spec& spec, const ServiceSpec& svc, std::size_t k) {
  const CallSpec& call = svc.calls[k];
  int same = 0;  // a second call to the same service (or queue) gets a suffix
  for (std::size_t j = 0; j < k; ++j) same += svc.calls[j].service == call.service && svc.calls[j].queue == call.queue;
  const std::string to = call.queue >= 0 ? "queue:" + spec.queues[static_cast<std::size_t>(call.queue)].name
                                         : spec.services[static_cast<std::size_t>(call.service)].name;
  return to + (same ? "#" + std::to_string(same + 1) : "");
}

EdgePlan plan_publish(const Spec& spec, std::string name, std::string from, int q, int retry) {
  EdgePlan p;
  p.config.name = std::move(name);
  p.config.target_service = queue_target(spec, q);
  p.config.target_replicas = 1;
  p.config.retry = retry >= 0 ? &spec.retry_policies[static_cast<std::size_t>(retry)] : nullptr;
  p.from = std::move(from);
  p.to = "queues." + spec.queues[static_cast<std::size_t>(q)].name;
  return p;
}

}  // namespace faultline
