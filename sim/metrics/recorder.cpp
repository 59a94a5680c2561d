#include "faultline/metrics/recorder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace faultline {

namespace {
// Time-series metrics, in the order they appear in the output.
constexpr const char* kClientMetrics[] = {"operations_per_s", "goodput_per_s", "failed_per_s",
                                          "attempts_per_s",   "in_flight",     "p50_ms",
                                          "p99_ms", "p99_all_ms"};
constexpr const char* kServiceMetrics[] = {"arrivals_per_s", "rejected_per_s",  "completed_per_s",
                                           "errors_per_s",   "orphaned_per_s",  "utilization",
                                           "cpu_utilization", "queue_length", "workers_available"};
constexpr const char* kEdgeMetrics[] = {"attempts_per_s", "retries_per_s", "hedges_per_s",
                                        "short_circuited_per_s", "budget_denied_per_s", "throttled_per_s"};
constexpr double kNoData = std::numeric_limits<double>::quiet_NaN();
}  // namespace

Recorder::Recorder(Engine& engine, RecorderConfig config)
    : engine_(engine), config_(std::move(config)) {
  clients_.resize(config_.client_names.size());
  services_.resize(config_.service_names.size());
  for (std::size_t s = 0; s < services_.size(); ++s) {
    services_[s].available.value = config_.service_workers[s];
  }
  timeseries_.interval_s = config_.sample_interval.seconds();
  for (const auto& name : config_.client_names) {
    auto& ids = client_series_.emplace_back();
    for (const char* m : kClientMetrics) {
      ids.push_back(timeseries_.series.size());
      timeseries_.series.push_back(Series{"clients." + name, m, {}});
    }
  }
  for (const auto& name : config_.service_names) {
    auto& ids = service_series_.emplace_back();
    for (const char* m : kServiceMetrics) {
      ids.push_back(timeseries_.series.size());
      timeseries_.series.push_back(Series{"services." + name, m, {}});
    }
  }
  edges_.resize(config_.edges.size());
  for (const auto& edge : config_.edges) {
    auto& ids = edge_series_.emplace_back();
    for (const char* m : kEdgeMetrics) {
      ids.push_back(timeseries_.series.size());
      timeseries_.series.push_back(Series{"edges." + edge.name, m, {}});
    }
  }
}

void Recorder::add_gauge(std::string entity, std::string metric, std::function<double(Time)> read) {
  gauges_.push_back(Gauge{timeseries_.series.size(), std::move(read)});
  timeseries_.series.push_back(Series{std::move(entity), std::move(metric), {}});
}

void Recorder::set_worker_area(std::uint32_t s, std::function<double(Time)> area) {
  worker_areas_.resize(services_.size());
  worker_areas_[s].area = std::move(area);
  if (in_window_) worker_areas_[s].at_window = worker_areas_[s].area(engine_.now());
}

void Recorder::start() {
  self_ = engine_.add_handler(this);
  interval_start_ = engine_.now();
  if (config_.warmup <= Duration::zero()) {
    begin_window(engine_.now());
  } else {
    engine_.schedule_at(Time::zero() + config_.warmup, self_, kWarmup, 0);
  }
  const Time first = std::min(Time::zero() + config_.sample_interval, Time::zero() + config_.duration);
  engine_.set_ticker(this, first);
}

void Recorder::on_event(EventKind kind, std::uint64_t) {
  if (kind == kWarmup) begin_window(engine_.now());
}

Time Recorder::on_tick(Time now) {
  sample(now);
  const Time end = Time::zero() + config_.duration;
  const Time next = std::min(now + config_.sample_interval, end);
  return next > now && now < end ? next : Time::max();
}

void Recorder::begin_window(Time now) {
  in_window_ = true;
  for (auto& e : edges_) e.at_window = e.total;
  for (auto& s : services_) {
    s.at_window = s.total;
    s.flush_all(now);
    for (Level* level : {&s.queue, &s.busy, &s.cpu, &s.available}) {
      level->area_at_window = level->area;
      level->max_window = level->value;
    }
  }
  for (auto& w : worker_areas_) {
    if (w.area) w.at_window = w.area(now);
  }
}

