#include "summary_json.hpp"

#include <cmath>
#include <cstdio>

#ifndef FAULTLINE_VERSION
#define FAULTLINE_VERSION "dev"
#endif

namespace faultline::report {

namespace {
using json = nlohmann::ordered_json;

/// Rounded to 6 decimals so output is stable and readable; NaN -> null.
json num(double v) {
  if (!std::isfinite(v)) return nullptr;
  return std::round(v * 1e6) / 1e6;
}

json latency(const LatencySummary& l) {
  return json{{"mean", num(l.mean_ms)}, {"p50", num(l.p50_ms)},   {"p90", num(l.p90_ms)},
              {"p99", num(l.p99_ms)},   {"p999", num(l.p999_ms)}, {"max", num(l.max_ms)}};
}
}  // namespace

json summary_tree(const RunResult& r) {
  json out;
  out["scenario"] = r.scenario;
  out["seed"] = r.seed;
  out["simulated_s"] = num(r.simulated_s);
  out["partial"] = r.partial;
  out["duration_s"] = num(r.duration_s);
  out["warmup_s"] = num(r.warmup_s);
  out["faultline_version"] = FAULTLINE_VERSION;
  json clients = json::object();
  for (const auto& c : r.clients) {
    clients[c.name] = json{
        {"operations", c.operations},
        {"succeeded", c.succeeded},
        {"failed", json{{"timeout", c.failed_timeout}, {"error", c.failed_error}, {"rejected", c.failed_rejected}}},
        {"in_flight", c.in_flight},
        {"attempts", c.attempts},
        {"amplification", num(c.amplification)},
        {"goodput_per_s", num(c.goodput_per_s)},
        {"latency_ms", latency(c.latency)}};
  }
  out["clients"] = std::move(clients);
  json services = json::object();
  for (const auto& s : r.services) {
    services[s.name] = json{{"arrivals", s.arrivals},
                            {"rejected", s.rejected},
                            {"completed", s.completed},
                            {"errors", s.errors},
                            {"orphaned", s.orphaned},
                            {"duplicates", s.duplicates},
                            {"utilization", num(s.utilization)},
                            {"cpu_utilization", num(s.cpu_utilization)},
                            {"queue_length", json{{"mean", num(s.queue_length_mean)}, {"max", s.queue_length_max}}},
                            {"queue_wait_ms", json{{"mean", num(s.queue_wait_mean_ms)}, {"p99", num(s.queue_wait_p99_ms)}}},
                            {"expired", s.expired},
                            {"deduplicated", s.deduplicated},
                            {"idempotency_store_max", s.idempotency_store_max}};
    if (s.admission) services[s.name]["shed"] = s.shed;  // [data-tier]: only where configured
  }
  out["services"] = std::move(services);
  json edges = json::object();
  for (const auto& e : r.edges) {
    edges[e.name] = json{{"from", e.from},
                         {"to", e.to},
                         {"calls", e.calls},
                         {"attempts", e.attempts},
                         {"retries", e.retries},
                         {"hedges", e.hedges},
                         {"short_circuited", e.short_circuited},
                         {"budget_denied", e.budget_denied},
                         {"throttled", e.throttled},
                         {"amplification", num(e.amplification)}};
  }
  out["edges"] = std::move(edges);
  json faults = json::array();
  for (const auto& f : r.faults) {
    faults.push_back(json{{"kind", f.kind}, {"target", f.target}, {"start_s", num(f.start_s)}, {"end_s", num(f.end_s)}});
  }
  out["faults"] = std::move(faults);
  out["verdict"] = json{{"state", r.verdict.state},
                        {"recovery_s", r.verdict.recovery_s >= 0 ? num(r.verdict.recovery_s) : json(nullptr)}};
  json findings = json::array();
  for (const auto& f : r.findings) {
    findings.push_back(json{{"kind", f.kind}, {"entity", f.entity}, {"time_s", num(f.time_s)}, {"metric", f.metric},
                            {"value", num(f.value)}, {"text", f.text}});
  }
  out["findings"] = std::move(findings);
  if (r.cost.present) {  // [data-tier]: only when the scenario has `cost:`
    json by_service = json::object();
    for (const auto& c : r.cost.by_service)
      by_service[c.name] = json{{"replica_hours", num(c.replica_hours)}, {"requests", c.requests}, {"cost", num(c.cost)}};
    out["cost"] = json{{"total", num(r.cost.total)},
                       {"per_million_succeeded", num(r.cost.per_million_succeeded)},
                       {"by_service", std::move(by_service)}};
  }
  char fingerprint[17];
  std::snprintf(fingerprint, sizeof fingerprint, "%016llx", static_cast<unsigned long long>(r.engine.fingerprint));
  out["engine"] = json{{"events", r.engine.events},
                       {"wall_s", num(r.engine.wall_s)},
                       {"events_per_s", num(r.engine.events_per_s)},
                       {"fingerprint", fingerprint}};
  return out;
}

}  // namespace faultline::report
