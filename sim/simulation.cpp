// Simulation: one run built from a Spec, advanced step by step, acted on
// between steps, and collected at the end.
//
// Determinism of actions: an action (inject_fault, clear_fault, set) applies
// directly, at the clock's current time, between two advance_to calls: every
// event at or before that time has run, none after it. Replaying the same
// actions after advance_to to the same times gives the same run (the same
// fingerprint); anything the action schedules is ordered after the events
// already pending at that time.
#include "faultline/simulation.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>

#include "faultline/analysis/findings.hpp"
#include "faultline/engine/engine.hpp"
#include "faultline/metrics/recorder.hpp"
#include "faultline/model/call_layer.hpp"
#include "faultline/model/client.hpp"
#include "faultline/model/fault_injector.hpp"
#include "faultline/model/replica.hpp"
#include "faultline/model/settings.hpp"
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

struct Simulation::Impl {
  explicit Impl(const Spec& s, const RunOptions& o)
      : spec(s),
        options(o),
        recorder(engine, recorder_config(spec)),
        world(engine, recorder),
        end(Time::zero() + spec.simulation.duration),
        checkpoint(options, end) {
    if (options.logger != nullptr && options.logger->should_log(spdlog::level::debug)) world.trace = options.logger;
    world.trace_log = options.trace;
    recorder.start();
    build(world, spec);
    faults = std::make_unique<FaultInjector>(world, spec);
    faults->attach();
  }
  Spec spec;  // the run's own copy: components refer to it, set() edits its retry policies
  RunOptions options;
  Engine engine;
  Recorder recorder;
  World world;
  std::unique_ptr<FaultInjector> faults;
  Time end;
  RunCheckpoint checkpoint;
  bool stopped = false;
  bool finished = false;
  double wall_s = 0;
};

Simulation::Simulation(const Spec& spec, const RunOptions& options) : impl_(std::make_unique<Impl>(spec, options)) {}
Simulation::~Simulation() = default;

bool Simulation::advance_to(Time t) {
  Impl& m = *impl_;
  if (m.stopped || m.finished) return !m.stopped;
  if (t > m.end) t = m.end;
  if (t <= m.engine.now()) return true;
  const auto wall_start = std::chrono::steady_clock::now();
  // Events at t run too (a sample due at t appears in series()), but never
  // those at the end: a run's last instant is not simulated.
  const auto reason = t < m.end ? m.engine.run_through(t, &m.checkpoint) : m.engine.run_until(t, &m.checkpoint);
  m.stopped = reason == Engine::StopReason::stopped;
  m.wall_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return !m.stopped;
}

Time Simulation::now() const { return impl_->engine.now(); }
Time Simulation::end() const { return impl_->end; }
bool Simulation::done() const { return impl_->stopped || impl_->finished || impl_->engine.now() >= impl_->end; }
const TimeSeries& Simulation::series() const { return impl_->recorder.timeseries(); }
std::vector<FaultWindow> Simulation::faults() const { return impl_->faults->applied(impl_->engine.now()); }

std::uint32_t Simulation::inject_fault(const FaultSpec& fault) {
  const Spec& spec = impl_->spec;
  const bool edge = fault.kind == FaultSpec::Kind::partition || fault.kind == FaultSpec::Kind::network_delay;
  const auto services = static_cast<int>(spec.services.size());
  if (edge) {
    const int froms = static_cast<int>(fault.from_client ? spec.clients.size() : spec.services.size());
    if (fault.from < 0 || fault.from >= froms || fault.to < 0 || fault.to >= services) {
      throw std::invalid_argument("inject_fault: the edge's from/to index is out of range");
    }
  } else if (fault.target < 0 || fault.target >= services ||
             fault.replica >= spec.services[static_cast<std::size_t>(fault.target)].replicas) {
    throw std::invalid_argument("inject_fault: the target service or replica index is out of range");
  }
  return impl_->faults->inject(fault);
}

bool Simulation::clear_fault(std::uint32_t id) { return impl_->faults->clear(id); }

std::optional<std::string> Simulation::set(const std::string& path, const std::string& value) {
  if (done()) return std::string("the run is over");
  return apply_setting(impl_->world, impl_->spec, path, value);
}

RunResult Simulation::finish() {
  Impl& m = *impl_;
  m.finished = true;
  const Spec& spec = m.spec;
  RunResult result;
  result.scenario = spec.name;
  result.description = spec.description;
  result.seed = spec.simulation.seed;
  result.partial = m.stopped || m.engine.now() < m.end;
  result.simulated_s = m.engine.now().seconds();
  result.duration_s = spec.simulation.duration.seconds();
  result.warmup_s = spec.simulation.warmup.seconds();
  m.recorder.finish(m.engine.now(), result);
  result.faults = m.faults->windows();
  analysis::find(result);
  result.engine.events = m.engine.event_count();
  result.engine.wall_s = m.wall_s;
  result.engine.events_per_s = m.wall_s > 0 ? static_cast<double>(m.engine.event_count()) / m.wall_s : 0;
  result.engine.fingerprint = m.engine.fingerprint();
  return result;
}

}  // namespace faultline
