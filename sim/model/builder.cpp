#include "faultline/model/builder.hpp"

#include "faultline/engine/random.hpp"
#include "faultline/model/build_rows.hpp"
#include "faultline/model/cache_component.hpp"
#include "faultline/model/service_autoscaler.hpp"

namespace faultline {

namespace {

/// Services and their replicas; each replica registers its handler in order.
void build_services(Model& m, const Spec& spec) {
  const std::uint64_t seed = spec.simulation.seed;
  for (std::uint32_t s = 0; s < spec.services.size(); ++s) {
    const ServiceSpec& svc = spec.services[s];
    std::vector<Replica*> members;
    for (int r = 0; r < svc.slots(); ++r) {  // [data-tier] autoscaled: `max` slots
      Replica::Config rc;
      rc.index = static_cast<std::uint32_t>(m.services->replicas().size());
      rc.service = s;
      rc.workers = svc.workers;
      rc.queue_capacity = svc.queue.capacity;
      rc.lifo = svc.queue.discipline == QueueSpec::Discipline::lifo;
      rc.error_rate = svc.error_rate;
      rc.call_edges = m.service_call_edges[s];
      rc.drop_expired = svc.queue.drop_expired;
      rc.side_effect = svc.side_effect;
      rc.idempotency_keys = svc.idempotency.keys;
      rc.load_dependent = svc.load_dependent;
      rc.admission = svc.admission;
      rc.read_replica = r >= svc.primary_slots() ? r - svc.primary_slots() : -1;  // [data-tier] after every primary slot
      const std::string path = "services." + svc.name + "[" + std::to_string(r) + "]";
      Replica& replica = m.services->add_replica(std::move(rc), Sampler(svc.service_time),
                                                 stream_for(seed, path + ".work"), stream_for(seed, path + ".errors"),
                                                 stream_for(seed, path + ".faults"));
      replica.set_name(svc.slots() > 1 ? path.substr(9) : svc.name);
      replica.attach();
      members.push_back(&replica);
    }
    Service& service = m.services->add_service(members, svc.idempotency.keys, svc.idempotency.ttl);
    for (Replica* r : members) r->set_store(&service.store());
    m.callers->route(s, &service);
  }
}

/// Budget tokens and breaker states join the time series when those policies are on.
void add_edge_gauges(Model& m) {
  for (std::uint32_t i = 0; i < m.callers->edges().size(); ++i) {
    Edge& e = m.callers->edge(i);
    const std::string entity = "edges." + e.config.name;
    EdgeGuard& g = e.guard;
    if (g.budget().enabled()) {
      m.recorder.add_gauge(entity, "budget_tokens", [&g](Time now) { return g.budget().balance(now); });
    }
    if (g.throttling().enabled()) {
      m.recorder.add_gauge(entity, "throttling_tokens", [&g](Time) { return g.throttling().tokens(); });
    }
    if (g.breaker().enabled()) {
      m.recorder.add_gauge(entity, "breaker_state",  // 0 closed, 1 half-open, 2 open
                           [&g](Time now) { return static_cast<double>(g.breaker().state(now)); });
      m.recorder.add_gauge(entity, "breaker_transitions",
                           [&g](Time) { return static_cast<double>(g.breaker().transitions()); });
    }
  }
}

void build_clients(Model& m, const Spec& spec) {
  const std::uint64_t seed = spec.simulation.seed;
  m.client_context = std::make_unique<ClientContext>(ClientContext{m.engine, m.signals, *m.callers});
  for (std::uint32_t c = 0; c < spec.clients.size(); ++c) {
    const ClientSpec& cs = spec.clients[c];
    const std::string path = "clients." + cs.name;
    m.clients.push_back(std::make_unique<Client>(*m.client_context, c, cs, m.client_edges[c],
                                                 stream_for(seed, path + ".arrivals"),
                                                 stream_for(seed, path + ".think")));
  }
  add_edge_gauges(m);
  for (auto& client : m.clients) client->attach(m.callers->add_owner(client.get()));
}

/// Every component kind, in build order. A new kind is one line here (see builder.hpp).
constexpr ComponentRegistration kComponents[] = {
    {"services", &build_services},
    {"clients", &build_clients},
    {"queues", &build_queues},  // [data-tier] queue_component.cpp
    {"rows and pools", &build_rows_and_pools},  // [data-tier] keys, locks, replication, connection pools
    {"caches", &build_caches},  // [data-tier]
    {"autoscalers", &build_autoscalers},  // [data-tier]
};

}  // namespace

std::vector<EdgePlan> plan_edges(const Spec& spec) {
  std::vector<EdgePlan> out;
  auto plan = [&](std::string name, std::string from, int target, Duration timeout, int retry,
                  const EdgePolicies& policies) {
    const ServiceSpec& to = spec.services[static_cast<std::size_t>(target)];
    EdgePlan p;
    p.config.name = std::move(name);
    p.config.target_service = static_cast<std::uint32_t>(target);
    p.config.target_replicas = to.primary_slots();  // primaries only: read replicas follow
    p.config.balancer = to.balancer;
    p.config.timeout = timeout;
    p.config.retry = retry >= 0 ? &spec.retry_policies[static_cast<std::size_t>(retry)] : nullptr;
    p.config.policies = policies;
    p.from = std::move(from);
    p.to = "services." + to.name;
    out.push_back(std::move(p));
  };
  for (std::uint32_t s = 0; s < spec.services.size(); ++s) {
    const ServiceSpec& svc = spec.services[s];
    for (std::size_t k = 0; k < svc.calls.size(); ++k) {
      const CallSpec& call = svc.calls[k];
      if (call.queue >= 0) {  // [data-tier] a publish, in its place among the calls
        out.push_back(plan_publish(spec, svc.name + "->" + call_edge_name(spec, svc, k), "services." + svc.name,
                                   call.queue, call.retry));
        out.back().config.from = s;
        continue;
      }
      plan(svc.name + "->" + call_edge_name(spec, svc, k), "services." + svc.name, call.service, call.timeout,
           call.retry, call.policies);
      out.back().config.from = s;
      out.back().config.cache = call.cache;  // [data-tier] -1: none
      out.back().config.op = static_cast<std::uint8_t>(call.op);  // [data-tier] reads go to the read replicas
      if (call.op == CallOp::read) {
        const ServiceSpec& target = spec.services[static_cast<std::size_t>(call.service)];
        out.back().config.replica_offset = static_cast<std::uint32_t>(target.primary_slots());
        out.back().config.target_replicas = target.replication.read_replicas;
        out.back().config.balancer = target.balancer;
      }
    }
  }
  for (std::uint32_t c = 0; c < spec.clients.size(); ++c) {
    const ClientSpec& cs = spec.clients[c];
    if (cs.target_queue >= 0) {  // [data-tier] a client publishing to a queue
      const std::string& q = spec.queues[static_cast<std::size_t>(cs.target_queue)].name;
      out.push_back(plan_publish(spec, cs.name + "->queue:" + q, "clients." + cs.name, cs.target_queue, cs.retry));
      out.back().config.from_client = true;
      out.back().config.from = c;
      continue;
    }
    plan(cs.name + "->" + spec.services[static_cast<std::size_t>(cs.target)].name, "clients." + cs.name, cs.target,
         cs.timeout, cs.retry, cs.policies);
    out.back().config.from_client = true;
    out.back().config.from = c;
  }
  // [data-tier] each queue's consumer edge, after every other: runs without queues keep their edge order.
  for (std::uint32_t q = 0; q < spec.queues.size(); ++q) {
    const AsyncQueueSpec& qs = spec.queues[q];
    plan("queue:" + qs.name + "->" + spec.services[static_cast<std::size_t>(qs.consumer)].name, "queues." + qs.name,
         qs.consumer, Duration::infinite(), -1, EdgePolicies{});
    out.back().config.from = kNoCaller;  // no service or client: no partition between services matches it
  }
  return out;
}

RecorderConfig recorder_config(const Spec& spec) {
  RecorderConfig rc;
  for (const auto& c : spec.clients) rc.client_names.push_back(c.name);
  for (const auto& s : spec.services) {
    rc.service_names.push_back(s.name);
    rc.service_workers.push_back(s.workers * s.slots());  // autoscaled: every slot
    rc.service_admission.push_back(s.admission.kind != AdmissionSpec::Kind::none);
  }
  for (const auto& e : plan_edges(spec)) rc.edges.push_back({e.config.name, e.from, e.to});
  rc.warmup = spec.simulation.warmup;
  rc.duration = spec.simulation.duration;
  rc.sample_interval = spec.simulation.sample_interval;
  return rc;
}

std::unique_ptr<Model> build_model(const Spec& spec, Engine& engine, Recorder& recorder,
                                   const std::vector<SignalObserver*>& observers) {
  auto m = std::make_unique<Model>(engine, recorder);
  for (SignalObserver* o : observers) m->signals.observe(o);
  m->callers = std::make_unique<CallLayer>(engine, m->signals);
  m->callers->attach();
  bool keyed = false;  // some service reads call sites (side effects, idempotency keys)
  for (const ServiceSpec& svc : spec.services) keyed = keyed || svc.side_effect || svc.idempotency.keys;
  m->callers->track_sites(keyed);
  m->services = std::make_unique<ServiceSide>(engine, m->signals);
  m->services->connect(m->callers.get(), m->callers.get(), m->callers->add_owner(m->services.get()));

  m->service_call_edges.resize(spec.services.size());
  for (EdgePlan& p : plan_edges(spec)) {
    const std::string stream = "edges." + p.config.name;
    const bool from_client = p.config.from_client;
    const std::uint32_t from = p.config.from;
    const std::uint32_t index = m->callers->add_edge(std::move(p.config), stream_for(spec.simulation.seed, stream));
    if (!from_client && from == kNoCaller) {
      m->queue_edges.push_back(index);  // [data-tier] a queue's consumer edge
      continue;
    }
    (from_client ? m->client_edges : m->service_call_edges[from]).push_back(index);
  }
  for (const ComponentRegistration& c : kComponents) c.build(*m, spec);
  m->faults = std::make_unique<FaultInjector>(engine, m->signals, *m->callers, *m->services, spec);
  m->faults->attach();
  return m;
}

}  // namespace faultline