void Recorder::sample(Time end_of_interval) {
  const double length_s = (end_of_interval - interval_start_).seconds();
  const double length_ns = length_s * 1e9;  // areas are value x ns
  if (length_s <= 0) return;
  timeseries_.times_s.push_back(end_of_interval.seconds());
  auto rate = [&](std::uint64_t n) { return static_cast<double>(n) / length_s; };
  for (std::size_t c = 0; c < clients_.size(); ++c) {
    auto& k = clients_[c];
    auto& ids = client_series_[c];
    std::uint64_t failed = 0;
    for (int f = kFailedTimeout; f <= kFailedDeadline; ++f) failed += k.interval[static_cast<std::size_t>(f)];
    // Latencies are integer ns, so merged sums are exact in any order.
    k.window_latency.merge(k.interval_latency);
    k.window_all.merge(k.interval_latency);
    k.window_all.merge(k.interval_failed);
    if (k.interval_uncounted.count() > 0) k.interval_latency.merge(k.interval_uncounted);
    const bool any = k.interval_latency.count() > 0;
    Histogram& all = k.interval_failed;  // becomes every operation of the interval
    all.merge(k.interval_latency);
    if (k.interval_failed_uncounted.count() > 0) all.merge(k.interval_failed_uncounted);
    const bool any_all = all.count() > 0;
    const double values[] = {rate(k.interval[kOps]),
                             rate(k.interval[kSucceeded]),
                             rate(failed),
                             rate(k.interval[kAttempts]),
                             static_cast<double>(k.live_ops),
                             any ? k.interval_latency.quantile(0.50) * 1e-6 : kNoData,
                             any ? k.interval_latency.quantile(0.99) * 1e-6 : kNoData,
                             any_all ? all.quantile(0.99) * 1e-6 : kNoData};
    for (std::size_t i = 0; i < ids.size(); ++i) timeseries_.series[ids[i]].values.push_back(values[i]);
    k.interval.fill(0);
    k.interval_latency.reset();
    k.interval_uncounted.reset();
    k.interval_failed.reset();
    k.interval_failed_uncounted.reset();
  }
  for (std::size_t s = 0; s < services_.size(); ++s) {
    auto& v = services_[s];
    auto& ids = service_series_[s];
    v.flush_all(end_of_interval);
    double workers = std::max(1, config_.service_workers[s]);
    if (s < worker_areas_.size() && worker_areas_[s].area) {  // [data-tier] autoscaled: the mean of the workers there were
      const double area = worker_areas_[s].area(end_of_interval);
      workers = std::max(1e-9, (area - worker_areas_[s].at_interval) / length_ns);
      worker_areas_[s].at_interval = area;
    }
    auto in = [&](ServiceCounter c) { return v.total[c] - v.at_interval[c]; };
    const double values[] = {rate(in(kArrivals)),
                             rate(in(kRejected)),
                             rate(in(kCompleted)),
                             rate(in(kErrors)),
                             rate(in(kOrphaned)),
                             (v.busy.area - v.busy.area_at_interval) / length_ns / workers,
                             (v.cpu.area - v.cpu.area_at_interval) / length_ns / workers,
                             (v.queue.area - v.queue.area_at_interval) / length_ns,
                             (v.available.area - v.available.area_at_interval) / length_ns};
    for (std::size_t i = 0; i < ids.size(); ++i) timeseries_.series[ids[i]].values.push_back(values[i]);
    v.at_interval = v.total;
    for (Level* level : {&v.queue, &v.busy, &v.cpu, &v.available}) level->area_at_interval = level->area;
  }
  for (std::size_t e = 0; e < edges_.size(); ++e) {
    auto& k = edges_[e];
    const auto& ids = edge_series_[e];
    auto in = [&](EdgeCounter c) { return k.total[c] - k.at_interval[c]; };
    const double values[] = {rate(in(kEdgeAttempts)), rate(in(kRetries)),       rate(in(kHedges)),
                             rate(in(kShortCircuited)), rate(in(kBudgetDenied)), rate(in(kThrottled))};
    for (std::size_t i = 0; i < ids.size(); ++i) timeseries_.series[ids[i]].values.push_back(values[i]);
    k.at_interval = k.total;
  }
  for (auto& g : gauges_) timeseries_.series[g.series].values.push_back(g.read(end_of_interval));
  interval_start_ = end_of_interval;
}

