#include "faultline/metrics/registry.hpp"

#include <cmath>

#include "faultline/metrics/run_result.hpp"

namespace faultline {

namespace {

/// One figure of a summary struct S: where it goes and how to read it.
template <class S>
struct Def {
  const char* path;
  const char* unit;
  MetricKind kind;
  Better better;
  double (*number)(const S&);
  const std::string* (*text)(const S&);  // text metrics only
  bool (*present)(const S&) = nullptr;   // null: always; else only where this says so
};

template <class S>
constexpr Def<S> count(const char* path, const char* unit, Better better, double (*read)(const S&)) {
  return {path, unit, MetricKind::count, better, read, nullptr, nullptr};
}
template <class S>
constexpr Def<S> real(const char* path, const char* unit, Better better, double (*read)(const S&)) {
  return {path, unit, MetricKind::real, better, read, nullptr, nullptr};
}
template <class S>
constexpr Def<S> text(const char* path, const std::string* (*read)(const S&)) {
  return {path, "", MetricKind::text, Better::neither, nullptr, read, nullptr};
}

Def<ClientSummary> all(const char* path, double (*read)(const ClientSummary&)) {
  return {path, "ms", MetricKind::real, Better::lower, read, nullptr,
          [](const ClientSummary& c) { return c.latency_all.count > 0; }};
}

double d(std::uint64_t v) { return static_cast<double>(v); }
constexpr auto H = Better::higher, L = Better::lower, N = Better::neither;

using C = ClientSummary;
// The order is the output order of JSON and CSV (scenario-format.md, "Output contract").
const Def<C> kClient[] = {
    count<C>("operations", "operations", N, [](const C& c) { return d(c.operations); }),
    count<C>("succeeded", "operations", H, [](const C& c) { return d(c.succeeded); }),
    count<C>("failed.timeout", "operations", L, [](const C& c) { return d(c.failed_timeout); }),
    count<C>("failed.error", "operations", L, [](const C& c) { return d(c.failed_error); }),
    count<C>("failed.rejected", "operations", L, [](const C& c) { return d(c.failed_rejected); }),
    count<C>("failed.short_circuited", "operations", L, [](const C& c) { return d(c.failed_short_circuited); }),
    count<C>("failed.throttled", "operations", L, [](const C& c) { return d(c.failed_throttled); }),
    count<C>("failed.deadline", "operations", L, [](const C& c) { return d(c.failed_deadline); }),
    count<C>("in_flight", "operations", N, [](const C& c) { return d(c.in_flight); }),
    count<C>("attempts", "attempts", L, [](const C& c) { return d(c.attempts); }),
    real<C>("amplification", "attempts/operation", L, [](const C& c) { return c.amplification; }),
    real<C>("goodput_per_s", "1/s", H, [](const C& c) { return c.goodput_per_s; }),
    real<C>("latency_ms.mean", "ms", L, [](const C& c) { return c.latency.mean_ms; }),
    real<C>("latency_ms.p50", "ms", L, [](const C& c) { return c.latency.p50_ms; }),
    real<C>("latency_ms.p90", "ms", L, [](const C& c) { return c.latency.p90_ms; }),
    real<C>("latency_ms.p99", "ms", L, [](const C& c) { return c.latency.p99_ms; }),
    real<C>("latency_ms.p999", "ms", L, [](const C& c) { return c.latency.p999_ms; }),
    real<C>("latency_ms.max", "ms", L, [](const C& c) { return c.latency.max_ms; }),
    // Every operation, failures at their failure time: where the model measures it.
    all("latency_all_ms.p50", [](const C& c) { return c.latency_all.p50_ms; }),
    all("latency_all_ms.p99", [](const C& c) { return c.latency_all.p99_ms; }),
    all("latency_all_ms.p999", [](const C& c) { return c.latency_all.p999_ms; }),
};

using S = ServiceSummary;
const Def<S> kService[] = {
    count<S>("arrivals", "requests", N, [](const S& s) { return d(s.arrivals); }),
    count<S>("rejected", "requests", L, [](const S& s) { return d(s.rejected); }),
    count<S>("completed", "requests", H, [](const S& s) { return d(s.completed); }),
    count<S>("errors", "requests", L, [](const S& s) { return d(s.errors); }),
    count<S>("orphaned", "requests", L, [](const S& s) { return d(s.orphaned); }),
    count<S>("duplicates", "executions", L, [](const S& s) { return d(s.duplicates); }),
    real<S>("utilization", "ratio", N, [](const S& s) { return s.utilization; }),
    real<S>("cpu_utilization", "ratio", N, [](const S& s) { return s.cpu_utilization; }),
    real<S>("queue_length.mean", "requests", L, [](const S& s) { return s.queue_length_mean; }),
    count<S>("queue_length.max", "requests", L, [](const S& s) { return static_cast<double>(s.queue_length_max); }),
    real<S>("queue_wait_ms.mean", "ms", L, [](const S& s) { return s.queue_wait_mean_ms; }),
    real<S>("queue_wait_ms.p99", "ms", L, [](const S& s) { return s.queue_wait_p99_ms; }),
    count<S>("expired", "requests", L, [](const S& s) { return d(s.expired); }),
    count<S>("deduplicated", "requests", N, [](const S& s) { return d(s.deduplicated); }),
    count<S>("idempotency_store_max", "entries", L, [](const S& s) { return d(s.idempotency_store_max); }),
    count<S>("lost", "requests", L, [](const S& s) { return d(s.lost); }),
    count<S>("in_service", "requests", N, [](const S& s) { return d(s.in_service); }),
    // [data-tier] only where the service has admission
    {"shed", "requests", MetricKind::count, L, [](const S& s) { return d(s.shed); }, nullptr,
     [](const S& s) { return s.admission; }},
    // [data-tier] only where the service has locks, or replication
    {"lock_waits", "requests", MetricKind::count, L, [](const S& s) { return d(s.lock_waits); }, nullptr,
     [](const S& s) { return s.locks; }},
    {"lock_timeouts", "requests", MetricKind::count, L, [](const S& s) { return d(s.lock_timeouts); }, nullptr,
     [](const S& s) { return s.locks; }},
    {"lock_wait_ms.mean", "ms", MetricKind::real, L, [](const S& s) { return s.lock_wait_mean_ms; }, nullptr,
     [](const S& s) { return s.locks; }},
    {"lock_wait_ms.p99", "ms", MetricKind::real, L, [](const S& s) { return s.lock_wait_p99_ms; }, nullptr,
     [](const S& s) { return s.locks; }},
    {"reads", "requests", MetricKind::count, N, [](const S& s) { return d(s.reads); }, nullptr,
     [](const S& s) { return s.replication; }},
    {"stale_reads", "requests", MetricKind::count, L, [](const S& s) { return d(s.stale_reads); }, nullptr,
     [](const S& s) { return s.replication; }},
    {"stale_read_share", "ratio", MetricKind::real, L, [](const S& s) { return s.stale_read_share; }, nullptr,
     [](const S& s) { return s.replication; }},
    // [data-tier] only where the service has `autoscale`
    {"replicas", "replicas", MetricKind::count, N, [](const S& s) { return d(s.replicas); }, nullptr,
     [](const S& s) { return s.autoscaled; }},
    {"replicas_max", "replicas", MetricKind::count, N, [](const S& s) { return d(s.replicas_max); }, nullptr,
     [](const S& s) { return s.autoscaled; }},
    {"replica_seconds", "s", MetricKind::real, L, [](const S& s) { return s.replica_seconds; }, nullptr,
     [](const S& s) { return s.autoscaled; }},
    {"scale_changes", "decisions", MetricKind::count, N, [](const S& s) { return d(s.scale_changes); }, nullptr,
     [](const S& s) { return s.autoscaled; }},
};

// [data-tier] `cost:`, only when the scenario has it: the run's totals (entity
// "cost") and one entity per service ("cost.by_service.NAME").
using CL = CostResult::Line;
const Def<CL> kCostLine[] = {
    real<CL>("replica_hours", "h", L, [](const CL& c) { return c.replica_hours; }),
    count<CL>("requests", "requests", N, [](const CL& c) { return d(c.requests); }),
    real<CL>("cost", "$", L, [](const CL& c) { return c.cost; }),
};

// [data-tier] `queues:`, one entity per queue ("queues.NAME"), only when the scenario has queues.
using Q = QueueSummary;
const Def<Q> kQueue[] = {
    count<Q>("published", "messages", N, [](const Q& q) { return d(q.published); }),
    count<Q>("rejected", "messages", L, [](const Q& q) { return d(q.rejected); }),
    count<Q>("deliveries", "deliveries", N, [](const Q& q) { return d(q.deliveries); }),
    count<Q>("redeliveries", "deliveries", L, [](const Q& q) { return d(q.redeliveries); }),
    count<Q>("acknowledged", "messages", H, [](const Q& q) { return d(q.acknowledged); }),
    count<Q>("duplicate_completions", "deliveries", L, [](const Q& q) { return d(q.duplicate_completions); }),
    count<Q>("dead_lettered", "messages", L, [](const Q& q) { return d(q.dead_lettered); }),
    count<Q>("lost", "messages", L, [](const Q& q) { return d(q.lost); }),
    count<Q>("depth", "messages", L, [](const Q& q) { return d(q.depth); }),
    count<Q>("depth_max", "messages", L, [](const Q& q) { return d(q.depth_max); }),
    real<Q>("oldest_age_ms", "ms", L, [](const Q& q) { return q.oldest_age_ms; }),
    real<Q>("end_to_end_ms.mean", "ms", L, [](const Q& q) { return q.end_to_end_ms_mean; }),
    real<Q>("end_to_end_ms.p99", "ms", L, [](const Q& q) { return q.end_to_end_ms_p99; }),
};

// [data-tier] caches, only when the scenario has them (entity "caches.NAME").
using CS = CacheSummary;
const Def<CS> kCache[] = {
    count<CS>("hits", "reads", H, [](const CS& c) { return d(c.hits); }),
    count<CS>("misses", "reads", L, [](const CS& c) { return d(c.misses); }),
    real<CS>("hit_ratio", "ratio", H, [](const CS& c) { return c.hit_ratio; }),
    count<CS>("evictions", "entries", N, [](const CS& c) { return d(c.evictions); }),
    count<CS>("fills_in_flight", "fills", N, [](const CS& c) { return d(c.fills_in_flight); }),
    count<CS>("coalesced", "reads", N, [](const CS& c) { return d(c.coalesced); }),
    count<CS>("backend_calls", "attempts", L, [](const CS& c) { return d(c.backend_calls); }),
    count<CS>("size", "entries", N, [](const CS& c) { return d(c.size); }),
};

using E = EdgeSummary;
const Def<E> kEdge[] = {
    text<E>("from", [](const E& e) { return &e.from; }),
    text<E>("to", [](const E& e) { return &e.to; }),
    count<E>("calls", "calls", N, [](const E& e) { return d(e.calls); }),
    count<E>("attempts", "attempts", L, [](const E& e) { return d(e.attempts); }),
    count<E>("retries", "attempts", L, [](const E& e) { return d(e.retries); }),
    count<E>("hedges", "attempts", N, [](const E& e) { return d(e.hedges); }),
    count<E>("short_circuited", "calls", L, [](const E& e) { return d(e.short_circuited); }),
    count<E>("budget_denied", "attempts", N, [](const E& e) { return d(e.budget_denied); }),
    count<E>("throttled", "calls", L, [](const E& e) { return d(e.throttled); }),
    real<E>("amplification", "attempts/call", L, [](const E& e) { return e.amplification; }),
    // [data-tier] only where the call has a connection pool
    {"pool.size", "connections", MetricKind::count, N, [](const E& e) { return d(e.pool_size); }, nullptr,
     [](const E& e) { return e.pool; }},
    {"pool.in_use_max", "connections", MetricKind::count, N, [](const E& e) { return d(e.pool_in_use_max); }, nullptr,
     [](const E& e) { return e.pool; }},
    {"pool.waiters_max", "requests", MetricKind::count, L, [](const E& e) { return d(e.pool_waiters_max); }, nullptr,
     [](const E& e) { return e.pool; }},
    {"pool.timeouts", "requests", MetricKind::count, L, [](const E& e) { return d(e.pool_timeouts); }, nullptr,
     [](const E& e) { return e.pool; }},
    {"pool.wait_ms.mean", "ms", MetricKind::real, L, [](const E& e) { return e.pool_wait_mean_ms; }, nullptr,
     [](const E& e) { return e.pool; }},
    {"pool.wait_ms.p99", "ms", MetricKind::real, L, [](const E& e) { return e.pool_wait_p99_ms; }, nullptr,
     [](const E& e) { return e.pool; }},
};

template <class T, std::size_t K>
void add(std::vector<Metric>& out, const std::string& kind, const std::vector<T>& entities, const Def<T> (&defs)[K]) {
  for (const auto& x : entities) {
    const std::string entity = kind + "." + x.name;
    for (const auto& def : defs) {
      if (def.present != nullptr && !def.present(x)) continue;
      Metric m{entity, def.path, def.unit, def.kind, def.better, 0, {}};
      if (def.text != nullptr) {
        m.text = *def.text(x);
      } else {
        m.value = def.number(x);
      }
      out.push_back(std::move(m));
    }
  }
}

template <class T, std::size_t K>
std::vector<std::string> paths(const Def<T> (&defs)[K]) {
  std::vector<std::string> out;
  for (const auto& def : defs) out.emplace_back(def.path);
  return out;
}

}  // namespace

MetricRegistry MetricRegistry::of(const RunResult& r) {
  MetricRegistry out;
  add(out.metrics_, "clients", r.clients, kClient);
  add(out.metrics_, "services", r.services, kService);
  add(out.metrics_, "edges", r.edges, kEdge);
  add(out.metrics_, "queues", r.queues, kQueue);  // [data-tier] empty without queues
  if (r.cost.present) {
    out.metrics_.push_back({"cost", "total", "$", MetricKind::real, L, r.cost.total, {}});
    out.metrics_.push_back({"cost", "per_million_succeeded", "$", MetricKind::real, L, r.cost.per_million_succeeded, {}});
    add(out.metrics_, "cost.by_service", r.cost.by_service, kCostLine);
  }
  add(out.metrics_, "caches", r.caches, kCache);  // [data-tier] nothing without caches
  for (std::size_t i = 0; i < out.metrics_.size(); ++i) out.index_.emplace(out.metrics_[i].name(), i);
  return out;
}

const Metric* MetricRegistry::find(const std::string& name) const {
  const auto it = index_.find(name);
  return it == index_.end() ? nullptr : &metrics_[it->second];
}

const Metric* MetricRegistry::find(const std::string& entity, const std::string& path) const {
  return find(entity + "." + path);
}

double MetricRegistry::value(const std::string& entity, const std::string& path) const {
  const Metric* m = find(entity, path);
  return m != nullptr && m->kind != MetricKind::text ? m->value : std::nan("");
}

double reported(double v) { return std::round(v * 1e6) / 1e6; }

std::shared_ptr<const MetricRegistry> registry(const RunResult& result) {
  if (result.metrics) return result.metrics;
  return std::make_shared<const MetricRegistry>(MetricRegistry::of(result));
}

std::vector<std::string> metric_names(const std::string& kind) {
  if (kind == "clients") return paths(kClient);
  if (kind == "services") return paths(kService);
  if (kind == "edges") return paths(kEdge);
  if (kind == "queues") return paths(kQueue);  // [data-tier] not in entity_kinds(): absent without queues
  if (kind == "caches") return paths(kCache);  // [data-tier]
  return {};
}

const std::vector<std::string>& entity_kinds() {
  static const std::vector<std::string> kinds = {"clients", "services", "edges"};
  return kinds;
}

}  // namespace faultline
