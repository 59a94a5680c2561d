#pragma once
#include "faultline/engine/hot.hpp"
// The service side: one replica of a service (workers, a waiting queue, own
// work, sequential downstream calls holding the worker, and the verbs faults
// act through), a Service (its replicas and execution store; takes attempts
// for them), and ServiceSide, which owns every attempt and is the owner of
// every downstream call. It reaches callers only through AnswerSink and Calls.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "faultline/engine/event.hpp"
#include "faultline/engine/random.hpp"
#include "faultline/model/attempt.hpp"
#include "faultline/model/call.hpp"
#include "faultline/model/data/admission.hpp"
#include "faultline/model/data/load_dependent.hpp"
#include "faultline/model/execution_store.hpp"
#include "faultline/model/index_list.hpp"
#include "faultline/model/pool.hpp"
#include "faultline/model/ring.hpp"
#include "faultline/model/sampler.hpp"
#include "faultline/model/seams.hpp"
#include "faultline/model/signals.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

class RowStore;
class CallPools;

/// What replicas share: the clock, the signals, the attempt pool (owned by
/// ServiceSide) and the caller side's two faces.
struct ServiceContext {
  Engine& engine;
  Signals& signals;
  Pool<Attempt>& attempts;
  AnswerSink* answers = nullptr;
  Calls* calls = nullptr;
  std::uint32_t owner_id = 0;  // ServiceSide's id as a call owner
};

/// [data-tier] Told when a replica being scaled in holds nothing more, and when
/// a replica gone that way takes an attempt sent before it was removed (one in
/// transit on a delayed network): it drains again.
class DrainListener {
 public:
  virtual void drained(std::uint32_t replica_index) = 0;
  virtual void undrained(std::uint32_t replica_index) = 0;

 protected:
  ~DrainListener() = default;
};

class Replica final : public EventHandler {
 public:
  struct Config {
    // Read by every attempt first (one cache line), then the rest.
    std::uint32_t index = 0;        // global replica index
    std::uint32_t service = 0;
    int workers = 1;
    bool lifo = false;
    bool drop_expired = false;      // [policies] discard queued work past its deadline
    bool side_effect = false;       // [policies] count executions per operation
    bool idempotency_keys = false;  // [policies] dedupe attempts of one operation
    std::int64_t queue_capacity = QueueSpec::kUnbounded;
    double error_rate = 0;
    std::vector<std::uint32_t> call_edges;  // edge index of each downstream call, in order
    LoadDependentSpec load_dependent;  // [data-tier] off unless set
    AdmissionSpec admission;           // [data-tier] none unless set
    ExecutionStore* store = nullptr;  // the service's, when side_effect or idempotency_keys
    int read_replica = -1;             // [data-tier] its ordinal among the read replicas; -1: a primary
  };
  Replica(ServiceContext& context, Config config, Sampler service_time, Rng work_rng, Rng error_rng, Rng fault_rng);
  void attach();
  /// The name shown in traces ("ledger", or "ledger[2]" with replicas).
  void set_name(std::string name) { name_ = std::move(name); }
  /// The service's execution store (idempotency, duplicates).
  void set_store(ExecutionStore* store) { config_.store = store; }
  /// [data-tier] The service's rows (keys, locks, replication).
  void set_rows(RowStore* rows) { rows_ = rows; }
  /// [data-tier] Connection pools: the pool id of each downstream call (kNoPool: none).
  static constexpr std::uint32_t kNoPool = 0xFFFFFFFFu;
  void set_pools(CallPools* pools, std::vector<std::uint32_t> ids) {
    pools_ = pools;
    pool_ids_ = std::move(ids);
  }
  // [data-tier] What the rows and the pools tell a waiting attempt.
  void lock_granted(Handle attempt);
  void lock_timed_out(Handle attempt);
  void connection_granted(Handle attempt);
  void connection_timed_out(Handle attempt);

