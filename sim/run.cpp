// faultline::run: builds the model of a Spec on an Engine, runs it, and
// collects the RunResult.
#include <spdlog/spdlog.h>

#include <chrono>

#include "faultline/engine/engine.hpp"
#include "faultline/faultline.hpp"
#include "faultline/metrics/recorder.hpp"
#include "faultline/model/call_layer.hpp"
#include "faultline/model/client.hpp"
#include "faultline/model/fault_injector.hpp"
#include "faultline/model/replica.hpp"
#include "faultline/model/world.hpp"

namespace faultline {

namespace {

RecorderConfig recorder_config(const Spec& spec) {
  RecorderConfig rc;
  for (const auto& c : spec.clients) rc.client_names.push_back(c.name);
  for (const auto& s : spec.services) {
    rc.service_names.push_back(s.name);
    rc.service_workers.push_back(s.workers * s.replicas);
  }
  rc.warmup = spec.simulation.warmup;
  rc.duration = spec.simulation.duration;
  rc.sample_interval = spec.simulation.sample_interval;
  return rc;
}

Edge make_edge(const Spec& spec, std::string name, std::uint32_t target, Duration timeout, int retry) {
  Edge e;
  e.jitter_rng = stream_for(spec.simulation.seed, name + ".jitter");
  e.name = std::move(name);
  e.target_service = target;
  e.timeout = timeout;
  e.retry = retry >= 0 ? &spec.retry_policies[static_cast<std::size_t>(retry)] : nullptr;
  return e;
}

/// Wires every component of the scenario into the world.
void build(World& world, const Spec& spec) {
  const std::uint64_t seed = spec.simulation.seed;
  world.call_layer = std::make_unique<CallLayer>(world);
  world.call_layer->attach();
  for (std::uint32_t s = 0; s < spec.services.size(); ++s) {
    const ServiceSpec& svc = spec.services[s];
    std::vector<std::uint32_t> call_edges;
    for (std::size_t k = 0; k < svc.calls.size(); ++k) {
      const CallSpec& call = svc.calls[k];
      call_edges.push_back(world.call_layer->add_edge(
          make_edge(spec, "services." + svc.name + ".calls[" + std::to_string(k) + "]",
                    static_cast<std::uint32_t>(call.service), call.timeout, call.retry)));
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
      const std::string path = "services." + svc.name + "[" + std::to_string(r) + "]";
      members.push_back(rc.index);
      world.replicas.push_back(std::make_unique<Replica>(world, std::move(rc), Sampler(svc.service_time),
                                                         stream_for(seed, path + ".work"),
                                                         stream_for(seed, path + ".errors"),
                                                         stream_for(seed, path + ".faults")));
      world.replicas.back()->attach();
    }
    world.services.push_back(std::make_unique<Service>(world, std::move(members)));
  }
  for (std::uint32_t c = 0; c < spec.clients.size(); ++c) {
    const ClientSpec& cs = spec.clients[c];
    const std::string path = "clients." + cs.name;
    const std::uint32_t edge = world.call_layer->add_edge(
        make_edge(spec, path, static_cast<std::uint32_t>(cs.target), cs.timeout, cs.retry));
    world.clients.push_back(std::make_unique<Client>(world, c, cs, edge, stream_for(seed, path + ".arrivals"),
                                                     stream_for(seed, path + ".think")));
  }
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
  result.engine.events = engine.event_count();
  result.engine.wall_s = wall_s;
  result.engine.events_per_s = wall_s > 0 ? static_cast<double>(engine.event_count()) / wall_s : 0;
  result.engine.fingerprint = engine.fingerprint();
  return result;
}

}  // namespace faultline
