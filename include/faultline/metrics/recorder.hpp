#pragma once
#include "faultline/engine/hot.hpp"
// Collects what a run measures: window counters for the summary, per-interval
// counters and levels for the time series, latency histograms. Models reach its
// small inline methods only through Signals (model/signals.hpp); it knows
// nothing of how models work.
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "faultline/engine/engine.hpp"
#include "faultline/metrics/histogram.hpp"
#include "faultline/metrics/run_result.hpp"
#include "faultline/scenario/reason.hpp"

namespace faultline {

struct RecorderConfig {
  std::vector<std::string> client_names;
  std::vector<std::string> service_names;
  std::vector<int> service_workers;  // total nominal workers (all replicas)
  std::vector<bool> service_admission;  // [data-tier] reports `shed` (empty: none has admission)
  struct EdgeNames {
    std::string name, from, to;
  };
  std::vector<EdgeNames> edges;
  Duration warmup;
  Duration duration;
  Duration sample_interval;
};

class Recorder final : public EventHandler, public Ticker {
 public:
  enum ClientCounter {
    kOps, kSucceeded,
    kFailedTimeout, kFailedError, kFailedRejected, kFailedShortCircuited, kFailedThrottled, kFailedDeadline,  // by Reason
    kAttempts, kClientCounters
  };
  static_assert(kFailedDeadline - kFailedTimeout == static_cast<int>(Reason::deadline));
  enum ServiceCounter { kArrivals, kRejected, kCompleted, kErrors, kOrphaned, kExpired, kDeduplicated, kDuplicates, kShed,
                        kLost, kHeld, kUnheld,  // lost without an answer; waiting on an idempotency key: in, out
                        kServiceCounters };
  enum EdgeCounter { kCalls, kEdgeAttempts, kRetries, kHedges, kShortCircuited, kBudgetDenied, kThrottled, kEdgeCounters };

  Recorder(Engine& engine, RecorderConfig config);

  /// Schedules the sampling and warmup events; call once before the run.
  void start();
  bool in_window() const { return in_window_; }

  // --- clients -------------------------------------------------------------
  FAULTLINE_HOT void op_started(std::uint32_t c) {
    ++clients_[c].interval[kOps];
    ++clients_[c].live_ops;
    if (in_window_) ++clients_[c].window[kOps];
  }
  FAULTLINE_HOT void attempt_sent(std::uint32_t c, bool counted) {
    ++clients_[c].interval[kAttempts];
    if (counted) ++clients_[c].window[kAttempts];
  }
  FAULTLINE_HOT void op_succeeded(std::uint32_t c, bool counted, Duration latency) {
    auto& k = clients_[c];
    ++k.interval[kSucceeded];
    --k.live_ops;
    if (counted) {
      ++k.window[kSucceeded];
      k.interval_latency.record(latency.count_ns());
    } else {
      k.interval_uncounted.record(latency.count_ns());
    }
  }
  FAULTLINE_HOT void op_failed(std::uint32_t c, bool counted, Reason reason, Duration latency) {
    auto& k = clients_[c];
    (counted ? k.interval_failed : k.interval_failed_uncounted).record(latency.count_ns());
    const int which = kFailedTimeout + static_cast<int>(reason);  // the counters follow Reason's order
    ++k.interval[which];
    --k.live_ops;
    if (counted) ++k.window[which];
  }

  // --- services ------------------------------------------------------------
  /// One cumulative counter; intervals and the window are differences of snapshots.
  FAULTLINE_HOT void count(std::uint32_t s, ServiceCounter what) { ++services_[s].total[what]; }
  FAULTLINE_HOT void queue_wait(std::uint32_t s, Duration wait) {
    if (in_window_) services_[s].queue_wait.record(wait.count_ns());
  }
  /// Level changes: waiting requests, workers held, workers doing own work.
  FAULTLINE_HOT void queue_delta(std::uint32_t s, int delta) { levels_now(s).queue.add(delta); }
  FAULTLINE_HOT void busy_delta(std::uint32_t s, int delta) { levels_now(s).busy.add(delta); }
  FAULTLINE_HOT void cpu_delta(std::uint32_t s, int delta) { levels_now(s).cpu.add(delta); }
  /// Workers taken away (capacity faults, outages: < 0) or given back.
  void available_delta(std::uint32_t s, int delta) {
    auto& v = services_[s];
    v.flush_available(engine_.now());
    v.available.add(delta);
  }
  /// A worker taken for own work (+1) or released after it (-1): both levels at once.
  FAULTLINE_HOT void worker_delta(std::uint32_t s, int busy, int cpu) {
    auto& v = levels_now(s);
    v.busy.add(busy);
    v.cpu.add(cpu);
  }

  // --- edges ([policies]) ----------------------------------------------------
  void count_edge(std::uint32_t e, EdgeCounter what) { ++edges_[e].total[what]; }
  /// A level sampled at each interval's end (budget tokens, breaker state).
  void add_gauge(std::string entity, std::string metric, std::function<double(Time)> read);
  /// Peak size of a service's idempotency store.
  void store_size(std::uint32_t s, std::size_t size) {
    if (in_window_ && size > services_[s].store_max) services_[s].store_max = size;
  }

