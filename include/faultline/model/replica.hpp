#pragma once
// One replica of a service: workers, a waiting queue, own work, sequential
// downstream calls holding the worker, and the verbs faults act through.
#include <cstdint>
#include <vector>

#include "faultline/engine/event.hpp"
#include "faultline/engine/random.hpp"
#include "faultline/model/call.hpp"
#include "faultline/model/execution_store.hpp"
#include "faultline/model/pool.hpp"
#include "faultline/model/ring.hpp"
#include "faultline/model/sampler.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

struct World;

class Replica final : public EventHandler {
 public:
  struct Config {
    std::uint32_t index = 0;        // global replica index
    std::uint32_t service = 0;
    int workers = 1;
    std::int64_t queue_capacity = QueueSpec::kUnbounded;
    bool lifo = false;
    double error_rate = 0;
    std::vector<std::uint32_t> call_edges;  // edge index of each downstream call, in order
    bool drop_expired = false;      // [policies] discard queued work past its deadline
    bool side_effect = false;       // [policies] count executions per operation
    bool idempotency_keys = false;  // [policies] dedupe attempts of one operation
    ExecutionStore* store = nullptr;  // the service's, when side_effect or idempotency_keys
  };
  Replica(World& world, Config config, Sampler service_time, Rng work_rng, Rng error_rng, Rng fault_rng);
  void attach();
  /// The name shown in traces ("ledger", or "ledger[2]" with replicas).
  void set_name(std::string name) { name_ = std::move(name); }
  /// The service's execution store (idempotency, duplicates).
  void set_store(ExecutionStore* store) { config_.store = store; }

  /// An attempt arrives (from the call layer).
  void arrive(Handle attempt);
  /// The downstream call made by `attempt` finished.
  void on_call_done(Handle attempt, Outcome outcome);
  /// A timer of a call owned by this replica's work fired while paused: run it at resume.
  void defer_timer(TargetId target, EventKind kind, std::uint64_t payload);
  bool paused() const { return pause_depth_ > 0; }
  std::size_t outstanding() const { return in_service_.size() + queue_size(); }

  // Fault verbs (principle: faults act through these, never on fields).
  void add_latency(std::uint32_t fault, Duration add, double multiply);
  void add_errors(std::uint32_t fault, double probability);
  void add_drop_responses(std::uint32_t fault, double probability);
  void limit_workers(std::uint32_t fault, int workers);
  void remove_effect(std::uint32_t fault);
  void begin_outage(bool refuse);
  void end_outage();
  void pause();
  void resume();

  void on_event(EventKind kind, std::uint64_t payload) override;

  // Mid-run settings (Simulation::set), applied at the current time.
  /// Workers per replica; work in progress above a lower count finishes first.
  void set_workers(int workers);
  void set_error_rate(double p) { config_.error_rate = p; }
  /// Waiting places; attempts already queued above a lower capacity stay.
  void set_queue_capacity(std::int64_t capacity) { config_.queue_capacity = capacity; }
  const std::string& name() const { return name_; }

 private:
  enum Kind : EventKind { kWorkDone = 1 };
  struct Effect {  // one active fault's change
    std::uint32_t fault;
    FaultSpec::Kind kind;
    Duration add;
    double value;  // multiply, probability or workers
  };
  struct Deferred {
    bool is_timer;
    Handle attempt;
    Outcome outcome;
    TargetId target;
    EventKind kind;
    std::uint64_t payload;
  };

  void start(Handle attempt);
  void start_waiting();
  void continue_calls(Handle attempt);
  void respond(Handle attempt, Outcome outcome, bool after_work);
  void refuse(Handle attempt);
  void reject(Handle attempt);
  /// Answers attempts that waited on another attempt of their operation (idempotency).
  void answer_waiters(std::vector<Handle>& waiters, const Outcome* outcome);
  /// The attempt will never run: release its operation's waiters.
  void lost(Handle attempt, const Outcome* outcome);
  void enqueue(std::uint32_t index);
  std::uint32_t dequeue();
  std::size_t queue_size() const { return queue_.size(); }
  void remove_in_service(Handle attempt);
  void recompute_effects();

  World& world_;
  Config config_;
  std::string name_;
  Sampler service_time_;
  Rng work_rng_, error_rng_, fault_rng_;
  TargetId self_ = 0;

  int busy_ = 0;                        // workers held
  int worker_limit_;                    // lowered by capacity faults
  Ring<std::uint32_t> queue_;           // waiting attempts (pool indices)
  std::vector<std::uint32_t> in_service_;  // attempts holding a worker
  std::vector<Deferred> deferred_;
  int pause_depth_ = 0;
  int outage_depth_ = 0;
  bool outage_refuse_ = true;
  std::vector<Effect> effects_;
  double latency_multiply_ = 1.0;
  Duration latency_add_ = Duration::zero();
  double fault_error_p_ = 0, drop_p_ = 0;
};

/// A service: its replicas (callers balance over them) and its execution store.
class Service {
 public:
  Service(std::vector<std::uint32_t> replicas, bool keys, Duration ttl)
      : replicas_(std::move(replicas)), store_(keys, ttl) {}
  const std::vector<std::uint32_t>& replicas() const { return replicas_; }
  ExecutionStore& store() { return store_; }

 private:
  std::vector<std::uint32_t> replicas_;  // global replica indices
  ExecutionStore store_;
};

}  // namespace faultline
