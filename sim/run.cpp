// faultline::run: builds the model of a Spec on an Engine, runs it, and
// collects the RunResult.
#include <spdlog/spdlog.h>

#include <chrono>

#include "faultline/analysis/findings.hpp"
#include "faultline/engine/engine.hpp"
#include "faultline/faultline.hpp"
#include "faultline/metrics/recorder.hpp"
#include "faultline/model/call_layer.hpp"
#include "faultline/model/client.hpp"
#include "faultline/model/fault_injector.hpp"
#include "faultline/model/replica.hpp"
#include "faultline/model/trace_log.hpp"
#include "faultline/model/world.hpp"

namespace faultline {

namespace {

/// Edges in build order: each service's calls (services in spec order), then each client.
std::vector<RecorderConfig::EdgeNames> edge_names(const Spec& spec) {
  std::vector<RecorderConfig::EdgeNames> out;
  for (const auto& svc : spec.services) {
    for (std::size_t k = 0; k < svc.calls.size(); ++k) {
      const std::string& to = spec.services[static_cast<std::size_t>(svc.calls[k].service)].name;
      int same = 0;  // a second call to the same service gets a suffix
      for (std::size_t j = 0; j < k; ++j) same += svc.calls[j].service == svc.calls[k].service;
      out.push_back({svc.name + "->" + to + (same ? "#" + std::to_string(same + 1) : ""), "services." + svc.name,
                     "services." + to});
    }
  }
  for (const auto& c : spec.clients) {
    const std::string& to = spec.services[static_cast<std::size_t>(c.target)].name;
    out.push_back({c.name + "->" + to, "clients." + c.name, "services." + to});
  }
  return out;
}

RecorderConfig recorder_config(const Spec& spec) {
  RecorderConfig rc;
  for (const auto& c : spec.clients) rc.client_names.push_back(c.name);
  for (const auto& s : spec.services) {
    rc.service_names.push_back(s.name);
    rc.service_workers.push_back(s.workers * s.replicas);
  }
  for (const auto& e : edge_names(spec)) rc.edges.push_back(e);
  rc.warmup = spec.simulation.warmup;
  rc.duration = spec.simulation.duration;
  rc.sample_interval = spec.simulation.sample_interval;
  return rc;
}

Edge make_edge(const Spec& spec, std::string name, std::uint32_t target, Duration timeout, int retry,
               const EdgePolicies& policies) {
  Edge e;
  e.rng = stream_for(spec.simulation.seed, "edges." + name);
  e.name = std::move(name);
  e.target_service = target;
  e.timeout = timeout;
  e.retry = retry >= 0 ? &spec.retry_policies[static_cast<std::size_t>(retry)] : nullptr;
  e.policies = policies;
  const ServiceSpec& to = spec.services[target];
  e.balancer = to.balancer;
  e.outstanding.assign(static_cast<std::size_t>(to.replicas), 0);
  if (e.retry != nullptr) {
    e.budget = RetryBudget(e.retry->budget);
    e.throttling = RetryThrottling(e.retry->throttling);
  }
  e.breaker = CircuitBreaker(policies.breaker);
  e.throttle = AdaptiveThrottle(policies.throttle);
  e.guarded = e.breaker.enabled() || e.throttle.enabled() || e.throttling.enabled();
  return e;
}

/// Budget tokens and breaker states join the time series when those policies are on.
void add_edge_gauges(World& world, std::uint32_t index) {
  Edge& e = world.call_layer->edge(index);
  const std::string entity = "edges." + e.name;
  if (e.budget.enabled()) {
    world.recorder.add_gauge(entity, "budget_tokens", [&e](Time now) { return e.budget.balance(now); });
  }
  if (e.throttling.enabled()) {
    world.recorder.add_gauge(entity, "throttling_tokens", [&e](Time) { return e.throttling.tokens(); });
  }
  if (e.breaker.enabled()) {
    world.recorder.add_gauge(entity, "breaker_state",  // 0 closed, 1 half-open, 2 open
                             [&e](Time now) { return static_cast<double>(e.breaker.state(now)); });
    world.recorder.add_gauge(entity, "breaker_transitions",
                             [&e](Time) { return static_cast<double>(e.breaker.transitions()); });
  }
}

/// Wires every component of the scenario into the world.
void build(World& world, const Spec& spec) {
  const std::uint64_t seed = spec.simulation.seed;
  world.call_layer = std::make_unique<CallLayer>(world);
  world.call_layer->attach();
  const auto names = edge_names(spec);
  std::uint32_t next_edge = 0;
  for (std::uint32_t s = 0; s < spec.services.size(); ++s) {
    const ServiceSpec& svc = spec.services[s];
    std::vector<std::uint32_t> call_edges;
    for (const CallSpec& call : svc.calls) {
      Edge e = make_edge(spec, names[next_edge++].name, static_cast<std::uint32_t>(call.service), call.timeout,
                         call.retry, call.policies);
      e.from = s;
      call_edges.push_back(world.call_layer->add_edge(std::move(e)));
    }
    std::vector<std::uint32_t> members;
    for (int r = 0; r < svc.replicas; ++r) {
      Replica::Config rc;
      rc.index = static_cast<std::uint32_t>(world.replicas.size());
      rc.service = s;
      rc.workers = svc.workers;
      rc.queue_capacity = svc.queue.capacity;
      rc.lifo = svc.queue.discipline == QueueSpec::Discipline::lifo;
      rc.error_rate = svc.error_rate;
      rc.call_edges = call_edges;
      rc.drop_expired = svc.queue.drop_expired;
      rc.side_effect = svc.side_effect;
      rc.idempotency_keys = svc.idempotency.keys;
      const std::string path = "services." + svc.name + "[" + std::to_string(r) + "]";
      members.push_back(rc.index);
      world.replicas.push_back(std::make_unique<Replica>(world, std::move(rc), Sampler(svc.service_time),
                                                         stream_for(seed, path + ".work"),
                                                         stream_for(seed, path + ".errors"),
                                                         stream_for(seed, path + ".faults")));
      world.replicas.back()->set_name(svc.replicas > 1 ? path.substr(9) : svc.name);
      world.replicas.back()->attach();
    }
    world.services.push_back(std::make_unique<Service>(members, svc.idempotency.keys, svc.idempotency.ttl));
    for (std::uint32_t r : members) world.replicas[r]->set_store(&world.services.back()->store());
  }
  for (std::uint32_t c = 0; c < spec.clients.size(); ++c) {
    const ClientSpec& cs = spec.clients[c];
    const std::string path = "clients." + cs.name;
    Edge e = make_edge(spec, names[next_edge++].name, static_cast<std::uint32_t>(cs.target), cs.timeout, cs.retry,
                       cs.policies);
    e.from_client = true;
    e.from = c;
    const std::uint32_t edge = world.call_layer->add_edge(std::move(e));
    world.clients.push_back(std::make_unique<Client>(world, c, cs, edge, stream_for(seed, path + ".arrivals"),
                                                     stream_for(seed, path + ".think")));
  }
  for (std::uint32_t e = 0; e < world.call_layer->edges().size(); ++e) add_edge_gauges(world, e);
  for (auto& client : world.clients) client->attach();
}

class RunCheckpoint final : public Checkpoint {
 public:
  RunCheckpoint(const RunOptions& options, Time end) : options_(options), end_(end) {}
  bool on_checkpoint(Time now, std::uint64_t events) override {
    if (options_.stop != nullptr && options_.stop->load(std::memory_order_relaxed)) return false;
    if (options_.on_progress) options_.on_progress(now.seconds(), now.seconds() / end_.seconds(), events);
    return true;
  }