void Recorder::finish(Time end, RunResult& out) {
  if (end > interval_start_) sample(end);
  for (auto& k : clients_) {  // a run stopped just after a sample: what came after it
    k.window_latency.merge(k.interval_latency);
    k.window_all.merge(k.interval_latency);
    k.window_all.merge(k.interval_failed);
    k.interval_latency.reset();
    k.interval_failed.reset();
  }
  const double window_s = std::max(0.0, (end - (Time::zero() + config_.warmup)).seconds());
  auto ms = [](double ns) { return ns * 1e-6; };
  out.clients.clear();
  for (std::size_t c = 0; c < clients_.size(); ++c) {
    const auto& k = clients_[c];
    ClientSummary cs;
    cs.name = config_.client_names[c];
    cs.operations = k.window[kOps];
    cs.succeeded = k.window[kSucceeded];
    cs.failed_timeout = k.window[kFailedTimeout];
    cs.failed_error = k.window[kFailedError];
    cs.failed_rejected = k.window[kFailedRejected];
    cs.failed_short_circuited = k.window[kFailedShortCircuited];
    cs.failed_throttled = k.window[kFailedThrottled];
    cs.failed_deadline = k.window[kFailedDeadline];
    const std::uint64_t done = cs.succeeded + cs.failed_timeout + cs.failed_error + cs.failed_rejected +
                               cs.failed_short_circuited + cs.failed_throttled + cs.failed_deadline;
    cs.in_flight = cs.operations >= done ? cs.operations - done : 0;
    cs.attempts = k.window[kAttempts];
    cs.amplification = cs.operations ? static_cast<double>(cs.attempts) / static_cast<double>(cs.operations) : 0;
    cs.goodput_per_s = window_s > 0 ? static_cast<double>(cs.succeeded) / window_s : 0;
    auto summarize = [&](const Histogram& h, LatencySummary& out) {
      out.count = h.count();
      out.mean_ms = ms(h.mean());
      out.p50_ms = ms(h.quantile(0.50));
      out.p90_ms = ms(h.quantile(0.90));
      out.p99_ms = ms(h.quantile(0.99));
      out.p999_ms = ms(h.quantile(0.999));
      out.max_ms = ms(static_cast<double>(h.max()));
    };
    summarize(k.window_latency, cs.latency);
    summarize(k.window_all, cs.latency_all);
    out.clients.push_back(std::move(cs));
  }
  out.services.clear();
  for (std::size_t s = 0; s < services_.size(); ++s) {
    auto& v = services_[s];
    v.flush_all(end);
    ServiceSummary ss;
    ss.name = config_.service_names[s];
    auto window = [&](ServiceCounter c) { return in_window_ ? v.total[c] - v.at_window[c] : 0; };
    ss.arrivals = window(kArrivals);
    ss.rejected = window(kRejected);
    ss.completed = window(kCompleted);
    ss.errors = window(kErrors);
    ss.orphaned = window(kOrphaned);
    double workers = std::max(1, config_.service_workers[s]);
    const double window_ns = window_s * 1e9;
    if (s < worker_areas_.size() && worker_areas_[s].area && window_s > 0) {  // [data-tier] autoscaled
      workers = std::max(1e-9, (worker_areas_[s].area(end) - worker_areas_[s].at_window) / window_ns);
    }
    if (window_s > 0) {
      ss.utilization = (v.busy.area - v.busy.area_at_window) / window_ns / workers;
      ss.cpu_utilization = (v.cpu.area - v.cpu.area_at_window) / window_ns / workers;
      ss.queue_length_mean = (v.queue.area - v.queue.area_at_window) / window_ns;
      ss.workers_available_mean = (v.available.area - v.available.area_at_window) / window_ns;
    }
    ss.queue_length_max = in_window_ ? v.queue.max_window : 0;
    ss.queue_wait_mean_ms = ms(v.queue_wait.mean());
    ss.queue_wait_p99_ms = ms(v.queue_wait.quantile(0.99));
    ss.duplicates = window(kDuplicates);
    ss.expired = window(kExpired);
    ss.deduplicated = window(kDeduplicated);
    ss.admission = s < config_.service_admission.size() && config_.service_admission[s];
    ss.shed = window(kShed);
    ss.lost = window(kLost);
    // Absolute, not windowed: what the service still holds when the run ends.
    ss.in_service = static_cast<std::uint64_t>(std::max<std::int64_t>(0, v.busy.value + v.queue.value)) +
                    (v.total[kHeld] - v.total[kUnheld]);
    ss.idempotency_store_max = v.store_max;
    out.services.push_back(std::move(ss));
  }
  out.edges.clear();
  for (std::size_t e = 0; e < edges_.size(); ++e) {
    std::array<std::uint64_t, kEdgeCounters> k{};
    for (int c = 0; c < kEdgeCounters; ++c) {
      k[static_cast<std::size_t>(c)] = in_window_ ? edges_[e].total[static_cast<std::size_t>(c)] - edges_[e].at_window[static_cast<std::size_t>(c)] : 0;
    }
    EdgeSummary es;
    es.name = config_.edges[e].name;
    es.from = config_.edges[e].from;
    es.to = config_.edges[e].to;
    es.calls = k[kCalls];
    es.attempts = k[kEdgeAttempts];
    es.retries = k[kRetries];
    es.hedges = k[kHedges];
    es.short_circuited = k[kShortCircuited];
    es.budget_denied = k[kBudgetDenied];
    es.throttled = k[kThrottled];
    es.amplification = es.calls ? static_cast<double>(es.attempts) / static_cast<double>(es.calls) : 0;
    out.edges.push_back(std::move(es));
  }
  out.timeseries = timeseries_;
}

}  // namespace faultline