  /// An attempt arrives (from its Service); `key`: its execution key, when keyed().
  void arrive(const AttemptRequest& request, std::uint64_t key);
  /// The downstream call made by `attempt` finished.
  void on_call_done(Handle attempt, Outcome outcome);
  /// A timer of a call owned by this replica's work fired while paused: given
  /// back through the engine at resume.
  void defer_timer(TargetId target, EventKind kind, std::uint64_t payload);
  bool paused() const { return pause_depth_ > 0; }
  /// [data-tier] Scaled in: callers send it no new work; `listener` hears once
  /// when it holds nothing (at once if it holds nothing now). nullptr: taking work again.
  void drain(DrainListener* listener) {
    drain_ = listener;
    gone_ = nullptr;
    check_drained();
  }
  /// Whether its work needs each attempt's execution key (side effects, idempotency).
  bool keyed() const { return config_.side_effect || config_.idempotency_keys; }
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
  /// [data-tier] Admission's numbers (its kind stays): the bucket keeps its
  /// tokens up to the new burst; CoDel's state stays.
  void set_admission(const AdmissionSpec& a, Time now) {
    config_.admission = a;
    if (bucket_) bucket_->reconfigure(now, a.rate_per_s, static_cast<std::uint32_t>(a.burst));
    if (codel_) codel_->reconfigure(a.target, a.interval);
  }
  /// [data-tier] The service's rows (keys, locks, replication), nullptr without keys.
  RowStore* rows() const { return rows_; }
  const std::string& name() const { return name_; }
  std::uint32_t service() const { return config_.service; }

 private:
  enum Kind : EventKind { kWorkDone = 1, kLockGranted = 2, kLockTimedOut = 3, kConnectionGranted = 4 };
  struct Effect {  // one active fault's change
    std::uint32_t fault;
    FaultSpec::Kind kind;
    Duration add;
    double value;  // multiply, probability or workers
  };
  /// Work that came while paused: a downstream call's end, or a timer (target set).
  struct Deferred {
    bool is_timer;
    Handle attempt;
    Outcome outcome;
    TargetId target;
    EventKind kind;
    std::uint64_t payload;
  };
  void answer(Handle attempt, Outcome outcome);

  void start(Handle attempt);
  /// Own work: its length drawn, its end scheduled.
  FAULTLINE_HOT void begin_work(Handle attempt);
  /// [data-tier] The request's key; a read replica's stale check; a row lock
  /// taken or waited for (true: start() is done with it).
  bool rows_first(Handle attempt, Time now);
  /// [data-tier] A lock or connection event delivered late (after a pause).
  void data_event(EventKind kind, Handle attempt);
  /// That event now, or at resume when the replica is paused.
  void data_event_when_running(EventKind kind, Handle attempt);
  void start_waiting();
  void continue_calls(Handle attempt);
  void respond(Handle attempt, Outcome outcome, bool after_work);
  bool can_start_now() const { return !paused() && busy_ < worker_limit_ && queue_.empty(); }
  bool queue_has_room() const {
    return config_.queue_capacity == QueueSpec::kUnbounded ||
           static_cast<std::int64_t>(queue_.size()) < config_.queue_capacity;
  }
  /// An attempt slot for an arriving request, filled in.
  Handle take(const AttemptRequest& request, std::uint64_t key);
  bool admit_keyed(Handle attempt);
  void refuse(Handle attempt);
  void reject(Handle attempt);
  /// [data-tier] admission: whether an arrival may queue or start.
  bool admits();
  /// [data-tier] rejected by admission: counted as shed and rejected.
  void shed(Handle attempt);
  /// Answers attempts that waited on another attempt of their operation (idempotency).
  void answer_waiters(std::vector<Handle>& waiters, const Outcome* outcome);
  /// The attempt will never run: release its operation's waiters.
  void lost(Handle attempt, const Outcome* outcome);
  FAULTLINE_HOT void enqueue(std::uint32_t index);
  FAULTLINE_HOT std::uint32_t dequeue();
  std::size_t queue_size() const { return queue_.size(); }
  FAULTLINE_HOT void remove_in_service(Handle attempt);
  void recompute_effects();
  /// Tells the signals how many workers faults leave (outage: none).
  void signal_available();
  void check_drained() {
    if (drain_ != nullptr && outstanding() == 0) {
      DrainListener* l = drain_;
      drain_ = nullptr;
      gone_ = l;
      l->drained(config_.index);
    }
  }
  /// [data-tier] Gone, yet an attempt sent before the scale-in arrived: draining again until it is done.
  void undrain() {
    drain_ = gone_;
    gone_ = nullptr;
    drain_->undrained(config_.index);
  }