 private:
  const RunOptions& options_;
  Time end_;
};

}  // namespace

RunResult run(const Spec& spec, const RunOptions& options) {
  Engine engine;
  Recorder recorder(engine, recorder_config(spec));
  World world(engine, recorder);
  if (options.logger != nullptr && options.logger->should_log(spdlog::level::debug)) world.trace = options.logger;
  world.trace_log = options.trace;
  recorder.start();
  build(world, spec);
  FaultInjector faults(world, spec);
  faults.attach();

  const Time end = Time::zero() + spec.simulation.duration;
  RunCheckpoint checkpoint(options, end);
  const auto wall_start = std::chrono::steady_clock::now();
  const bool stopped = engine.run_until(end, &checkpoint) == Engine::StopReason::stopped;
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

  RunResult result;
  result.scenario = spec.name;
  result.description = spec.description;
  result.seed = spec.simulation.seed;
  result.partial = stopped;
  result.simulated_s = engine.now().seconds();
  result.duration_s = spec.simulation.duration.seconds();
  result.warmup_s = spec.simulation.warmup.seconds();
  recorder.finish(engine.now(), result);
  result.faults = faults.windows();
  analysis::find(result);
  result.engine.events = engine.event_count();
  result.engine.wall_s = wall_s;
  result.engine.events_per_s = wall_s > 0 ? static_cast<double>(engine.event_count()) / wall_s : 0;
  result.engine.fingerprint = engine.fingerprint();
  return result;
}

}  // namespace faultline
