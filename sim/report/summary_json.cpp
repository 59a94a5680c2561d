#include "summary_json.hpp"

#include "faultline/metrics/registry.hpp"
#include "format.hpp"

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
  return reported(v);
}

json value(const Metric& m) {
  switch (m.kind) {
    case MetricKind::count: return static_cast<std::uint64_t>(m.value);
    case MetricKind::text: return m.text;
    case MetricKind::real: break;
  }
  return num(m.value);
}
}  // namespace

json summary_tree(const RunResult& r) {
  json out;
  out["scenario"] = r.scenario;
  out["seed"] = r.seed;
  out["simulated_s"] = num(r.simulated_s);
  out["partial"] = r.partial;
  if (!r.stop_reason.empty()) out["stop_reason"] = r.stop_reason;  // the model halted the run
  out["duration_s"] = num(r.duration_s);
  out["warmup_s"] = num(r.warmup_s);
  out["faultline_version"] = FAULTLINE_VERSION;
  // clients, services, edges (and cost, where the scenario has it): every figure
  // from the registry, nested by its dotted entity and path (names have no dots).
  for (const auto& kind : entity_kinds()) out[kind] = json::object();
  const auto metrics = registry(r);  // held: a range-for would not keep a temporary one alive
  for (const auto& m : metrics->all()) {
    json* node = &out;
    for (std::size_t p = 0;;) {
      const auto dot = m.entity.find('.', p);
      node = &(*node)[m.entity.substr(p, dot == std::string::npos ? dot : dot - p)];
      if (dot == std::string::npos) break;
      p = dot + 1;
    }
    for (const char *p = m.path, *q = p;; ++q) {
      if (*q != '.' && *q != '\0') continue;
      node = &(*node)[std::string(p, q)];
      if (*q == '\0') break;
      p = q + 1;
    }
    *node = value(m);
  }
  json faults = json::array();
  for (const auto& f : r.faults) {
    faults.push_back(json{{"kind", f.kind}, {"target", f.target}, {"start_s", num(f.start_s)}, {"end_s", num(f.end_s)}});
  }
  out["faults"] = std::move(faults);
  if (!r.scale_events.empty()) {  // [data-tier] autoscaling decisions, only when there were some
    json scaling = json::array();
    for (const auto& e : r.scale_events) {
      scaling.push_back(json{{"service", e.service}, {"at_s", num(e.at_s)}, {"from", e.from}, {"to", e.to},
                             {"first_ready_s", e.first_ready_s >= 0 ? num(e.first_ready_s) : json(nullptr)}});
    }
    out["autoscale"] = std::move(scaling);
  }
  out["verdict"] = json{{"state", r.verdict.state},
                        {"recovery_s", r.verdict.recovery_s >= 0 ? num(r.verdict.recovery_s) : json(nullptr)}};
  json findings = json::array();
  for (const auto& f : r.findings) {
    findings.push_back(json{{"kind", f.kind}, {"entity", f.entity}, {"time_s", num(f.time_s)}, {"metric", f.metric},
                            {"value", num(f.value)}, {"text", f.text}});
  }
  out["findings"] = std::move(findings);
  out["engine"] = json{{"events", r.engine.events},
                       {"wall_s", num(r.engine.wall_s)},
                       {"events_per_s", num(r.engine.events_per_s)},
                       {"fingerprint", fingerprint_hex(r.engine.fingerprint)}};
  return out;
}

}  // namespace faultline::report
