#pragma once
// What one run produced, as plain data: the input to every report writer.
// Times in the summaries are milliseconds, rates per second (the output contract).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace faultline {

class MetricRegistry;

struct LatencySummary {
  std::uint64_t count = 0;
  double mean_ms = 0, p50_ms = 0, p90_ms = 0, p99_ms = 0, p999_ms = 0, max_ms = 0;
};

struct ClientSummary {
  std::string name;
  std::uint64_t operations = 0;       // started in [warmup, duration)
  std::uint64_t succeeded = 0;
  std::uint64_t failed_timeout = 0, failed_error = 0, failed_rejected = 0;
  // [policies] operations that ended without a last attempt answering: the
  // breaker was open, the client throttled itself, or the deadline passed.
  std::uint64_t failed_short_circuited = 0, failed_throttled = 0, failed_deadline = 0;
  std::uint64_t in_flight = 0;        // started in the window, no outcome by the end
  std::uint64_t attempts = 0;         // attempts of the operations counted above
  double amplification = 0;           // attempts / operations
  double goodput_per_s = 0;           // succeeded / window length
  LatencySummary latency;             // successful operations, end to end
  LatencySummary latency_all;         // every operation that ended, failures at their failure time (count 0: not measured)
};

struct ServiceSummary {
  std::string name;
  std::uint64_t arrivals = 0, rejected = 0, completed = 0, errors = 0, orphaned = 0, duplicates = 0;
  double utilization = 0;             // time-average share of workers held
  double cpu_utilization = 0;         // time-average share of workers doing own work
  double queue_length_mean = 0;       // time-average number waiting
  std::int64_t queue_length_max = 0;
  double queue_wait_mean_ms = 0, queue_wait_p99_ms = 0;
  double workers_available_mean = 0;  // time-average workers not removed by capacity faults or outages
  // [policies]
  std::uint64_t lost = 0;             // dropped without an answer: blackholed by an outage, or waiting on a lost attempt
  std::uint64_t in_service = 0;       // at the end of the run: queued, holding a worker, or waiting on an idempotency key
  std::uint64_t expired = 0;          // queued work dropped because its deadline passed
  std::uint64_t deduplicated = 0;     // repeats answered by the idempotency store, not run
  std::uint64_t idempotency_store_max = 0;  // peak entries in the idempotency/execution store
  // [data-tier]
  bool admission = false;             // the service sheds load: `shed` is reported
  std::uint64_t shed = 0;             // arrivals rejected by admission (also in `rejected`)
  bool locks = false;                 // the service has `locks`: the lock figures are reported
  std::uint64_t lock_waits = 0;       // locking requests that found their key locked
  std::uint64_t lock_timeouts = 0;    // of those, gave up after locks.timeout (as errors)
  double lock_wait_mean_ms = 0, lock_wait_p99_ms = 0;  // every locking request, zero waits included
  bool replication = false;           // the service has `replication`
  std::uint64_t reads = 0;            // reads served by its read replicas
  std::uint64_t stale_reads = 0;      // of those, stale (a completed write had not reached the replica)
  double stale_read_share = 0;        // stale_reads / reads
  bool autoscaled = false;            // `autoscale` is set: the figures below are reported
  std::uint64_t replicas = 0;         // starting or serving at the end of the run
  std::uint64_t replicas_max = 0;     // most starting or serving at once (the run)
  double replica_seconds = 0;         // billed (from the decision until drained) over the window
  std::uint64_t scale_changes = 0;    // decisions that changed the count (the run)
  std::string scale_metric;           // the autoscaler's metric ("cpu_utilization", ...) and target
  double scale_target = 0;
};

/// [data-tier] One autoscaling decision that changed the replica count.
struct ScaleEvent {
  std::string service;
  double at_s = 0;
  std::uint32_t from = 0, to = 0;     // replicas starting or serving, before and after
  double first_ready_s = -1;          // scale-out: when the first new replica took work (-1: never)
};

/// One edge of the call graph: a client's target, or one downstream call.
struct EdgeSummary {
  std::string name;                   // "web->api", "api->ledger"
  std::string from, to;               // "clients.web" / "services.api", "services.ledger"
  std::uint64_t calls = 0;            // logical calls (operations, downstream calls)
  std::uint64_t attempts = 0;         // attempts sent (first, retries, hedges)
  std::uint64_t retries = 0, hedges = 0;
  std::uint64_t short_circuited = 0, budget_denied = 0, throttled = 0;
  double amplification = 0;           // attempts / calls
  // [data-tier] a connection pool on the call (per caller replica)
  bool pool = false;
  std::uint64_t pool_size = 0;        // connections per caller replica
  std::uint64_t pool_in_use_max = 0, pool_waiters_max = 0;  // peaks, summed over the caller's replicas
  std::uint64_t pool_timeouts = 0;    // waits longer than wait_timeout (the call failed as error)
  double pool_wait_mean_ms = 0, pool_wait_p99_ms = 0;  // every connection taken, zero waits included
};