  /// [data-tier] A service whose workers change over time (autoscaling): its
  /// utilizations divide by this running area (workers x ns up to a time)
  /// instead of the nominal workers.
  void set_worker_area(std::uint32_t s, std::function<double(Time)> area);
  /// [data-tier] A service's running level areas (value x ns up to now) and counters.
  enum class Area { queue, busy, cpu };
  double area(std::uint32_t s, Area which) {
    const auto& v = levels_now(s);
    return which == Area::queue ? v.queue.area : which == Area::busy ? v.busy.area : v.cpu.area;
  }
  std::uint64_t total(std::uint32_t s, ServiceCounter what) const { return services_[s].total[what]; }

  /// A service's nominal workers changed mid-run (Simulation::set): utilization
  /// from the next sample on is a share of the new count.
  void set_service_workers(std::uint32_t s, int workers) { config_.service_workers[s] = workers; }
  /// The time series so far: complete sample intervals only.
  const TimeSeries& timeseries() const { return timeseries_; }

  void on_event(EventKind kind, std::uint64_t payload) override;
  /// A sample at the end of an interval, before any event at that instant.
  Time on_tick(Time at) override;

  /// Summaries and time series up to `end` (the run's end, or where it stopped).
  void finish(Time end, RunResult& out);

 private:
  enum Kind : EventKind { kWarmup = 2 };

  /// A level (queue length, workers held) integrated over time. One running
  /// area; intervals and the summary window are differences of snapshots.
  struct Level {
    std::int64_t value = 0;
    std::int64_t max_window = 0;
    double area = 0;           // value x nanoseconds since the start
    double area_at_interval = 0, area_at_window = 0;
    void add(int delta) {
      value += delta;
      if (value > max_window) max_window = value;
    }
  };
  struct ClientState {
    std::array<std::uint64_t, kClientCounters> window{}, interval{};
    std::int64_t live_ops = 0;
    // One record per operation: this interval's latencies of operations the
    // summary counts, and of the others (started before the warmup ended).
    // Each interval's end folds the first into the window's histogram.
    Histogram window_latency, interval_latency, interval_uncounted;
    // Every operation that ended, failed ones included: one record per
    // operation (successes above, failures here); "all" is their merge.
    Histogram window_all, interval_failed, interval_failed_uncounted;
  };
  struct alignas(64) ServiceState {  // what every attempt touches first, on few cache lines
    Time levels_at;            // the areas include everything before this time
    Level queue, busy, cpu;
    std::array<std::uint64_t, kServiceCounters> total{};
    Histogram queue_wait;
    Level available;
    std::array<std::uint64_t, kServiceCounters> at_interval{}, at_window{};
    /// Brings the three areas up to `now`: once per service and instant, however
    /// many levels change then (a departure and the next start share one).
    FAULTLINE_HOT void flush_levels(Time now) {
      if (now == levels_at) return;
      const auto dt = static_cast<double>((now - levels_at).count_ns());
      queue.area += static_cast<double>(queue.value) * dt;
      busy.area += static_cast<double>(busy.value) * dt;
      cpu.area += static_cast<double>(cpu.value) * dt;
      levels_at = now;
    }
    /// Workers available change only with faults: their area has its own
    /// clock, kept off the per-event flush above. (Areas are sums of integers,
    /// exact in doubles, so flushing less often changes no figure.)
    Time available_at;
    void flush_available(Time now) {
      available.area += static_cast<double>(available.value) * static_cast<double>((now - available_at).count_ns());
      available_at = now;
    }
    void flush_all(Time now) {
      flush_levels(now);
      flush_available(now);
    }
    std::size_t store_max = 0;
  };
  struct EdgeState {
    std::array<std::uint64_t, kEdgeCounters> total{}, at_interval{}, at_window{};
  };
  struct Gauge {
    std::size_t series;
    std::function<double(Time)> read;
  };

  FAULTLINE_HOT ServiceState& levels_now(std::uint32_t s) {
    auto& v = services_[s];
    v.flush_levels(engine_.now());
    return v;
  }
  void sample(Time end_of_interval);
  void begin_window(Time now);

  Engine& engine_;
  RecorderConfig config_;
  TargetId self_ = 0;
  bool in_window_ = false;
  Time interval_start_;
  std::vector<ClientState> clients_;
  std::vector<ServiceState> services_;
  std::vector<EdgeState> edges_;
  std::vector<Gauge> gauges_;
  struct WorkerArea {  // [data-tier] see set_worker_area
    std::function<double(Time)> area;
    double at_interval = 0, at_window = 0;
  };
  std::vector<WorkerArea> worker_areas_;  // per service, or empty; an empty function: nominal workers
  TimeSeries timeseries_;
  std::vector<std::vector<std::size_t>> client_series_, service_series_, edge_series_;  // series indices per entity
};

}  // namespace faultline
