#pragma once
// The caller's side of every edge (client -> service and service -> service):
// sending attempts to a replica chosen by the caller's balancer, per-attempt
// timeouts, deadlines, retries with backoff and jitter, retry budgets and
// throttling, circuit breakers, hedging, adaptive throttling, and the edge's
// network (partitions, delay). One code path serves clients and services.
#include <cstdint>
#include <string>
#include <vector>

#include "faultline/engine/event.hpp"
#include "faultline/engine/random.hpp"
#include "faultline/model/adaptive_throttle.hpp"
#include "faultline/model/call.hpp"
#include "faultline/model/circuit_breaker.hpp"
#include "faultline/model/retry_budget.hpp"
#include "faultline/model/timeout_fifo.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

struct World;

/// One edge of the call graph, its policies and its caller-side state.
struct Edge {
  std::string name;                 // "web->api", "api->ledger"
  std::uint32_t target_service = 0;
  Duration timeout = Duration::infinite();
  const RetrySpec* retry = nullptr; // nullptr: no retry
  EdgePolicies policies;
  ServiceSpec::Balancer balancer = ServiceSpec::Balancer::round_robin;
  bool from_client = false;
  std::uint32_t from = 0;           // client or service index
  Rng rng;                          // jitter, balancing, throttling draws
  // caller-side state
  bool guarded = false;             // breaker, adaptive throttle or gRPC throttling on: checked per attempt
  RetryBudget budget;
  RetryThrottling throttling;
  CircuitBreaker breaker;
  AdaptiveThrottle throttle;
  TimeoutFifo timeouts;             // attempts' timeouts at the edge's own timeout
  std::uint32_t round_robin_next = 0;
  std::vector<std::uint32_t> outstanding;  // this caller's attempts awaited, per replica
  // network faults on the edge
  int partitions = 0;
  bool partition_refuse = false;
  Duration delay = Duration::zero();  // each way
};

class CallLayer final : public EventHandler {
 public:
  explicit CallLayer(World& world);
  /// Adds an edge; returns its index. Call before attach().
  std::uint32_t add_edge(Edge edge);
  void attach();
  const std::vector<Edge>& edges() const { return edges_; }
  Edge& edge(std::uint32_t index) { return edges_[index]; }

  /// Makes a call (not yet sent): store the handle before calling send_first.
  /// `inherited` is the owner's deadline (Time::max() for none).
  Handle create(std::uint32_t edge, Owner owner, std::uint64_t op_id, bool counted, Time inherited_deadline);
  /// Sends the first attempt. The call may finish before this returns.
  void send_first(Handle call) { send(call, false); }
  /// A service's answer to attempt `attempt_no`. Returns whether the caller was
  /// still waiting for it (false: the work was done for nobody).
  bool deliver(Handle call, std::uint8_t attempt_no, Outcome outcome, std::uint32_t from_service);
  /// Whether the caller still waits for that attempt.
  bool awaiting(Handle call, std::uint8_t attempt_no) const;
  /// The owner is gone (its request was dropped): forget the call; answers become orphaned.
  void abandon(Handle call);

  // Fault verbs on edges.
  void begin_partition(std::uint32_t edge, bool refuse);
  void end_partition(std::uint32_t edge);
  void add_delay(std::uint32_t edge, Duration each_way);
  void remove_delay(std::uint32_t edge, Duration each_way);

  void on_event(EventKind kind, std::uint64_t payload) override;

 private:
  enum Kind : EventKind { kTimeout = 1, kRetry = 2, kHedge = 3, kArrive = 4, kAnswer = 5, kEdgeTimeouts = 6 };
  /// An answer travelling back over a delayed edge.
  struct Transit {
    std::uint32_t gen = 0;
    Handle call;
    std::uint8_t attempt_no = 0;
    Outcome outcome;
    std::uint32_t from_service = 0;
  };
  void send(Handle call, bool hedge);
  void set_timeout(Edge& edge, std::uint32_t edge_index, Handle call, std::uint8_t attempt_no, Duration timeout);
  void fire_edge_timeouts(std::uint32_t edge_index);
  void on_timeout(Handle call, std::uint8_t attempt_no);
  std::uint32_t pick_replica(Edge& edge);
  void attempt_failed(Handle call, Reason reason);
  void finish(Handle call, Outcome outcome);
  bool take_in_flight(Call& call, std::uint8_t attempt_no);
  void release_in_flight(Call& call);
  bool receive(Handle call, std::uint8_t attempt_no, Outcome outcome);
  bool owner_frozen(const Call& call, EventKind kind, std::uint64_t payload);
  void count(const Call& call, int counter);

  World& world_;
  TargetId self_ = 0;
  std::vector<Edge> edges_;
  Pool<Transit> transit_;
};

}  // namespace faultline
