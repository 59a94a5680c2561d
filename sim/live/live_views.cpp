#include "live_views.hpp"

#include "faultline/live/record.hpp"
#include "faultline/model/builder.hpp"

#include <cmath>
#include <cstdio>
#include <map>

namespace faultline::live::views {

using nlohmann::json;

namespace {

struct EdgeName {
  std::string name, from, to;  // "api->ledger", "api", "ledger"
};

/// Edges in the model's order: each service's calls, then each client (as in run.cpp).
std::vector<EdgeName> edge_names(const Spec& spec) {
  std::vector<EdgeName> out;
  for (const auto& svc : spec.services) {
    for (std::size_t k = 0; k < svc.calls.size(); ++k) {
      const CallSpec& call = svc.calls[k];
      const std::string to = call.queue >= 0 ? "queue:" + spec.queues[static_cast<std::size_t>(call.queue)].name
                                             : spec.services[static_cast<std::size_t>(call.service)].name;
      out.push_back({svc.name + "->" + call_edge_name(spec, svc, k), svc.name, to});
    }
  }
  for (const auto& c : spec.clients) {
    const std::string to = c.target_queue >= 0 ? "queue:" + spec.queues[static_cast<std::size_t>(c.target_queue)].name
                                               : spec.services[static_cast<std::size_t>(c.target)].name;
    out.push_back({c.name + "->" + to, c.name, to});
  }
  for (const auto& q : spec.queues) {  // [data-tier] consumer edges come last, as in plan_edges
    const std::string& to = spec.services[static_cast<std::size_t>(q.consumer)].name;
    out.push_back({"queue:" + q.name + "->" + to, "queue:" + q.name, to});
  }
  return out;
}

double last(const Series& s) { return s.values.empty() ? std::nan("") : s.values.back(); }

double num(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

/// ok | degraded | failing | idle, from retries and refusals on the edge and the
/// target's rejections, errors and saturation.
std::string health(const json& edge, const json& target) {
  const double attempts = num(edge, "attempts_per_s");
  if (attempts <= 0 && num(edge, "short_circuited_per_s") <= 0) return "idle";
  if (num(edge, "breaker_state") >= 2) return "failing";
  const double trouble = num(edge, "retries_per_s") + num(edge, "short_circuited_per_s") +
                         num(edge, "budget_denied_per_s") + num(edge, "throttled_per_s");
  const double arrivals = num(target, "arrivals_per_s");
  const double refused = arrivals > 0 ? (num(target, "rejected_per_s") + num(target, "errors_per_s")) / arrivals : 0;
  const double bad = std::max(trouble / std::max(attempts, 1e-9), refused);
  if (bad >= 0.3) return "failing";
  if (bad >= 0.05 || num(target, "utilization") >= 0.95) return "degraded";
  return "ok";
}

std::string escape_label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

json entities(const Spec& spec, const TimeSeries& ts) {
  json out = {{"clients", json::object()}, {"services", json::object()}, {"edges", json::object()}};
  for (const auto& s : ts.series) {
    const auto dot = s.entity.find('.');
    if (dot == std::string::npos) continue;
    const std::string group = s.entity.substr(0, dot), name = s.entity.substr(dot + 1);
    if (!out.contains(group)) continue;
    const double v = last(s);
    out[group][name][s.metric] = std::isnan(v) ? json() : json(v);
  }
  for (const auto& e : edge_names(spec)) {
    json& edge = out["edges"][e.name];
    edge["from"] = e.from;
    edge["to"] = e.to;
    const json& target = out["services"].contains(e.to) ? out["services"][e.to] : json::object();
    edge["health"] = health(edge, target);
  }
  return out;
}

json history(const TimeSeries& ts) {
  json series = json::array();
  for (const auto& s : ts.series) {
    json values = json::array();
    for (double v : s.values) values.push_back(std::isnan(v) ? json() : json(v));
    series.push_back({{"entity", s.entity}, {"metric", s.metric}, {"values", values}});
  }
  return {{"interval_s", ts.interval_s}, {"times_s", ts.times_s}, {"series", series}};
}

json control_json(const Control& c) {
  json j = {{"action", kind_name(c.kind)}};
  switch (c.kind) {
    case Control::Kind::inject: j["fault"] = c.fault; break;
    case Control::Kind::clear: j["id"] = c.id; break;
    case Control::Kind::set:
      j["path"] = c.path;
      j["value"] = c.value;
      break;
    case Control::Kind::speed: j["value"] = c.speed; break;
    default: break;
  }
  if (!c.name.empty()) j["name"] = c.name;
  return j;
}

json action_json(const ActionEntry& a) {
  json j = control_json(a.control);
  j["seq"] = a.seq;
  j["time_s"] = a.at.seconds();
  j["by"] = a.by;
  if (!a.result.empty()) j["result"] = a.result;
  return j;
}

json total_goodput(const Spec& spec, const TimeSeries& ts, double from_s, double to_s) {
  double sum = 0;
  int n = 0;
  for (std::size_t i = 0; i < ts.times_s.size(); ++i) {
    if (ts.times_s[i] <= from_s || ts.times_s[i] > to_s) continue;
    for (const auto& c : spec.clients) {
      const Series* s = ts.find("clients." + c.name, "goodput_per_s");
      if (s != nullptr && i < s->values.size() && !std::isnan(s->values[i])) sum += s->values[i];
    }
    ++n;
  }
  return n == 0 ? json() : json(sum / n);
}

RunResult partial_result(const Spec& spec, const TimeSeries& ts, Time now) {
  RunResult r;
  r.scenario = spec.name;
  r.seed = spec.simulation.seed;
  r.simulated_s = now.seconds();
  r.duration_s = spec.simulation.duration.seconds();
  r.warmup_s = spec.simulation.warmup.seconds();
  r.partial = true;
  r.timeseries = ts;
  for (const auto& c : spec.clients) r.clients.emplace_back().name = c.name;
  for (const auto& s : spec.services) r.services.emplace_back().name = s.name;
  for (const auto& e : edge_names(spec)) {
    EdgeSummary es;
    es.name = e.name;
    const bool client = std::any_of(spec.clients.begin(), spec.clients.end(), [&](const auto& c) { return c.name == e.from; });
    // [data-tier] a queue end is "queue:NAME" here, "queues.NAME" in results.
    auto entity = [](const std::string& name, const char* kind) {
      return name.rfind("queue:", 0) == 0 ? "queues." + name.substr(6) : kind + name;
    };
    es.from = entity(e.from, client ? "clients." : "services.");
    es.to = entity(e.to, "services.");
    r.edges.push_back(es);
  }
  return r;
}

std::string prometheus(const Spec& spec, const TimeSeries& ts, double time_s, double speed, bool paused, bool lagging,
                       std::size_t active_faults, std::size_t actions) {
  // Group samples by metric name: Prometheus wants one TYPE line per family.
  std::map<std::string, std::vector<std::string>> families;
  std::map<std::string, EdgeName> edges;
  for (const auto& e : edge_names(spec)) edges[e.name] = e;
  for (const auto& s : ts.series) {
    const auto dot = s.entity.find('.');
    if (dot == std::string::npos) continue;
    const std::string group = s.entity.substr(0, dot), name = s.entity.substr(dot + 1);
    std::string family, labels;
    if (group == "clients") {
      family = "faultline_client_" + s.metric;
      labels = "client=\"" + escape_label(name) + "\"";
    } else if (group == "services") {
      family = "faultline_service_" + s.metric;
      labels = "service=\"" + escape_label(name) + "\"";
    } else if (group == "edges") {
      family = "faultline_edge_" + s.metric;
      labels = "edge=\"" + escape_label(name) + "\"";
      if (const auto it = edges.find(name); it != edges.end()) {
        labels += ",from=\"" + escape_label(it->second.from) + "\",to=\"" + escape_label(it->second.to) + "\"";
      }
    } else {
      continue;
    }
    families[family].push_back(family + "{" + labels + "} " + number(last(s)));
  }
  std::string out;
  auto gauge = [&](const std::string& family, const std::string& help, const std::vector<std::string>& lines) {
    out += "# HELP " + family + " " + help + "\n# TYPE " + family + " gauge\n";
    for (const auto& l : lines) out += l + "\n";
  };
  gauge("faultline_simulated_time_seconds", "Simulated time of the live run.",
        {"faultline_simulated_time_seconds " + number(time_s)});
  gauge("faultline_live_speed", "Pace: simulated seconds per wall-clock second.", {"faultline_live_speed " + number(speed)});
  gauge("faultline_live_paused", "1 while the instructor has paused the run.",
        {"faultline_live_paused " + std::string(paused ? "1" : "0")});
  gauge("faultline_live_lagging", "1 while the simulation cannot keep up with its pace.",
        {"faultline_live_lagging " + std::string(lagging ? "1" : "0")});
  gauge("faultline_active_faults", "Faults in effect now.",
        {"faultline_active_faults " + std::to_string(active_faults)});
  gauge("faultline_live_actions", "Actions applied so far.", {"faultline_live_actions " + std::to_string(actions)});
  for (const auto& [family, lines] : families) gauge(family, "Last sample interval of the simulated system.", lines);
  return out;
}

std::string hex(std::uint64_t v) { return fingerprint_hex(v); }

}  // namespace faultline::live::views