  // What every attempt reads comes first and together: a run of many services
  // keeps only a few cache lines of each replica hot (the data-tier bench).
  ServiceContext& ctx_;
  Engine& engine_;  // the context's, held here: one load less on every use
  Signals& signals_;
  Pool<Attempt>& attempts_;
  TargetId self_ = 0;
  int busy_ = 0;                        // workers held
  int worker_limit_;                    // lowered by capacity faults
  int pause_depth_ = 0;
  int outage_depth_ = 0;
  bool outage_refuse_ = true;
  bool plain_;           // neither idempotency keys nor admission (fixed for the run)
  bool load_dependent_;  // [data-tier] work slows with load (fixed for the run)
  double latency_multiply_ = 1.0;
  Duration latency_add_ = Duration::zero();
  double fault_error_p_ = 0, drop_p_ = 0;
  RowStore* rows_ = nullptr;        // [data-tier]
  CallPools* pools_ = nullptr;      // [data-tier]
  DrainListener* drain_ = nullptr;  // [data-tier] autoscaling: draining, told when empty
  DrainListener* gone_ = nullptr;   // [data-tier] autoscaling: drained and gone, told if work still arrives
  Ring<std::uint32_t> queue_;           // waiting attempts (pool indices)
  IndexList in_service_;                // attempts holding a worker
  Rng work_rng_;
  Sampler service_time_;
  Config config_;
  // Read by some attempts, or rarely.
  Rng error_rng_, fault_rng_;
  int available_;                       // workers_available as last signalled
  std::string name_;
  std::vector<Deferred> deferred_;
  std::vector<Effect> effects_;
  std::vector<std::uint32_t> pool_ids_;  // [data-tier] per downstream call
  data::LoadDependentConfig load_;       // [data-tier]
  std::optional<data::TokenBucket> bucket_;
  std::optional<data::CoDel> codel_;
};

/// A service: its replicas (callers balance over them) and its execution
/// store. Takes the attempts callers send it.
class Service final : public AttemptSink {
 public:
  Service(ServiceContext& context, std::vector<Replica*> replicas, bool keys, Duration ttl);
  const std::vector<Replica*>& replicas() const { return replicas_; }
  ExecutionStore& store() { return store_; }
  void accept(std::uint32_t replica, const AttemptRequest& request) override;

 private:
  ServiceContext& ctx_;
  std::vector<Replica*> replicas_;
  ExecutionStore store_;
  bool keyed_ = false;  // some replica reads Attempt::key: only then is it computed
};

/// Every service and replica of a run, and the attempt pool they share.
class ServiceSide final : public CallOwner {
 public:
  ServiceSide(Engine& engine, Signals& signals) : ctx_{engine, signals, attempts_} {}
  /// The caller side, and this side's id as a call owner (Calls::add_owner).
  void connect(AnswerSink* answers, Calls* calls, std::uint32_t owner_id) {
    ctx_.answers = answers;
    ctx_.calls = calls;
    ctx_.owner_id = owner_id;
  }
  ServiceContext& context() { return ctx_; }
  Replica& add_replica(Replica::Config config, Sampler service_time, Rng work, Rng errors, Rng faults);
  Service& add_service(std::vector<Replica*> replicas, bool keys, Duration ttl);
  std::vector<std::unique_ptr<Replica>>& replicas() { return replicas_; }
  Service& service(std::uint32_t s) { return *services_[s]; }
  std::size_t service_count() const { return services_.size(); }

  // CallOwner: the downstream calls of attempts.
  void call_done(const CallEnd& end, Outcome outcome) override;
  bool hold(const Owner& owner, TargetId target, EventKind kind, std::uint64_t payload) override;

 private:
  Pool<Attempt> attempts_;
  ServiceContext ctx_;
  std::vector<std::unique_ptr<Replica>> replicas_;  // all replicas of all services
  std::vector<std::unique_ptr<Service>> services_;
};

}  // namespace faultline
