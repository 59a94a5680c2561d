#pragma once
#include "faultline/engine/hot.hpp"
// The caller's side of every edge (client -> service and service -> service):
// calls and their attempts, per-attempt timeouts, deadlines, retries with
// backoff and jitter, hedging. Policy state lives in each edge's EdgeGuard,
// replica choice in its Balancer, partitions and delay in the Network. One
// code path serves clients and services. It reaches services only through
// AttemptSink and owners only through CallOwner (seams.hpp).
#include <cstdint>
#include <string>
#include <vector>

#include "faultline/engine/engine.hpp"
#include "faultline/engine/random.hpp"
#include "faultline/model/balancer.hpp"
#include "faultline/model/call.hpp"
#include "faultline/model/edge_guard.hpp"
#include "faultline/model/network.hpp"
#include "faultline/model/pool.hpp"
#include "faultline/model/seams.hpp"
#include "faultline/model/signals.hpp"
#include "faultline/model/timeout_fifo.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

/// What the scenario says about one edge of the call graph.
struct EdgeConfig {
  // What every attempt reads first (with the hedge below, in the first cache line), the name last.
  std::uint32_t target_service = 0;
  int target_replicas = 1;
  std::uint32_t from = 0;           // client or service index
  std::uint32_t replica_offset = 0; // [data-tier] `op: read`: the first read replica's index
  bool from_client = false;
  std::uint8_t op = 0;              // [data-tier] CallOp, carried to the service
  ServiceSpec::Balancer balancer = ServiceSpec::Balancer::round_robin;
  int cache = -1;                   // [data-tier] the call reads through this cache (Spec::caches index)
  Duration timeout = Duration::infinite();
  const RetrySpec* retry = nullptr; // nullptr: no retry
  EdgePolicies policies;
  std::string name;                 // "web->api", "api->ledger"
};

/// One edge: its configuration and the caller's state on it.
struct Edge {
  explicit Edge(EdgeConfig c, Rng r)
      : config(std::move(c)),
        balancer(config.balancer, config.target_replicas),
        rng(r),
        guard(config.retry, config.policies) {}
  EdgeConfig config;
  EdgeFront* front = nullptr;       // [data-tier] a cache in front of the target; null: the service itself
  Balancer balancer;
  TimeoutFifo timeouts;             // attempts' timeouts at the edge's own timeout
  Rng rng;                          // jitter, balancing, throttling draws
  EdgeGuard guard;                  // breaker, throttles, budget
};

class CallLayer final : public EventHandler, public AnswerSink, public Calls {
 public:
  CallLayer(Engine& engine, Signals& signals);
  /// Adds an edge; returns its index. Call before attach().
  std::uint32_t add_edge(EdgeConfig config, Rng rng);
  /// Who takes attempts for service `service` (its Service, or a component in front of it).
  void route(std::uint32_t service, AttemptSink* sink);
  /// [data-tier] Puts `front` before edge `edge`'s target: it takes that edge's attempts.
  void put_in_front(std::uint32_t edge, EdgeFront* front) { edges_[edge].front = front; }
  /// Registers a call owner; returns the id to put in Owner::sink.
  std::uint32_t add_owner(CallOwner* owner);
  void attach();
  /// Whether calls carry their call site (call_site()); only side effects and
  /// idempotency keys read it, so a run with neither skips the hashing. On by default.
  void track_sites(bool on) { track_sites_ = on; }
  const std::vector<Edge>& edges() const { return edges_; }
  Edge& edge(std::uint32_t index) { return edges_[index]; }
  Network& network() { return network_; }

  // Calls (seam 2)
  Handle create(std::uint32_t edge, Owner owner, std::uint64_t op_id, bool counted, Time inherited_deadline,
                std::uint64_t parent_site) override;
  void send_first(Handle call) override { send(call, false); }
  void abandon(Handle call) override;

  // AnswerSink (seam 1)
  bool answer(Handle call, std::uint8_t attempt_no, Outcome outcome, std::uint32_t from_service,
              bool work_done) override;
  bool awaiting(Handle call, std::uint8_t attempt_no) const override;

  void on_event(EventKind kind, std::uint64_t payload) override;

 private:
  enum Kind : EventKind { kTimeout = 1, kRetry = 2, kHedge = 3, kArrive = 4, kAnswer = 5, kEdgeTimeouts = 6 };
  void send(Handle call, bool hedge);
  void set_timeout(Edge& edge, std::uint32_t edge_index, Handle call, std::uint8_t attempt_no, Duration timeout);
  void fire_edge_timeouts(std::uint32_t edge_index);
  void on_timeout(Handle call, std::uint8_t attempt_no);
  void attempt_failed(Handle call, Reason reason);
  void finish(Handle call, Outcome outcome);
  bool take_in_flight(Call& call, std::uint8_t attempt_no);
  FAULTLINE_HOT void release_in_flight(Handle h, Call& call);
  bool receive(Handle call, std::uint8_t attempt_no, Outcome outcome);
  bool owner_holds(const Call& call, EventKind kind, std::uint64_t payload);

  Engine& engine_;
  Signals& signals_;
  TargetId self_ = 0;
  bool track_sites_ = true;
  Pool<Call> calls_;
  std::vector<Edge> edges_;
  std::vector<AttemptSink*> services_;  // per service index
  std::vector<CallOwner*> owners_;
  Network network_;
};

}  // namespace faultline
