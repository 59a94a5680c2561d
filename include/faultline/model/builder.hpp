#pragma once
// Builds the model of a Spec: the call layer and its edges, the service side,
// the clients and the fault injector, wired through the seams (seams.hpp).
//
// Adding a component kind (a cache, a queue, a lock table, an autoscaler):
//   1. write it in its own file under sim/model/: a class that takes attempts
//      for a service (implements AttemptSink and is installed with
//      `model.callers->route(service, this)`, forwarding misses to the
//      service's own sink), and/or makes calls (implements CallOwner, gets an id
//      from `model.callers->add_owner(this)`, calls through `*model.callers`
//      as Calls), and/or has events (an EventHandler registered with
//      `model.engine.add_handler`), observed only through `model.signals`;
//   2. give it a build step `void build_caches(Model&, const Spec&)` that
//      creates it from the spec and keeps it in `model.components`;
//   3. add one line to kComponents in sim/model/builder.cpp:
//        {"caches", &build_caches},
// Steps run in that table's order, after the core (edges, services, clients),
// before the fault injector; nothing in the call layer changes.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "faultline/engine/engine.hpp"
#include "faultline/metrics/recorder.hpp"
#include "faultline/model/call_layer.hpp"
#include "faultline/model/client.hpp"
#include "faultline/model/fault_injector.hpp"
#include "faultline/model/replica.hpp"
#include "faultline/model/signals.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

/// One edge as planned from the spec: its configuration and the names reports
/// use. The one place that fixes edge order: each service's calls (services
/// in spec order), then each client's target.
struct EdgePlan {
  EdgeConfig config;
  std::string from, to;  // "services.api" / "clients.web", "services.ledger"
};
std::vector<EdgePlan> plan_edges(const Spec& spec);

// [data-tier] queues on the edges (sim/model/queue_edges.cpp).
/// `from` of a queue's consumer edge: no service or client.
inline constexpr std::uint32_t kNoCaller = 0xFFFFFFFFu;
/// The call layer's target index of queue `q`: after every service.
std::uint32_t queue_target(const Spec& spec, int q);
/// The name of call k of a service after "NAME->": "ledger", "ledger#2", "queue:orders".
std::string call_edge_name(const Spec& spec, const ServiceSpec& svc, std::size_t k);
/// The edge of a publish to queue `q` (it answers at once: no timeout, no balancing).
EdgePlan plan_publish(const Spec& spec, std::string name, std::string from, int q, int retry);

/// The recorder's view of the spec (names, workers, the planned edges).
RecorderConfig recorder_config(const Spec& spec);

/// One run's components. Owned by the Simulation; everything refers to `spec`.
struct Model {
  Model(Engine& e, Recorder& r) : engine(e), recorder(r), signals(e, r) {}
  Engine& engine;
  Recorder& recorder;
  Signals signals;
  std::unique_ptr<CallLayer> callers;
  std::unique_ptr<ServiceSide> services;
  std::unique_ptr<ClientContext> client_context;
  std::vector<std::unique_ptr<Client>> clients;
  std::vector<std::unique_ptr<EventHandler>> components;  // registered kinds beyond the core
  std::unique_ptr<FaultInjector> faults;
  // Edge indices, from plan_edges: each service's calls in order, each client's target.
  std::vector<std::vector<std::uint32_t>> service_call_edges;
  std::vector<std::uint32_t> client_edges;
  std::vector<std::uint32_t> queue_edges;  // [data-tier] each queue's consumer edge
  /// [data-tier] components' own figures, added to the result at the end of the run.
  std::vector<std::function<void(Time end, RunResult& out)>> reports;
};

/// [data-tier] Every queue of the spec: a QueueComponent each (queue_component.cpp).
void build_queues(Model& model, const Spec& spec);

/// A build step of one component kind (see the top of this file).
using BuildStep = void (*)(Model& model, const Spec& spec);
struct ComponentRegistration {
  const char* name;
  BuildStep build;
};

/// Builds everything; `observers` (debug log, trace) see the model's signals.
/// The recorder must have been started (its handler comes first).
std::unique_ptr<Model> build_model(const Spec& spec, Engine& engine, Recorder& recorder,
                                   const std::vector<SignalObserver*>& observers);

}  // namespace faultline
