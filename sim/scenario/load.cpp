// YAML text -> validated Spec: every key checked, units resolved, names turned
// into indices, defaults applied, every error located.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "faultline/scenario/load.hpp"
#include "faultline/scenario/presets.hpp"
#include "input_guard.hpp"
#include "overrides.hpp"
#include "expect_metrics.hpp"
#include "reader.hpp"

namespace faultline {

namespace {

using scenario::Reader;
constexpr double kMaxRunSeconds = 1e8;
constexpr std::int64_t kMaxSamples = 1000000;

std::string item(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

/// A policy mapping may also be written `none` (or `off`) to switch it off.
bool switched_off(const YAML::Node& n) { return n.IsScalar() && (n.Scalar() == "none" || n.Scalar() == "off"); }

class Builder {
 public:
  explicit Builder(Reader& r) : r_(r) {}
  Spec build(const YAML::Node& root, const std::string& file);

 private:
  void simulation(const YAML::Node& n);
  void collect_names(const YAML::Node& root);
  DistSpec distribution(const YAML::Node& n, const std::string& path, int depth = 0);
  RetrySpec retry_policy(const YAML::Node& n, const std::string& path, std::string name);
  int retry_ref(const YAML::Node& n, const std::string& path);
  int service_ref(const YAML::Node& n, const std::string& path);
  void edge_policies(const YAML::Node& n, const std::string& path, EdgePolicies& out);
  void service(const std::string& name, const YAML::Node& n, const std::string& path, ServiceSpec& out);
  void client(const std::string& name, const YAML::Node& n, const std::string& path, ClientSpec& out);
  void fault(const YAML::Node& n, const std::string& path, FaultSpec& out);
  void check_cycles(const YAML::Node& services);
  void expectation(const YAML::Node& n, const std::string& path, ExpectSpec& out);
  void variants(const YAML::Node& n);

  template <class T>
  void set(std::optional<T> v, T& out) {
    if (v) out = *v;
  }

  Reader& r_;
  Spec spec_;
  std::map<std::string, int> services_, clients_, policies_;
  std::vector<std::string> service_names_, client_names_, policy_names_;
  std::vector<RetrySpec> inline_policies_;
};

void Builder::collect_names(const YAML::Node& root) {
  auto names = [&](const YAML::Node& n, std::map<std::string, int>& index, std::vector<std::string>& list) {
    if (!n || !n.IsMap()) return;
    for (const auto& kv : n) {
      if (!kv.first.IsScalar() || index.count(kv.first.Scalar())) continue;
      index[kv.first.Scalar()] = static_cast<int>(list.size());
      list.push_back(kv.first.Scalar());
    }
  };
  names(root["services"], services_, service_names_);
  names(root["clients"], clients_, client_names_);
  names(root["retry_policies"], policies_, policy_names_);
}

void Builder::simulation(const YAML::Node& n) {
  if (!r_.map(n, "simulation", Section::simulation)) return;
  auto& sim = spec_.simulation;
  if (!n["duration"]) {
    r_.error(n, "simulation.duration", "missing: how long to simulate, e.g. duration: 120s");
  } else if (auto d = r_.duration(n["duration"], "simulation.duration")) {
    if (*d <= Duration::zero() || d->seconds() > kMaxRunSeconds) {
      r_.error(n["duration"], "simulation.duration", "expected a duration > 0 and at most 100000000s");
    } else {
      sim.duration = *d;
    }
  }
  if (n["seed"]) set(r_.unsigned64(n["seed"], "simulation.seed"), sim.seed);
  if (n["warmup"]) {
    if (auto w = r_.duration(n["warmup"], "simulation.warmup")) {
      if (sim.duration > Duration::zero() && *w >= sim.duration) {
        r_.error(n["warmup"], "simulation.warmup", "expected less than simulation.duration");
      } else {
        sim.warmup = *w;
      }
    }
  }
  if (n["sample_interval"]) {
    if (auto s = r_.duration(n["sample_interval"], "simulation.sample_interval")) {
      if (*s <= Duration::zero()) {
        r_.error(n["sample_interval"], "simulation.sample_interval", "expected a duration > 0");
      } else {
        sim.sample_interval = *s;
      }
    }
  }
  if (sim.duration > Duration::zero() && sim.duration.count_ns() / sim.sample_interval.count_ns() > kMaxSamples) {
    r_.error(n["sample_interval"] ? n["sample_interval"] : n, "simulation.sample_interval",
             "too many samples: duration / sample_interval must be at most 1000000", "use a longer sample_interval");
  }
}

DistSpec Builder::distribution(const YAML::Node& n, const std::string& path, int depth) {
  DistSpec d;
  if (!n.IsMap()) {
    r_.error(n, path, "expected a distribution like {dist: exponential, mean: 5ms}");
    return d;
  }
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kinds = {
      {"constant", {"value"}},
      {"exponential", {"mean"}},
      {"uniform", {"min", "max"}},
      {"normal", {"mean", "stddev"}},
      {"lognormal", {"median", "p99", "mu", "sigma"}},
      {"pareto", {"scale", "shape"}},
      {"mixture", {"of"}},
      {"empirical", {"points"}},
  };
  std::vector<std::string> kind_names;
  for (const auto& k : kinds) kind_names.push_back(k.first);
  if (!n["dist"]) {
    r_.error(n, path + ".dist", "missing: which distribution (constant, exponential, uniform, normal, lognormal, pareto, mixture, empirical)");
    return d;
  }
  const auto kind = r_.choice(n["dist"], path + ".dist",
                              {"constant", "exponential", "uniform", "normal", "lognormal", "pareto", "mixture", "empirical"});
  if (!kind) return d;
  d.kind = static_cast<DistSpec::Kind>(*kind);
  const auto& allowed = kinds[static_cast<std::size_t>(*kind)].second;
  std::set<std::string> seen;
  bool misspelt = false;  // an unknown key is likely the missing one: report it alone
  const std::string dist_name = "dist: " + kind_names[static_cast<std::size_t>(*kind)];
  for (const auto& kv : n) {
    const std::string key = kv.first.Scalar();
    if (!seen.insert(key).second) {
      r_.error(kv.first, path + "." + key, "duplicate key `" + key + "`");
      continue;
    }
    if (key == "dist" || (depth > 0 && key == "weight")) continue;
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      const std::string near = scenario::nearest(key, allowed);
      std::string keys;
      for (const auto& a : allowed) keys += (keys.empty() ? "" : ", ") + a;
      r_.error(kv.first, path + "." + key, "unknown key `" + key + "` for " + dist_name + " (it takes " + keys + ")",
               near.empty() ? "" : "did you mean `" + near + "`?");
      misspelt = true;
    }
  }
  auto need = [&](const char* key) -> YAML::Node {
    if (!n[key] && !misspelt) r_.error(n, path + "." + key, "missing: " + dist_name + " needs `" + key + "`");
    return n[key];
  };
  auto ns = [&](const char* key) -> double {
    const YAML::Node v = need(key);
    if (!v) return 0;
    auto dur = r_.duration(v, path + "." + key);
    return dur ? static_cast<double>(dur->count_ns()) : 0;
  };
  switch (d.kind) {
    case DistSpec::Kind::constant: d.value_ns = ns("value"); break;
    case DistSpec::Kind::exponential:
      d.mean_ns = ns("mean");
      if (n["mean"] && d.mean_ns <= 0) r_.error(n["mean"], path + ".mean", "expected a mean > 0");
      break;
    case DistSpec::Kind::uniform:
      d.min_ns = ns("min");
      d.max_ns = ns("max");
      if (d.max_ns < d.min_ns) r_.error(n["max"], path + ".max", "expected max >= min");
      break;
    case DistSpec::Kind::normal:
      d.mean_ns = ns("mean");
      d.stddev_ns = ns("stddev");
      break;
    case DistSpec::Kind::lognormal:
      if (n["mu"] || n["sigma"]) {
        if (n["median"] || n["p99"]) r_.error(n, path, "give either median and p99, or mu and sigma, not both");
        if (const YAML::Node v = need("mu")) set(r_.real(v, path + ".mu", -50, 50), d.mu);
        if (const YAML::Node v = need("sigma")) set(r_.real(v, path + ".sigma", 0, 20), d.sigma);
      } else {
        const double median = ns("median"), p99 = ns("p99");
        if (median <= 0) {
          if (n["median"]) r_.error(n["median"], path + ".median", "expected a median > 0");
        } else if (p99 <= median) {
          if (n["p99"]) r_.error(n["p99"], path + ".p99", "expected p99 > median");
        } else {
          d.mu = std::log(median * 1e-9);
          d.sigma = std::log(p99 / median) / 2.3263478740408408;
        }
      }
      break;
    case DistSpec::Kind::pareto:
      d.scale_ns = ns("scale");
      if (const YAML::Node v = need("shape")) set(r_.real(v, path + ".shape", 0.01, 100), d.shape);
      if (n["scale"] && d.scale_ns <= 0) r_.error(n["scale"], path + ".scale", "expected a scale > 0");
      break;
    case DistSpec::Kind::mixture: {
      const YAML::Node of = need("of");
      if (!of || !r_.list(of, path + ".of")) break;
      if (depth >= 4) {
        r_.error(of, path + ".of", "mixtures nest at most 4 deep");
        break;
      }
      if (of.size() == 0) r_.error(of, path + ".of", "expected at least one branch");
      double total = 0;
      for (std::size_t i = 0; i < of.size(); ++i) {
        const std::string p = item(path + ".of", i);
        DistSpec::Component c;
        if (!of[i].IsMap() || !of[i]["weight"]) {
          r_.error(of[i], p + ".weight", "missing: each branch needs a weight, e.g. {weight: 0.95, dist: constant, value: 5ms}");
          continue;
        }
        set(r_.real(of[i]["weight"], p + ".weight", 0, 1e9), c.weight);
        if (c.weight <= 0) r_.error(of[i]["weight"], p + ".weight", "expected a weight > 0");
        c.dist = distribution(of[i], p, depth + 1);
        total += c.weight;
        d.of.push_back(std::move(c));
      }
      if (total > 0) {
        for (auto& c : d.of) c.weight /= total;
      }
      break;
    }
    case DistSpec::Kind::empirical: {
      const YAML::Node pts = need("points");
      if (!pts || !r_.list(pts, path + ".points")) break;
      double last_cdf = 0, last_value = 0;
      for (std::size_t i = 0; i < pts.size(); ++i) {
        const std::string p = item(path + ".points", i);
        if (!pts[i].IsSequence() || pts[i].size() != 2) {
          r_.error(pts[i], p, "expected a point [cdf, duration], e.g. [0.9, 12ms]");
          continue;
        }
        DistSpec::Point pt;
        set(r_.real(pts[i][0], p + "[0]", 0, 1), pt.cdf);
        if (auto v = r_.duration(pts[i][1], p + "[1]")) pt.value_ns = static_cast<double>(v->count_ns());
        if (pt.cdf <= last_cdf) r_.error(pts[i][0], p + "[0]", "expected cdf values strictly increasing, above 0");
        if (pt.value_ns < last_value) r_.error(pts[i][1], p + "[1]", "expected durations that do not decrease");
        last_cdf = pt.cdf;
        last_value = pt.value_ns;
        d.points.push_back(pt);
      }
      if (!d.points.empty() && d.points.back().cdf != 1.0) {
        r_.error(pts[pts.size() - 1][0], item(path + ".points", pts.size() - 1) + "[0]", "expected the last cdf to be 1");
      }
      if (d.points.empty()) r_.error(pts, path + ".points", "expected at least one point");
      break;
    }
  }
  return d;
}

RetrySpec Builder::retry_policy(const YAML::Node& n, const std::string& path, std::string name) {
  RetrySpec p;
  if (!r_.map(n, path, Section::retry)) return p;
  if (n["preset"]) {
    if (auto k = r_.choice(n["preset"], path + ".preset", {"envoy", "grpc", "aws-sdk", "finagle"})) {
      p = find_retry_preset(retry_presets()[static_cast<std::size_t>(*k)].name)->policy;
      p.preset = retry_presets()[static_cast<std::size_t>(*k)].name;
    }
  }
  p.name = std::move(name);
  if (n["max_attempts"]) {
    if (auto v = r_.integer(n["max_attempts"], path + ".max_attempts", 1, 100)) p.max_attempts = static_cast<int>(*v);
  }
  if (n["retry_on"]) {
    const YAML::Node list = n["retry_on"];
    if (r_.list(list, path + ".retry_on")) {
      p.retry_on = 0;
      for (std::size_t i = 0; i < list.size(); ++i) {
        if (auto k = r_.choice(list[i], item(path + ".retry_on", i), {"timeout", "error", "rejected"})) {
          p.retry_on |= reason_bit(static_cast<Reason>(*k));
        }
      }
    }
  }
  if (n["backoff"]) {
    const YAML::Node b = n["backoff"];
    const std::string bp = path + ".backoff";
    if (b.IsScalar() && b.Scalar() == "none") {
      p.backoff = RetrySpec::Backoff::none;
    } else if (r_.map(b, bp, Section::backoff)) {
      if (b["kind"]) {
        if (auto k = r_.choice(b["kind"], bp + ".kind", {"none", "constant", "linear", "exponential"})) {
          p.backoff = static_cast<RetrySpec::Backoff>(*k);
        }
      } else {
        r_.error(b, bp + ".kind", "missing: none, constant, linear or exponential");
      }
      if (b["base"]) {
        set(r_.duration(b["base"], bp + ".base"), p.base);
      } else if (p.backoff != RetrySpec::Backoff::none && p.preset.empty()) {
        r_.error(b, bp + ".base", "missing: the first backoff, e.g. base: 50ms");
      }
      if (b["multiplier"]) set(r_.real(b["multiplier"], bp + ".multiplier", 1, 100), p.multiplier);
      if (b["max"]) set(r_.duration(b["max"], bp + ".max", true), p.max);
      if (p.max < p.base) r_.error(b["max"] ? b["max"] : b, bp + ".max", "expected max >= base");
    }
  }
  if (n["jitter"]) {
    if (auto k = r_.choice(n["jitter"], path + ".jitter", {"none", "full", "equal", "decorrelated"})) {
      p.jitter = static_cast<RetrySpec::Jitter>(*k);
    }
  }
  if (n["budget"]) {
    const YAML::Node b = n["budget"];
    const std::string bp = path + ".budget";
    if (switched_off(b)) {
      p.budget.enabled = false;
    } else if (r_.map(b, bp, Section::budget)) {
      p.budget.enabled = true;
      if (b["ratio"]) set(r_.real(b["ratio"], bp + ".ratio", 0, 10), p.budget.ratio);
      if (b["min_per_second"]) set(r_.real(b["min_per_second"], bp + ".min_per_second", 0, 1e6), p.budget.min_per_second);
      if (b["ttl"]) {
        if (auto t = r_.duration(b["ttl"], bp + ".ttl")) {
          if (*t < Duration::s(1) || *t > Duration::s(60)) {
            r_.error(b["ttl"], bp + ".ttl", "expected a ttl from 1s to 60s (as Finagle allows)");
          } else {
            p.budget.ttl = *t;
          }
        }
      }
    }
  }
  if (n["throttling"]) {
    const YAML::Node t = n["throttling"];
    const std::string tp = path + ".throttling";
    if (switched_off(t)) {
      p.throttling.enabled = false;
    } else if (r_.map(t, tp, Section::throttling)) {
      p.throttling.enabled = true;
      if (t["max_tokens"]) set(r_.real(t["max_tokens"], tp + ".max_tokens", 1, 1e6), p.throttling.max_tokens);
      if (t["token_ratio"]) set(r_.real(t["token_ratio"], tp + ".token_ratio", 0, 1e6), p.throttling.token_ratio);
    }
  }
  return p;
}

int Builder::retry_ref(const YAML::Node& n, const std::string& path) {
  if (n.IsMap()) {
    inline_policies_.push_back(retry_policy(n, path, path));
    return -2 - static_cast<int>(inline_policies_.size() - 1);  // resolved after the named ones
  }
  if (switched_off(n)) return -1;
  auto name = r_.string(n, path);
  if (!name) return -1;
  auto it = policies_.find(*name);
  if (it == policies_.end()) {
    const std::string near = scenario::nearest(*name, policy_names_);
    r_.error(n, path, "no retry policy named `" + *name + "` in retry_policies",
             near.empty() ? "define it under retry_policies, or write the policy inline" : "did you mean `" + near + "`?");
    return -1;
  }
  return it->second;
}

int Builder::service_ref(const YAML::Node& n, const std::string& path) {
  auto name = r_.string(n, path);
  if (!name) return -1;
  auto it = services_.find(*name);
  if (it == services_.end()) {
    const std::string near = scenario::nearest(*name, service_names_);
    r_.error(n, path, "no service named `" + *name + "`", near.empty() ? "" : "did you mean `" + near + "`?");
    return -1;
  }
  return it->second;
}

void Builder::edge_policies(const YAML::Node& n, const std::string& path, EdgePolicies& out) {
  if (const YAML::Node b = n["circuit_breaker"]) {
    const std::string bp = path + ".circuit_breaker";
    if (!switched_off(b) && r_.map(b, bp, Section::breaker)) {
      auto& br = out.breaker;
      br.enabled = true;
      if (b["failure_rate"]) set(r_.probability(b["failure_rate"], bp + ".failure_rate"), br.failure_rate);
      if (b["window"]) set(r_.duration(b["window"], bp + ".window"), br.window);
      if (b["min_calls"]) {
        if (auto v = r_.integer(b["min_calls"], bp + ".min_calls", 1, 1000000)) br.min_calls = static_cast<int>(*v);
      }
      if (b["open_for"]) set(r_.duration(b["open_for"], bp + ".open_for"), br.open_for);
      if (b["half_open_probes"]) {
        if (auto v = r_.integer(b["half_open_probes"], bp + ".half_open_probes", 1, 10000)) br.half_open_probes = static_cast<int>(*v);
      }
      if (br.window <= Duration::zero()) r_.error(b["window"], bp + ".window", "expected a window > 0");
    }
  }
  if (const YAML::Node h = n["hedge"]) {
    const std::string hp = path + ".hedge";
    if (!switched_off(h) && r_.map(h, hp, Section::hedge)) {
      out.hedge.enabled = true;
      if (h["after"]) {
        set(r_.duration(h["after"], hp + ".after"), out.hedge.after);
      } else {
        r_.error(h, hp + ".after", "missing: how long to wait before the extra attempt, e.g. after: 50ms");
      }
      if (h["max_extra"]) {
        if (auto v = r_.integer(h["max_extra"], hp + ".max_extra", 0, 3)) out.hedge.max_extra = static_cast<int>(*v);
      }
      if (out.hedge.max_extra == 0) out.hedge.enabled = false;
    }
  }
  if (const YAML::Node d = n["deadline"]) {
    if (auto v = r_.duration(d, path + ".deadline", true)) {
      if (*v <= Duration::zero()) {
        r_.error(d, path + ".deadline", "expected a deadline > 0 (or none)");
      } else {
        out.deadline = *v;
      }
    }
  }
  if (const YAML::Node t = n["throttle"]) {
    const std::string tp = path + ".throttle";
    if (!switched_off(t) && r_.map(t, tp, Section::throttle)) {
      out.throttle.enabled = true;
      if (t["kind"]) r_.choice(t["kind"], tp + ".kind", {"adaptive"});
      if (t["k"]) set(r_.real(t["k"], tp + ".k", 1, 100), out.throttle.k);
      if (t["window"]) {
        if (auto w = r_.duration(t["window"], tp + ".window")) {
          if (*w < Duration::s(1)) {
            r_.error(t["window"], tp + ".window", "expected a window of at least 1s");
          } else {
            out.throttle.window = *w;
          }
        }
      }
    }
  }
}

void Builder::service(const std::string& name, const YAML::Node& n, const std::string& path, ServiceSpec& s) {
  s.name = name;
  if (!r_.map(n, path, Section::service)) return;
  if (n["workers"]) {
    if (auto v = r_.integer(n["workers"], path + ".workers", 1, 1000000)) s.workers = static_cast<int>(*v);
  }
  if (n["replicas"]) {
    if (auto v = r_.integer(n["replicas"], path + ".replicas", 1, 1000)) s.replicas = static_cast<int>(*v);
  }
  if (n["balancer"]) {
    if (auto k = r_.choice(n["balancer"], path + ".balancer", {"round_robin", "random", "least_outstanding", "p2c"})) {
      s.balancer = static_cast<ServiceSpec::Balancer>(*k);
    }
  }
  if (const YAML::Node q = n["queue"]) {
    const std::string qp = path + ".queue";
    if (r_.map(q, qp, Section::queue)) {
      if (q["capacity"]) {
        if (q["capacity"].IsScalar() && q["capacity"].Scalar() == "unbounded") {
          s.queue.capacity = QueueSpec::kUnbounded;
        } else if (auto v = r_.integer(q["capacity"], qp + ".capacity", 0, 1000000000)) {
          s.queue.capacity = *v;
        }
      }
      if (q["discipline"]) {
        if (auto k = r_.choice(q["discipline"], qp + ".discipline", {"fifo", "lifo"})) {
          s.queue.discipline = static_cast<QueueSpec::Discipline>(*k);
        }
      }
      if (q["drop_expired"]) set(r_.boolean(q["drop_expired"], qp + ".drop_expired"), s.queue.drop_expired);
    }
  }
  if (n["service_time"]) {
    s.service_time = distribution(n["service_time"], path + ".service_time");
  } else {
    r_.error(n, path + ".service_time", "missing: how long a request's own work takes, e.g. service_time: {dist: exponential, mean: 5ms}");
  }
  if (n["error_rate"]) set(r_.probability(n["error_rate"], path + ".error_rate"), s.error_rate);
  if (n["side_effect"]) set(r_.boolean(n["side_effect"], path + ".side_effect"), s.side_effect);
  if (const YAML::Node id = n["idempotency"]) {
    const std::string ip = path + ".idempotency";
    if (!switched_off(id) && r_.map(id, ip, Section::idempotency)) {
      if (id["keys"]) set(r_.boolean(id["keys"], ip + ".keys"), s.idempotency.keys);
      if (id["ttl"]) {
        if (auto t = r_.duration(id["ttl"], ip + ".ttl")) {
          if (*t <= Duration::zero()) {
            r_.error(id["ttl"], ip + ".ttl", "expected a ttl > 0");
          } else {
            s.idempotency.ttl = *t;
          }
        }
      }
    }
  }
  if (const YAML::Node calls = n["calls"]) {
    if (r_.list(calls, path + ".calls")) {
      for (std::size_t i = 0; i < calls.size(); ++i) {
        const std::string cp = item(path + ".calls", i);
        const YAML::Node c = calls[i];
        CallSpec call;
        if (r_.map(c, cp, Section::call)) {
          if (c["service"]) {
            call.service = service_ref(c["service"], cp + ".service");
          } else {
            r_.error(c, cp + ".service", "missing: the service to call");
          }
          if (c["timeout"]) set(r_.duration(c["timeout"], cp + ".timeout", true), call.timeout);
          if (call.timeout == Duration::zero()) r_.error(c["timeout"], cp + ".timeout", "expected a timeout > 0 (or none)");
          if (c["retry"]) call.retry = retry_ref(c["retry"], cp + ".retry");
          edge_policies(c, cp, call.policies);
        }
        s.calls.push_back(call);
      }
    }
  }
}

void Builder::client(const std::string& name, const YAML::Node& n, const std::string& path, ClientSpec& c) {
  c.name = name;
  if (!r_.map(n, path, Section::client)) return;
  if (n["target"]) {
    c.target = service_ref(n["target"], path + ".target");
  } else {
    r_.error(n, path + ".target", "missing: the service this client calls");
  }
  const bool open = static_cast<bool>(n["rate"]), closed = static_cast<bool>(n["users"]);
  if (open == closed) {
    r_.error(n, path, open ? "give either `rate` (open loop) or `users` (closed loop), not both"
                           : "missing: `rate` (open loop, e.g. rate: 800/s) or `users` (closed loop)");
  }
  c.loop = closed && !open ? ClientSpec::Loop::closed : ClientSpec::Loop::open;
  if (open) set(r_.rate(n["rate"], path + ".rate"), c.rate_per_s);
  if (closed) {
    if (auto v = r_.integer(n["users"], path + ".users", 0, 10000000)) c.users = static_cast<int>(*v);
  }
  if (n["arrival"]) {
    if (!open) r_.error(n["arrival"], path + ".arrival", "`arrival` goes with `rate` (open loop)");
    if (auto k = r_.choice(n["arrival"], path + ".arrival", {"poisson", "uniform"})) c.arrival = static_cast<ClientSpec::Arrival>(*k);
  }
  if (n["think_time"]) {
    if (!closed) r_.error(n["think_time"], path + ".think_time", "`think_time` goes with `users` (closed loop)");
    c.think_time = distribution(n["think_time"], path + ".think_time");
  }
  if (n["timeout"]) set(r_.duration(n["timeout"], path + ".timeout", true), c.timeout);
  if (c.timeout == Duration::zero()) r_.error(n["timeout"], path + ".timeout", "expected a timeout > 0 (or none)");
  if (n["retry"]) c.retry = retry_ref(n["retry"], path + ".retry");
  edge_policies(n, path, c.policies);
  if (const YAML::Node sched = n["schedule"]) {
    if (r_.list(sched, path + ".schedule")) {
      for (std::size_t i = 0; i < sched.size(); ++i) {
        const std::string sp = item(path + ".schedule", i);
        ScheduleStep step;
        if (!r_.map(sched[i], sp, Section::schedule_step)) continue;
        const YAML::Node s = sched[i];
        if (s["at"]) {
          set(r_.duration(s["at"], sp + ".at"), step.at);
        } else {
          r_.error(s, sp + ".at", "missing: when the change starts");
        }
        if (s["rate"]) {
          if (!open) r_.error(s["rate"], sp + ".rate", "this client is closed loop: change `users`, not `rate`");
          set(r_.rate(s["rate"], sp + ".rate"), step.rate_per_s);
        }
        if (s["users"]) {
          if (!closed) r_.error(s["users"], sp + ".users", "this client is open loop: change `rate`, not `users`");
          if (auto v = r_.integer(s["users"], sp + ".users", 0, 10000000)) step.users = static_cast<int>(*v);
        }
        if (!s["rate"] && !s["users"]) r_.error(s, sp, open ? "missing: the new `rate`" : "missing: the new `users`");
        if (s["ramp"]) set(r_.duration(s["ramp"], sp + ".ramp"), step.ramp);
        if (!c.schedule.empty() && step.at <= c.schedule.back().at) {
          r_.error(s["at"] ? s["at"] : s, sp + ".at", "expected schedule steps in increasing order of `at`");
        }
        c.schedule.push_back(step);
      }
    }
  }
  if (const YAML::Node bursts = n["bursts"]) {
    if (r_.list(bursts, path + ".bursts")) {
      for (std::size_t i = 0; i < bursts.size(); ++i) {
        const std::string bp = item(path + ".bursts", i);
        BurstSpec b;
        if (!r_.map(bursts[i], bp, Section::burst)) continue;
        if (bursts[i]["at"]) {
          set(r_.duration(bursts[i]["at"], bp + ".at"), b.at);
        } else {
          r_.error(bursts[i], bp + ".at", "missing: when");
        }
        if (bursts[i]["count"]) {
          set(r_.integer(bursts[i]["count"], bp + ".count", 1, 1000000000), b.count);
        } else {
          r_.error(bursts[i], bp + ".count", "missing: how many operations");
        }
        c.bursts.push_back(b);
      }
      std::stable_sort(c.bursts.begin(), c.bursts.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
    }
  }
}

void Builder::fault(const YAML::Node& n, const std::string& path, FaultSpec& f) {
  if (!r_.map(n, path, Section::fault)) return;
  if (!n["kind"]) {
    r_.error(n, path + ".kind", "missing: latency, errors, outage, capacity, pause, drop_responses, partition or network_delay");
    return;
  }
  const auto kind = r_.choice(n["kind"], path + ".kind",
                              {"latency", "errors", "outage", "capacity", "pause", "drop_responses", "partition", "network_delay"});
  if (!kind) return;
  f.kind = static_cast<FaultSpec::Kind>(*kind);
  const bool edge = f.kind == FaultSpec::Kind::partition || f.kind == FaultSpec::Kind::network_delay;
  // Which keys each kind takes, beyond kind/at/duration.
  std::vector<std::string> own;
  switch (f.kind) {
    case FaultSpec::Kind::latency: own = {"target", "add", "multiply"}; break;
    case FaultSpec::Kind::errors: own = {"target", "probability"}; break;
    case FaultSpec::Kind::outage: own = {"target", "mode"}; break;
    case FaultSpec::Kind::capacity: own = {"target", "workers"}; break;
    case FaultSpec::Kind::pause: own = {"target"}; break;
    case FaultSpec::Kind::drop_responses: own = {"target", "probability"}; break;
    case FaultSpec::Kind::partition: own = {"from", "to", "mode"}; break;
    case FaultSpec::Kind::network_delay: own = {"from", "to", "add"}; break;
  }
  for (const auto& kv : n) {
    const std::string key = kv.first.Scalar();
    if (key == "kind" || key == "at" || key == "duration") continue;
    if (std::find(own.begin(), own.end(), key) == own.end()) {
      r_.error(kv.first, path + "." + key, "`" + key + "` does not apply to a " + n["kind"].Scalar() + " fault");
    }
  }
  if (n["at"]) set(r_.duration(n["at"], path + ".at"), f.at);  // default 0s, as the format's network_delay example
  if (n["duration"]) set(r_.duration(n["duration"], path + ".duration", true), f.duration);
  if (!edge) {
    if (!n["target"]) {
      r_.error(n, path + ".target", "missing: the service to break");
    } else if (auto t = r_.string(n["target"], path + ".target")) {
      std::string name = *t;
      const auto open = name.find('[');
      if (open != std::string::npos && name.back() == ']') {
        const std::string digits = name.substr(open + 1, name.size() - open - 2);
        name = name.substr(0, open);
        char* end = nullptr;
        const long idx = std::strtol(digits.c_str(), &end, 10);
        if (digits.empty() || *end != '\0' || idx < 0) {
          r_.error(n["target"], path + ".target", "expected a replica like \"" + name + "[0]\"");
        } else {
          f.replica = static_cast<int>(idx);
        }
      }
      auto it = services_.find(name);
      if (it == services_.end()) {
        const std::string near = scenario::nearest(name, service_names_);
        r_.error(n["target"], path + ".target", "no service named `" + name + "`", near.empty() ? "" : "did you mean `" + near + "`?");
      } else {
        f.target = it->second;
      }
    }
  } else {
    if (!n["from"] || !n["to"]) {
      r_.error(n, path, "missing: `from` (a service or client) and `to` (a service)");
    } else {
      if (auto from = r_.string(n["from"], path + ".from")) {
        if (services_.count(*from)) {
          f.from = services_[*from];
        } else if (clients_.count(*from)) {
          f.from = clients_[*from];
          f.from_client = true;
        } else {
          std::vector<std::string> all = service_names_;
          all.insert(all.end(), client_names_.begin(), client_names_.end());
          const std::string near = scenario::nearest(*from, all);
          r_.error(n["from"], path + ".from", "no service or client named `" + *from + "`", near.empty() ? "" : "did you mean `" + near + "`?");
        }
      }
      f.to = service_ref(n["to"], path + ".to");
    }
  }
  switch (f.kind) {
    case FaultSpec::Kind::latency:
      if (!n["add"] && !n["multiply"]) r_.error(n, path, "missing: `add` (e.g. add: 300ms) and/or `multiply` (e.g. multiply: 3)");
      if (n["add"]) set(r_.duration(n["add"], path + ".add"), f.add);
      if (n["multiply"]) set(r_.real(n["multiply"], path + ".multiply", 0.001, 1e6), f.multiply);
      break;
    case FaultSpec::Kind::errors:
    case FaultSpec::Kind::drop_responses:
      if (n["probability"]) {
        set(r_.probability(n["probability"], path + ".probability"), f.probability);
      } else {
        r_.error(n, path + ".probability", "missing: how likely, e.g. probability: 0.3");
      }
      break;
    case FaultSpec::Kind::outage:
    case FaultSpec::Kind::partition:
      f.mode = f.kind == FaultSpec::Kind::outage ? FaultSpec::OutageMode::refuse : FaultSpec::OutageMode::blackhole;
      if (n["mode"]) {
        if (auto k = r_.choice(n["mode"], path + ".mode", {"refuse", "blackhole"})) f.mode = static_cast<FaultSpec::OutageMode>(*k);
      }
      break;
    case FaultSpec::Kind::capacity:
      if (n["workers"]) {
        if (auto v = r_.integer(n["workers"], path + ".workers", 0, 1000000)) f.workers = static_cast<int>(*v);
      } else {
        r_.error(n, path + ".workers", "missing: workers per replica while the fault lasts");
      }
      break;
    case FaultSpec::Kind::network_delay:
      if (n["add"]) {
        set(r_.duration(n["add"], path + ".add"), f.add);
      } else {
        r_.error(n, path + ".add", "missing: the delay each way, e.g. add: 50ms");
      }
      break;
    case FaultSpec::Kind::pause: break;
  }
}

void Builder::check_cycles(const YAML::Node& services) {
  const auto n = spec_.services.size();
  std::vector<int> state(n, 0);  // 0 new, 1 on the path, 2 done
  std::vector<int> path;
  bool reported = false;
  std::function<void(int)> visit = [&](int s) {
    state[static_cast<std::size_t>(s)] = 1;
    path.push_back(s);
    for (std::size_t k = 0; k < spec_.services[static_cast<std::size_t>(s)].calls.size(); ++k) {
      const int t = spec_.services[static_cast<std::size_t>(s)].calls[k].service;
      if (t < 0) continue;
      if (state[static_cast<std::size_t>(t)] == 1 && !reported) {
        std::string cycle;
        auto it = std::find(path.begin(), path.end(), t);
        for (; it != path.end(); ++it) cycle += spec_.services[static_cast<std::size_t>(*it)].name + " -> ";
        cycle += spec_.services[static_cast<std::size_t>(t)].name;
        const std::string& name = spec_.services[static_cast<std::size_t>(s)].name;
        const std::string p = "services." + name + ".calls[" + std::to_string(k) + "].service";
        r_.error(services[name]["calls"][k]["service"], p, "call cycle: " + cycle,
                 "a request would call itself forever; remove one of these calls");
        reported = true;
      } else if (state[static_cast<std::size_t>(t)] == 0) {
        visit(t);
      }
    }
    path.pop_back();
    state[static_cast<std::size_t>(s)] = 2;
  };
  for (std::size_t s = 0; s < n; ++s) {
    if (state[s] == 0) visit(static_cast<int>(s));
  }
}

void Builder::expectation(const YAML::Node& n, const std::string& path, ExpectSpec& e) {
  if (!r_.map(n, path, Section::expectation)) return;
  if (!n["metric"]) {
    r_.error(n, path + ".metric", "missing: the metric, e.g. clients.web.goodput_per_s");
    return;
  }
  if (auto m = r_.string(n["metric"], path + ".metric")) {
    e.metric = *m;
    // The entity must exist, and a summary figure's name too (a windowed one is checked when the run is).
    const auto dot1 = m->find('.');
    const auto dot2 = dot1 == std::string::npos ? std::string::npos : m->find('.', dot1 + 1);
    const std::string kind = m->substr(0, dot1);
    const std::string name = dot2 == std::string::npos ? "" : m->substr(dot1 + 1, dot2 - dot1 - 1);
    const bool known = (kind == "clients" && clients_.count(name)) || (kind == "services" && services_.count(name)) ||
                       kind == "edges";
    if (dot2 == std::string::npos || !known) {
      r_.error(n["metric"], path + ".metric", "expected clients.NAME.METRIC, services.NAME.METRIC or edges.FROM->TO.METRIC naming an existing entity, got \"" + *m + "\"");
    } else if (!n["after"] && !n["before"]) {  // a summary figure: its name is known now
      check_summary_metric(r_, n["metric"], path + ".metric", kind, m->substr(dot2 + 1));
    }
  }
  // A bound may carry a unit: a rate (750/s), a duration (in ms, as the metrics), a percentage, or a number.
  auto bound = [&](const char* key, double& out) {
    const YAML::Node b = n[key];
    if (!b) return;
    auto text = r_.string(b, path + "." + key);
    if (!text) return;
    if (text->find('/') != std::string::npos) {
      if (auto v = r_.rate(b, path + "." + key)) out = *v;
    } else if (!text->empty() && text->back() == '%') {
      if (auto v = r_.probability(b, path + "." + key)) out = *v;
    } else if (!text->empty() && std::isalpha(static_cast<unsigned char>(text->back()))) {
      if (auto v = r_.duration(b, path + "." + key)) out = v->millis();
    } else {
      if (auto v = r_.real(b, path + "." + key, -1e300, 1e300)) out = *v;
    }
  };
  bound("at_least", e.at_least);
  bound("at_most", e.at_most);
  if (!n["at_least"] && !n["at_most"]) r_.error(n, path, "missing: at_least and/or at_most");
  if (n["after"]) {
    set(r_.duration(n["after"], path + ".after"), e.after);
    e.windowed = true;
  }
  if (n["before"]) {
    set(r_.duration(n["before"], path + ".before"), e.before);
    e.windowed = true;
  }
  std::ostringstream text;
  text << e.metric;
  if (n["at_least"]) text << " >= " << n["at_least"].Scalar();
  if (n["at_most"]) text << " <= " << n["at_most"].Scalar();
  if (n["after"]) text << " after " << n["after"].Scalar();
  if (n["before"]) text << " before " << n["before"].Scalar();
  e.text = text.str();
}

void Builder::variants(const YAML::Node& n) {
  // Variants are applied by `faultline compare`; here they are only checked for shape.
  if (!r_.named_map(n, "variants")) return;
  for (const auto& kv : n) {
    const std::string p = "variants." + kv.first.Scalar();
    if (!kv.second.IsMap()) r_.error(kv.second, p, "expected a mapping of key paths to values, e.g. {retry_policies.standard.max_attempts: 1}");
  }
}

Spec Builder::build(const YAML::Node& root, const std::string& file) {
  if (!r_.map(root, "", Section::top)) return spec_;
  collect_names(root);
  spec_.name = std::filesystem::path(file).stem().string();
  if (root["name"]) set(r_.string(root["name"], "name"), spec_.name);
  if (root["description"]) set(r_.string(root["description"], "description"), spec_.description);
  if (root["simulation"]) {
    simulation(root["simulation"]);
  } else {
    r_.error(root, "simulation", "missing: simulation: {duration: 60s}");
  }
  if (const YAML::Node policies = root["retry_policies"]) {
    if (r_.named_map(policies, "retry_policies")) {
      for (const auto& kv : policies) {
        spec_.retry_policies.push_back(retry_policy(kv.second, "retry_policies." + kv.first.Scalar(), kv.first.Scalar()));
      }
    }
  }
  const YAML::Node services = root["services"];
  if (!services) {
    r_.error(root, "services", "missing: at least one service");
  } else if (r_.named_map(services, "services")) {
    if (services.size() == 0) r_.error(services, "services", "expected at least one service");
    for (const auto& kv : services) {
      ServiceSpec s;
      service(kv.first.Scalar(), kv.second, "services." + kv.first.Scalar(), s);
      spec_.services.push_back(std::move(s));
    }
  }
  const YAML::Node clients = root["clients"];
  if (!clients) {
    r_.error(root, "clients", "missing: at least one client");
  } else if (r_.named_map(clients, "clients")) {
    if (clients.size() == 0) r_.error(clients, "clients", "expected at least one client");
    for (const auto& kv : clients) {
      ClientSpec c;
      client(kv.first.Scalar(), kv.second, "clients." + kv.first.Scalar(), c);
      spec_.clients.push_back(std::move(c));
    }
  }
  if (const YAML::Node faults = root["faults"]) {
    if (r_.list(faults, "faults")) {
      for (std::size_t i = 0; i < faults.size(); ++i) {
        FaultSpec f;
        fault(faults[i], item("faults", i), f);
        spec_.faults.push_back(f);
      }
    }
  }
  // Inline policies go after the named ones; fix up their indices.
  const int named = static_cast<int>(spec_.retry_policies.size());
  for (auto& p : inline_policies_) spec_.retry_policies.push_back(std::move(p));
  auto fix = [named](int& ref) {
    if (ref <= -2) ref = named + (-2 - ref);
  };
  for (auto& s : spec_.services) {
    for (auto& c : s.calls) fix(c.retry);
  }
  for (auto& c : spec_.clients) fix(c.retry);
  // Replica targets must exist.
  for (std::size_t i = 0; i < spec_.faults.size(); ++i) {
    const auto& f = spec_.faults[i];
    if (f.replica >= 0 && f.target >= 0 && f.replica >= spec_.services[static_cast<std::size_t>(f.target)].replicas) {
      r_.error(root["faults"][i]["target"], item("faults", i) + ".target",
               "service `" + spec_.services[static_cast<std::size_t>(f.target)].name + "` has " +
                   std::to_string(spec_.services[static_cast<std::size_t>(f.target)].replicas) + " replica(s), counted from 0");
    }
  }
  if (services && services.IsMap()) check_cycles(services);
  if (const YAML::Node expect = root["expect"]) {
    if (r_.list(expect, "expect")) {
      for (std::size_t i = 0; i < expect.size(); ++i) {
        ExpectSpec e;
        expectation(expect[i], item("expect", i), e);
        spec_.expect.push_back(std::move(e));
      }
    }
  }
  if (root["variants"]) variants(root["variants"]);
  return spec_;
}

}  // namespace

Spec load_spec_from_string(std::string_view yaml, const std::string& file_name, const std::vector<Override>& overrides) {
  if (auto problem = scenario::check_input(yaml, file_name)) throw LoadFailure({*problem});
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& ex) {
    LoadError e;
    e.file = file_name;
    e.line = ex.mark.is_null() ? 0 : ex.mark.line + 1;
    e.column = ex.mark.is_null() ? 0 : ex.mark.column + 1;
    e.message = "not valid YAML: " + ex.msg;
    throw LoadFailure({e});
  }
  if (!root || root.IsNull()) {
    LoadError e;
    e.file = file_name;
    e.message = "empty scenario: expected a mapping with simulation, services and clients";
    throw LoadFailure({e});
  }
  if (!root.IsMap()) {
    LoadError e;
    e.file = file_name;
    e.line = root.Mark().line + 1;
    e.column = root.Mark().column + 1;
    e.message = std::string("expected a mapping with simulation, services and clients at the top level, got ") +
                (root.IsSequence() ? "a list" : "a single value");
    throw LoadFailure({e});
  }
  std::vector<LoadError> override_errors;
  scenario::apply_overrides(root, overrides, override_errors);
  if (!override_errors.empty()) throw LoadFailure(override_errors);
  Reader reader(file_name, overrides);
  Builder builder(reader);
  Spec spec;
  try {
    spec = builder.build(root, file_name);
  } catch (const YAML::Exception& ex) {  // e.g. a key that is not a scalar used as one
    reader.error(ex.mark, "", "cannot read this part of the file: " + ex.msg);
  }
  if (!reader.errors().empty()) {
    auto errors = reader.errors();
    std::stable_sort(errors.begin(), errors.end(), [](const LoadError& a, const LoadError& b) {
      return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    throw LoadFailure(errors);
  }
  spec.source_file = file_name;
  return spec;
}

Spec load_spec(const std::string& path, const std::vector<Override>& overrides) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw LoadFailure({LoadError{path, 0, 0, "", "is a directory, not a scenario file", ""}});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LoadFailure({LoadError{path, 0, 0, "", "cannot open the file", "check the path"}});
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > scenario::kMaxInputBytes) {
    throw LoadFailure({LoadError{path, 0, 0, "", "file is " + std::to_string(size) + " bytes; a scenario may be at most 16 MiB", ""}});
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_spec_from_string(text.str(), path, overrides);
}

}  // namespace faultline
