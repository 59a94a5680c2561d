#pragma once
// The validated, plain scenario: units resolved, names turned into indices,
// defaults applied. Nothing after the loader reads YAML or strings (except
// names kept for reports).
#include <cstdint>
#include <string>
#include <vector>

#include "faultline/engine/time.hpp"
#include "faultline/scenario/reason.hpp"

namespace faultline {

/// A random duration (service time, think time). Parameters are in nanoseconds
/// (as doubles) except lognormal's mu/sigma, which are of ln(seconds).
struct DistSpec {
  enum class Kind { constant, exponential, uniform, normal, lognormal, pareto, mixture, empirical };
  struct Component;  // one branch of a mixture
  struct Point {     // one CDF point of an empirical distribution
    double cdf = 0;  // in (0, 1], increasing; the last is 1
    double value_ns = 0;
  };
  Kind kind = Kind::constant;
  double value_ns = 0;                // constant
  double mean_ns = 0;                 // exponential, normal
  double min_ns = 0, max_ns = 0;      // uniform
  double stddev_ns = 0;               // normal (truncated at 0)
  double mu = 0, sigma = 0;           // lognormal, of ln(seconds)
  double scale_ns = 0, shape = 0;     // pareto
  std::vector<Component> of;          // mixture (weights normalised to sum 1)
  std::vector<Point> points;          // empirical
};
struct DistSpec::Component {
  double weight = 0;
  DistSpec dist;
};


// --- [policies] ------------------------------------------------------------
// Every policy defaults to off, so a [core] scenario runs exactly as before.

/// Finagle-style retry budget: each first attempt deposits `ratio` tokens that
/// expire after `ttl`; a retry withdraws one; a reserve of min_per_second * ttl.
struct BudgetSpec {
  bool enabled = false;
  double ratio = 0.2;
  double min_per_second = 10;
  Duration ttl = Duration::s(10);
};

/// gRPC retry throttling: tokens start at max_tokens; a failed attempt takes
/// one, a success gives back token_ratio; retries stop while tokens <= max/2.
struct ThrottlingSpec {
  bool enabled = false;
  double max_tokens = 10;
  double token_ratio = 0.1;
};

struct BreakerSpec {
  bool enabled = false;
  double failure_rate = 0.5;          // share of failed outcomes that opens the breaker
  Duration window = Duration::s(10);  // sliding time window of outcomes
  int min_calls = 20;
  Duration open_for = Duration::s(5);
  int half_open_probes = 5;
};

struct HedgeSpec {
  bool enabled = false;
  Duration after = Duration::ms(50);
  int max_extra = 1;                  // 1..3
};

/// Client-side adaptive throttling (Google SRE book, "Handling Overload").
struct AdaptiveThrottleSpec {
  bool enabled = false;
  double k = 2.0;
  Duration window = Duration::s(60);
};

/// The policies of one edge (a client's target, or one downstream call).
struct EdgePolicies {
  HedgeSpec hedge;  // first: every attempt reads whether it is on
  BreakerSpec breaker;
  AdaptiveThrottleSpec throttle;
  Duration deadline = Duration::infinite();  // whole operation, propagated downstream
};

struct RetrySpec {
  enum class Backoff { none, constant, linear, exponential };
  enum class Jitter { none, full, equal, decorrelated };
  std::string name;                   // policy name; inline policies get their key path
  int max_attempts = 1;               // total, including the first; validated 1..100
  std::uint8_t retry_on = reason_bit(Reason::timeout) | reason_bit(Reason::error) | reason_bit(Reason::rejected);
  Backoff backoff = Backoff::none;
  Duration base = Duration::zero();
  double multiplier = 2.0;            // exponential only
  Duration max = Duration::infinite();// cap on one backoff
  Jitter jitter = Jitter::none;
  BudgetSpec budget;                  // [policies]
  ThrottlingSpec throttling;          // [policies]
  std::string preset;                 // [policies] envoy | grpc | aws-sdk | finagle; empty: none
};

/// [data-tier] `pool`: a connection pool per caller replica on one call; size 0: none.
struct PoolSpec {
  int size = 0;
  Duration wait_timeout = Duration::s(30);  // HikariCP's connectionTimeout default
};
/// [data-tier] `op`: with replication on the target, reads go to its read replicas.
enum class CallOp { none, read, write };

struct CallSpec {
  int service = -1;                   // index into Spec::services
  Duration timeout = Duration::infinite();
  int retry = -1;                     // index into Spec::retry_policies; -1: no retry
  EdgePolicies policies;              // [policies]
  int queue = -1;                     // [data-tier] `publish: NAME`: index into Spec::queues (service is then -1)
  PoolSpec pool;                      // [data-tier]
  CallOp op = CallOp::none;           // [data-tier]
  int cache = -1;                     // [data-tier] `cache: NAME`: index into Spec::caches (service = its backend)
};

struct QueueSpec {
  enum class Discipline { fifo, lifo };
  static constexpr std::int64_t kUnbounded = -1;
  std::int64_t capacity = kUnbounded; // waiting places per replica; 0 = no queue
  Discipline discipline = Discipline::fifo;
  bool drop_expired = false;          // [policies] discard queued work whose deadline passed
};

struct IdempotencySpec {              // [policies]
  bool keys = false;                  // dedupe attempts of one operation
  Duration ttl = Duration::s(600);
};

// --- [data-tier] -----------------------------------------------------------
// Each defaults to off, so a scenario without these keys runs exactly as before.

/// `load_dependent`: service time x scale(u), u = busy workers / workers
/// counting the request being started.
struct LoadDependentSpec {
  enum class Mode { off, linear, polynomial, exponential };
  Mode mode = Mode::off;
  double factor = 0;
  double exponent = 2;  // polynomial
};

/// `admission`: server-side load shedding per replica, checked on arrival
/// (max_concurrency, token_bucket) or at the queue's head (codel).
struct AdmissionSpec {
  enum class Kind { none, max_concurrency, token_bucket, codel };
  Kind kind = Kind::none;
  std::int64_t max_concurrency = 0;         // in service + queued
  double rate_per_s = 0;                    // token_bucket
  std::int64_t burst = 0;                   // token_bucket
  Duration target = Duration::ms(5);        // codel
  Duration interval = Duration::ms(100);    // codel
};

/// `autoscale`: replicas follow a metric, as a Kubernetes HPA does (see
/// scenario-format.md, "[data-tier] precise semantics": Autoscaling).
struct AutoscaleSpec {
  enum class Metric { cpu_utilization, utilization, queue_length, arrivals_per_s };
  bool enabled = false;
  Metric metric = Metric::cpu_utilization;
  double target = 0.6;                          // per replica: a share, a length or a rate
  int min = 1, max = 10;
  Duration evaluate_every = Duration::s(15);
  Duration window = Duration::s(60);
  double tolerance = 0.1;
  Duration provision_delay = Duration::zero();  // a new replica takes work only after this
  Duration scale_in_cooldown = Duration::s(300);
};

/// `queues.NAME` [data-tier]: an asynchronous queue whose consumers call a
/// service (scenario-format.md, "[data-tier] precise semantics", *Queue*).
struct AsyncQueueSpec {
  enum class Delivery { at_least_once, at_most_once };
  static constexpr std::int64_t kUnbounded = -1;
  std::string name;
  std::int64_t capacity = kUnbounded;       // messages held (visible + being consumed)
  int consumer = -1;                        // index into Spec::services
  std::int64_t concurrency = 1;             // consumer calls at once
  Delivery delivery = Delivery::at_least_once;
  Duration visibility_timeout = Duration::s(30);
  std::int64_t max_receives = kUnbounded;   // deliveries before dead-lettering (at_least_once)
  std::int64_t shed_above = kUnbounded;     // reject new messages at this depth
};

/// `keys`: the key each request touches (one per operation); count 0: no keys.
struct KeysSpec {
  std::int64_t count = 0;
  double zipf = 0;                          // 0: uniform
};
/// `locks`: that share of requests hold an exclusive lock on their key during own work.
struct LocksSpec {
  bool enabled = false;
  double share = 1;
  Duration timeout = Duration::s(50);       // InnoDB's innodb_lock_wait_timeout default
};
/// `replication`: read replicas behind the primaries, each write reaching them after a lag.
struct ReplicationSpec {
  int read_replicas = 0;                    // 0: no replication
  DistSpec lag;
};

/// `caches.NAME` [data-tier]: a read-through cache in front of a backend
/// service, called with `- cache: NAME` in a service's calls.
struct CacheSpec {
  enum class Eviction { lru, fifo };
  std::string name;
  int backend = -1;                   // index into Spec::services
  std::int64_t key_count = 1;         // keys 1..count
  double zipf = 0;                    // 0: uniform
  Duration ttl = Duration::infinite();
  std::int64_t capacity = 1;          // entries
  Eviction eviction = Eviction::lru;
  DistSpec hit_time = [] { DistSpec d; d.value_ns = 1e6; return d; }();  // constant 1ms
  bool coalesce = false;
};

struct ServiceSpec {
  std::string name;
  int workers = 1;                    // per replica
  QueueSpec queue;
  DistSpec service_time;
  double error_rate = 0;
  std::vector<CallSpec> calls;        // in order, after own work
  int replicas = 1;                   // [policies]
  enum class Balancer { round_robin, random, least_outstanding, p2c };
  Balancer balancer = Balancer::round_robin;  // [policies]
  bool side_effect = false;           // [policies] count executions per operation
  IdempotencySpec idempotency;        // [policies]
  LoadDependentSpec load_dependent;   // [data-tier]
  AdmissionSpec admission;            // [data-tier]
  KeysSpec keys;                      // [data-tier]
  LocksSpec locks;                    // [data-tier] needs keys
  ReplicationSpec replication;        // [data-tier] needs keys
  AutoscaleSpec autoscale;            // [data-tier] off unless set
  /// Primary replica slots: `replicas`, or `autoscale.max` when autoscaled (the HPA scales the primaries).
  int primary_slots() const { return autoscale.enabled ? autoscale.max : replicas; }
  /// Replica slots the model builds: the primaries', then the read replicas (a fixed number).
  int slots() const { return primary_slots() + replication.read_replicas; }
};

struct ScheduleStep {
  Duration at;
  double rate_per_s = -1;             // open loop: new rate (>= 0), or -1 when not given
  int users = -1;                     // closed loop: new user count, or -1 when not given
  Duration ramp = Duration::zero();   // linear change over this long, ending at at + ramp
};

struct BurstSpec {
  Duration at;
  std::int64_t count = 0;
};

struct ClientSpec {
  enum class Loop { open, closed };
  enum class Arrival { poisson, uniform };
  std::string name;
  int target = -1;                    // index into Spec::services
  Loop loop = Loop::open;
  double rate_per_s = 0;              // open loop
  Arrival arrival = Arrival::poisson;
  int users = 0;                      // closed loop
  DistSpec think_time;                // closed loop; default constant 0
  Duration timeout = Duration::infinite();
  int retry = -1;                     // index into Spec::retry_policies; -1: no retry
  EdgePolicies policies;              // [policies]
  std::vector<ScheduleStep> schedule; // sorted by at
  std::vector<BurstSpec> bursts;      // sorted by at
  int target_queue = -1;              // [data-tier] `target: queue:NAME`: index into Spec::queues (target is then -1)
};

struct FaultSpec {
  enum class Kind { latency, errors, outage, capacity, pause, drop_responses, partition, network_delay,
                    cache_flush /* [data-tier]: target is a cache index */ };
  enum class OutageMode { refuse, blackhole };  // also a partition's mode: refuse = fail fast, blackhole = time out
  Kind kind = Kind::latency;
  int target = -1;                    // index into Spec::services
  int replica = -1;                   // -1: every replica ([policies] "svc[i]")
  Duration at;
  Duration duration = Duration::infinite();  // infinite: to the end of the run
  Duration add = Duration::zero();    // latency
  double multiply = 1.0;              // latency
  double probability = 0;             // errors, drop_responses
  OutageMode mode = OutageMode::refuse;
  int workers = 0;                    // capacity
  // [policies] partition / network_delay act on an edge: from a service or a
  // client, to a service. from_client is true when `from` names a client.
  int from = -1;
  bool from_client = false;
  int to = -1;
};

/// `expect:` ([analysis]): a bound on one metric, over the summary or a window of the time series.
struct ExpectSpec {
  std::string metric;                 // "clients.web.goodput_per_s", "services.ledger.orphaned"
  Duration after = Duration::zero();  // window start (time series); both zero/infinite: the summary
  Duration before = Duration::infinite();
  bool windowed = false;              // after or before given: mean of the time series over the window
  double at_least = -1e300, at_most = 1e300;
  std::string text;                   // the expectation as written, for messages
};

struct SimulationSpec {
  Duration duration;                  // required, > 0
  std::uint64_t seed = 1;
  Duration warmup = Duration::zero(); // < duration
  Duration sample_interval = Duration::s(1);
};

/// `cost:` [data-tier]: prices resolved per service (index = service index).
struct CostSpec {
  bool enabled = false;
  std::vector<double> replica_hour;          // per service: its own price or the default
  std::vector<double> per_million_requests;  // per service, 0 when not given
};

struct Spec {
  std::string name;
  std::string description;
  std::string source_file;            // as given on the command line
  SimulationSpec simulation;
  std::vector<ServiceSpec> services;  // in file order
  std::vector<ClientSpec> clients;    // in file order
  std::vector<RetrySpec> retry_policies;  // named ones in file order, then inline ones
  std::vector<FaultSpec> faults;      // in file order
  std::vector<ExpectSpec> expect;     // [analysis]
  CostSpec cost;                      // [data-tier]
  std::vector<AsyncQueueSpec> queues; // [data-tier] in file order
  std::vector<CacheSpec> caches;      // [data-tier] in file order
  bool stress = false;                // [analysis] compare runs the stress battery too (`stress: true`)
};

}  // namespace faultline