/// One metric of one entity over the run, one value per sample interval.
struct Series {
  std::string entity;                 // "clients.web", "services.ledger"
  std::string metric;                 // "goodput_per_s", "queue_length", ...
  std::vector<double> values;         // values[i] covers [i*interval, (i+1)*interval)
};

struct TimeSeries {
  double interval_s = 1;
  std::vector<double> times_s;        // end of each sample interval (the row's time_s)
  std::vector<Series> series;         // clients first, then services, in spec order

  /// The series of that entity and metric, or nullptr.
  const Series* find(const std::string& entity, const std::string& metric) const {
    for (const auto& s : series) {
      if (s.entity == entity && s.metric == metric) return &s;
    }
    return nullptr;
  }
};

struct FaultWindow {
  std::string kind;                   // "latency", "outage", ...
  std::string target;                 // service name (or "svc[i]")
  double start_s = 0, end_s = 0;      // end clipped to the run's end
};

/// One thing that happened, backed by a metric and a time ([analysis]).
struct Finding {
  std::string kind;     // saturated | amplification | orphaned | recovered | metastable | degraded | duplicates
  std::string entity;   // "services.ledger", "edges.api->ledger", "clients.web"
  double time_s = 0;    // when (NaN when it is about the whole run)
  std::string metric;   // the metric behind it
  double value = 0;
  std::string text;     // one sentence for people
};

struct Verdict {
  std::string state = "healthy";  // healthy | recovered | metastable | degraded
  double recovery_s = -1;         // seconds after the last fault ended; -1 when not applicable
};

struct EngineStats {
  std::uint64_t events = 0;
  double wall_s = 0;
  double events_per_s = 0;
  std::uint64_t fingerprint = 0;      // hash of every event (time, seq, target, kind)
};

/// [data-tier] `cost:`: what the simulated system would cost to run.
struct CostResult {
  bool present = false;  // the scenario has `cost:`
  struct Line {
    std::string name;
    double replica_hours = 0;
    std::uint64_t requests = 0;  // arrivals in the window
    double cost = 0;
  };
  std::vector<Line> by_service;
  double total = 0;
  double per_million_succeeded = 0;  // total / (client successes / 10^6); 0 when none
};

/// [data-tier] One queue (`queues.NAME`): counts over the summary window, depth
/// and age at the end. With warmup 0: published = acknowledged + dead_lettered + lost + depth.
struct QueueSummary {
  std::string name;
  std::uint64_t published = 0;             // messages the queue took
  std::uint64_t rejected = 0;              // publishes refused (capacity, shed_above): the publisher saw `rejected`
  std::uint64_t deliveries = 0;            // consumer calls made
  std::uint64_t redeliveries = 0;          // deliveries of a message after its first
  std::uint64_t acknowledged = 0;          // messages done: a delivery succeeded
  std::uint64_t duplicate_completions = 0; // a delivery also succeeded after its message was done: its effect twice
  std::uint64_t dead_lettered = 0;         // failed or timed out on the max_receives-th delivery
  std::uint64_t lost = 0;                  // at_most_once: the one delivery failed
  std::uint64_t depth = 0;                 // at the end: messages visible or being consumed
  std::uint64_t depth_max = 0;             // peak depth in the window
  double oldest_age_ms = 0;                // at the end: age of the oldest message held
  double end_to_end_ms_mean = 0, end_to_end_ms_p99 = 0;  // publish -> acknowledgement
};

/// [data-tier] One cache over the summary window (scenario-format.md, "Cache").
struct CacheSummary {
  std::string name;
  std::uint64_t hits = 0, misses = 0;  // reads: every attempt on an edge reading the cache
  double hit_ratio = 0;                // hits / (hits + misses); 0 without reads
  std::uint64_t evictions = 0;
  std::uint64_t fills_in_flight = 0;   // at the end of the run
  std::uint64_t coalesced = 0;         // misses that waited for a fill in flight (no backend call)
  std::uint64_t backend_calls = 0;     // misses passed on to the backend (= misses - coalesced)
  std::uint64_t size = 0;              // entries at the end of the run
};

struct RunResult {
  std::string scenario;
  std::string description;
  std::uint64_t seed = 0;
  double simulated_s = 0;             // how far the clock got (== duration unless partial)
  double duration_s = 0;              // the scenario's duration
  double warmup_s = 0;
  bool partial = false;               // interrupted before the end
  std::string stop_reason;            // why the model halted the run early (empty: it did not)
  std::vector<ClientSummary> clients;
  std::vector<ServiceSummary> services;
  std::vector<EdgeSummary> edges;     // [policies]
  TimeSeries timeseries;
  std::vector<FaultWindow> faults;
  std::vector<ScaleEvent> scale_events;  // [data-tier] in time order
  Verdict verdict;
  std::vector<Finding> findings;
  EngineStats engine;
  CostResult cost;                    // [data-tier]
  std::vector<QueueSummary> queues;   // [data-tier] in spec order
  std::vector<CacheSummary> caches;   // [data-tier] in spec order; empty without caches
  /// Every summary figure by path, filled once at the end of the run (analysis::find);
  /// read it through registry(result), which also serves results put together by hand.
  std::shared_ptr<const MetricRegistry> metrics;
};

}  // namespace faultline
