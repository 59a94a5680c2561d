#include "property/scenario_generator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace faultline::property {

namespace {

/// splitmix64: the same stream on every platform (std:: distributions are not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [lo, hi].
  int between(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }
  double real(double lo, double hi) { return lo + (hi - lo) * static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return real(0, 1) < p; }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[static_cast<std::size_t>(between(0, static_cast<int>(v.size()) - 1))]; }

 private:
  std::uint64_t s_;
};

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

/// A duration of about `ms` milliseconds, in a unit drawn at random.
std::string dur(Rng& r, double ms) {
  switch (r.between(0, 5)) {
    case 0: return num(ms) + "ms";
    case 1: return num(ms * 1000) + "us";
    case 2: return num(ms / 1000) + "s";
    case 3: return ms >= 1 ? std::to_string(static_cast<long long>(std::llround(ms))) + "ms" : num(ms * 1e6) + "ns";
    case 4: return ms >= 60000 ? num(ms / 60000) + "m" : num(ms) + "ms";
    default: return num(ms / 1000) + "s";
  }
}

std::string rate(Rng& r, double per_s) {
  switch (r.between(0, 3)) {
    case 0: return num(per_s) + "/s";
    case 1: return num(per_s / 1000) + "/ms";
    case 2: return num(per_s * 60) + "/m";
    default: return num(per_s) + "/s";
  }
}

std::string probability(Rng& r, double p) { return r.chance(0.5) ? num(p) : num(p * 100) + "%"; }

/// One scenario, written as YAML while recording which keys it used.
class Writer {
 public:
  Writer(std::uint64_t seed, const GeneratorOptions& options)
      : r_(seed), d_(seed ^ 0xDA7A7143ULL), q_(seed ^ 0x9E0E0E5ULL), k_(seed ^ 0x10C45EEDULL), seed_(seed),
        combos_(options.data_combos), options_(options) {}

  Generated build() {
    services_ = r_.between(1, 4);
    for (int i = 0; i < services_; ++i) {
      static const std::vector<std::string> names = {"api", "db", "ledger-2", "cache_1", "Index", "_auth"};
      service_names_.push_back(names[static_cast<std::size_t>(i)]);
      replicas_.push_back(r_.chance(0.3) ? r_.between(2, 3) : 1);
    }
    duration_ms_ = r_.real(500, 8000);
    plan_queues();
    for (int i = 0; i < services_; ++i) read_replicas_.push_back(k_.chance(combos_ ? 0.4 : 0.15) ? k_.between(1, 3) : 0);
    top();
    return {out_, keys_};
  }

 private:
  void key(const std::string& section, const std::string& k) { keys_.insert(section + "." + k); }
  void line(int indent, const std::string& text) { out_ += std::string(static_cast<std::size_t>(indent), ' ') + text + "\n"; }

  void top() {
    line(0, "# property test scenario, seed " + std::to_string(seed_));
    if (r_.chance(0.7)) { key("top", "name"); line(0, "name: prop-" + std::to_string(seed_)); }
    if (r_.chance(0.3)) { key("top", "description"); line(0, "description: \"generated, seed " + std::to_string(seed_) + "\""); }
    simulation();
    if (r_.chance(0.5)) retry_policies();
    services();
    if (!queue_consumers_.empty()) queues();
    clients();
    if (r_.chance(0.6)) faults();
    caches();  // [data-tier], from d_ only
    if (r_.chance(0.15)) variants();
    if (r_.chance(0.15)) expectations();
    if (r_.chance(0.1)) workshop();
    if (r_.chance(0.1)) stress();
    if (d_.chance(0.2)) cost();  // [data-tier], from its own stream
  }

  void cost() {
    key("top", "cost");
    std::string c = "cost: {";
    std::string sep;
    if (d_.chance(0.7)) { key("cost", "replica_hour"); c += "replica_hour: " + num(d_.real(0, 2)); sep = ", "; }
    if (d_.chance(0.6)) {
      key("cost", "services");
      c += sep + "services: {" + service_names_[0] + ": {";
      std::string sep2;
      if (d_.chance(0.7)) { key("cost_service", "replica_hour"); c += "replica_hour: " + num(d_.real(0, 3)); sep2 = ", "; }
      if (d_.chance(0.7)) { key("cost_service", "per_million_requests"); c += sep2 + "per_million_requests: " + num(d_.real(0, 5)); }
      c += "}}";
    }
    line(0, c + "}");
  }

  void simulation() {
    key("top", "simulation");
    line(0, "simulation:");
    key("simulation", "duration");
    line(2, "duration: " + dur(r_, duration_ms_));
    if (r_.chance(0.5)) { key("simulation", "seed"); line(2, "seed: " + std::to_string(r_.next() >> r_.between(1, 60))); }
    if (r_.chance(0.2)) {
      warmup_ms_ = std::floor(r_.real(0, duration_ms_ * 0.8));
      key("simulation", "warmup");
      line(2, "warmup: " + std::to_string(static_cast<long long>(warmup_ms_)) + "ms");
    } else if (r_.chance(0.1)) {
      key("simulation", "warmup");
      line(2, "warmup: 0s");
    }
    if (r_.chance(0.6)) {
      key("simulation", "sample_interval");
      line(2, "sample_interval: " + std::to_string(r_.between(50, 1000)) + "ms");
    }
  }

  std::string distribution(bool allow_zero) {
    key("dist", "dist");
    // With a latency fault's multiply: 10^6, this overflows 64-bit nanoseconds unless saturated.
    if (r_.chance(0.02) && options_.extreme_values) return "{dist: constant, value: 10000s}";
    const int kind = r_.between(allow_zero ? 0 : 1, 9);
    const double ms = r_.real(0.05, 8);
    switch (kind) {
      case 0: return "{dist: constant, value: 0ms}";
      case 1: return "{dist: constant, value: " + dur(r_, ms) + "}";
      case 2: return "{dist: exponential, mean: " + dur(r_, ms) + "}";
      case 3: return "{dist: uniform, min: " + dur(r_, ms / 2) + ", max: " + dur(r_, ms * 2) + "}";
      case 4: return "{dist: normal, mean: " + dur(r_, ms) + ", stddev: " + dur(r_, ms / 3) + "}";
      case 5: return "{dist: lognormal, median: " + dur(r_, ms) + ", p99: " + dur(r_, ms * r_.real(1.5, 8)) + "}";
      case 6: return "{dist: lognormal, mu: " + num(std::log(ms / 1000)) + ", sigma: " + num(r_.real(0.1, 1.2)) + "}";
      case 7: return "{dist: pareto, scale: " + dur(r_, ms / 3) + ", shape: " + num(r_.real(1.2, 3)) + "}";
      case 8:
        key("mixture_component", "weight");
        return "{dist: mixture, of: [{weight: " + num(r_.real(0.5, 5)) + ", dist: constant, value: " + dur(r_, ms) +
               "}, {weight: " + num(r_.real(0.01, 1)) + ", dist: exponential, mean: " + dur(r_, ms * 5) + "}]}";
      default:
        return "{dist: empirical, points: [[0.5, " + dur(r_, ms / 2) + "], [0.9, " + dur(r_, ms) + "], [1.0, " +
               dur(r_, ms * 4) + "]]}";
    }
  }

  std::string timeout_value() { return r_.chance(0.15) ? "none" : dur(r_, r_.real(1, 400)); }

  /// A retry policy's keys, at `indent`.
  void retry_body(int indent) {
    if (r_.chance(0.2)) {
      key("retry", "preset");
      line(indent, "preset: " + r_.pick<std::string>({"envoy", "grpc", "aws-sdk", "finagle"}));
    }
    if (r_.chance(0.8)) { key("retry", "max_attempts"); line(indent, "max_attempts: " + std::to_string(r_.between(1, 5))); }
    if (r_.chance(0.4)) {
      key("retry", "retry_on");
      std::vector<std::string> on;
      for (const char* reason : {"timeout", "error", "rejected"}) {
        if (r_.chance(0.6)) on.push_back(reason);
      }
      if (on.empty()) on.push_back("timeout");
      std::string list;
      for (const auto& o : on) list += (list.empty() ? "" : ", ") + o;
      line(indent, "retry_on: [" + list + "]");
    }
    if (r_.chance(0.7)) {
      key("retry", "backoff");
      if (r_.chance(0.15)) {
        line(indent, "backoff: none");
      } else {
        const std::string kind = r_.pick<std::string>({"none", "constant", "linear", "exponential"});
        key("backoff", "kind");
        std::string b = "backoff: {kind: " + kind;
        const double base = r_.real(0, 50);
        if (kind != "none" || r_.chance(0.3)) { key("backoff", "base"); b += ", base: " + dur(r_, base); }
        if (kind == "exponential" && r_.chance(0.6)) { key("backoff", "multiplier"); b += ", multiplier: " + num(r_.real(1, 4)); }
        if (kind != "none" && r_.chance(0.5)) {
          key("backoff", "max");
          b += ", max: " + (r_.chance(0.2) ? std::string("none") : dur(r_, base * r_.real(1, 10) + 1));
        }
        line(indent, b + "}");
      }
    }
    if (r_.chance(0.5)) {
      key("retry", "jitter");
      line(indent, "jitter: " + r_.pick<std::string>({"none", "full", "equal", "decorrelated"}));
    }
    if (r_.chance(0.25)) {
      key("retry", "budget");
      std::string b = "budget: {";
      std::string sep;
      if (r_.chance(0.7)) { key("budget", "ratio"); b += "ratio: " + num(r_.real(0, 1)); sep = ", "; }
      if (r_.chance(0.7)) { key("budget", "min_per_second"); b += sep + "min_per_second: " + num(r_.real(0, 20)); sep = ", "; }
      if (r_.chance(0.5)) { key("budget", "ttl"); b += sep + "ttl: " + std::to_string(r_.between(1, 60)) + "s"; }
      line(indent, b + "}");
    }
    if (r_.chance(0.2)) {
      key("retry", "throttling");
      std::string t = "throttling: {";
      if (r_.chance(0.7)) { key("throttling", "max_tokens"); t += "max_tokens: " + num(r_.real(1, 20)); }
      if (r_.chance(0.7)) {
        key("throttling", "token_ratio");
        t += std::string(t.size() > 13 ? ", " : "") + "token_ratio: " + num(r_.real(0, 1));
      }
      line(indent, t + "}");
    }
  }

  void retry_policies() {
    key("top", "retry_policies");
    line(0, "retry_policies:");
    const int n = r_.between(1, 2);
    for (int i = 0; i < n; ++i) {
      const std::string name = i == 0 ? "standard" : "eager-2";
      policies_.push_back(name);
      line(2, name + ":");
      const std::size_t before = out_.size();
      retry_body(4);
      if (out_.size() == before) { key("retry", "max_attempts"); line(4, "max_attempts: 2"); }
    }
  }

  /// `retry:` on a client or call: a named policy or one written inline.
  void retry_ref(int indent, const std::string& section) {
    if (!r_.chance(0.5)) return;
    key(section, "retry");
    if (!policies_.empty() && r_.chance(0.6)) {
      line(indent, "retry: " + r_.pick(policies_));
      return;
    }
    line(indent, "retry:");
    const std::size_t before = out_.size();
    retry_body(indent + 2);
    if (out_.size() == before) { key("retry", "max_attempts"); line(indent + 2, "max_attempts: 3"); }
  }

  /// Breaker, hedge, deadline, throttle on an edge (a client or a call).
  void edge_policies(int indent, const std::string& section) {
    if (r_.chance(0.2)) {
      key(section, "circuit_breaker");
      std::string b = "circuit_breaker: {";
      std::string sep;
      auto add = [&](const char* k, const std::string& v) {
        key("breaker", k);
        b += sep + k + ": " + v;
        sep = ", ";
      };
      if (r_.chance(0.7)) add("failure_rate", probability(r_, r_.real(0.05, 1)));
      if (r_.chance(0.7)) add("window", dur(r_, r_.real(100, 3000)));
      if (r_.chance(0.7)) add("min_calls", std::to_string(r_.between(1, 30)));
      if (r_.chance(0.7)) add("open_for", dur(r_, r_.real(0, 2000)));
      if (r_.chance(0.7)) add("half_open_probes", std::to_string(r_.between(1, 6)));
      line(indent, b + "}");
    }
    if (r_.chance(0.15)) {
      key(section, "hedge");
      key("hedge", "after");
      std::string h = "hedge: {after: " + dur(r_, r_.real(0, 30));
      // max_extra in its documented range 1..3 (the loader takes 0 today: a hedge switched off).
      if (r_.chance(0.7)) { key("hedge", "max_extra"); h += ", max_extra: " + std::to_string(r_.between(1, 3)); }
      line(indent, h + "}");
    }
    if (r_.chance(0.15)) { key(section, "deadline"); line(indent, "deadline: " + (r_.chance(0.1) ? std::string("none") : dur(r_, r_.real(1, 500)))); }
    if (r_.chance(0.15)) {
      key(section, "throttle");
      std::string t = "throttle: {";
      std::string sep;
      if (r_.chance(0.6)) { key("throttle", "kind"); t += "kind: adaptive"; sep = ", "; }
      if (r_.chance(0.6)) { key("throttle", "k"); t += sep + "k: " + num(r_.real(1, 4)); sep = ", "; }
      if (r_.chance(0.6)) { key("throttle", "window"); t += sep + "window: " + std::to_string(r_.between(1, 30)) + "s"; }
      line(indent, t + "}");
    }
  }

  void services() {
    key("top", "services");
    line(0, "services:");
    for (int i = 0; i < services_; ++i) {
      const std::size_t idx = static_cast<std::size_t>(i);
      line(2, service_names_[idx] + ":");
      if (r_.chance(0.8)) { key("service", "workers"); line(4, "workers: " + std::to_string(r_.between(1, 8))); }
      if (replicas_[idx] > 1 || r_.chance(0.1)) {
        key("service", "replicas");
        line(4, "replicas: " + std::to_string(replicas_[idx]));
      }
      if (replicas_[idx] > 1 && r_.chance(0.7)) {
        key("service", "balancer");
        line(4, "balancer: " + r_.pick<std::string>({"round_robin", "random", "least_outstanding", "p2c"}));
      }
      if (r_.chance(0.6)) {
        key("service", "queue");
        std::string q = "queue: {";
        std::string sep;
        if (r_.chance(0.8)) {
          key("queue", "capacity");
          q += "capacity: " + (r_.chance(0.2) ? std::string("unbounded") : std::to_string(r_.chance(0.3) ? 0 : r_.between(1, 30)));
          sep = ", ";
        }
        if (r_.chance(0.4)) { key("queue", "discipline"); q += sep + "discipline: " + r_.pick<std::string>({"fifo", "lifo"}); sep = ", "; }
        if (r_.chance(0.3)) { key("queue", "drop_expired"); q += sep + "drop_expired: " + (r_.chance(0.7) ? "true" : "false"); }
        line(4, q + "}");
      }
      key("service", "service_time");
      line(4, "service_time: " + distribution(true));
      if (r_.chance(0.3)) { key("service", "error_rate"); line(4, "error_rate: " + probability(r_, r_.real(0, 0.3))); }
      if (r_.chance(0.2)) { key("service", "side_effect"); line(4, std::string("side_effect: ") + (r_.chance(0.8) ? "true" : "false")); }
      if (r_.chance(0.15)) {
        key("service", "idempotency");
        std::string id = "idempotency: {";
        if (r_.chance(0.8)) { key("idempotency", "keys"); id += std::string("keys: ") + (r_.chance(0.8) ? "true" : "false"); }
        if (r_.chance(0.6)) {
          key("idempotency", "ttl");
          id += std::string(id.size() > 14 ? ", " : "") + "ttl: " + dur(r_, r_.real(10, 5000));
        }
        line(4, id + "}");
      }
      // [data-tier] keys from their own stream (d_): the rest of every scenario is drawn as before.
      if (d_.chance(0.15)) {  // small factors: the work stays finite
        key("service", "load_dependent");
        if (d_.chance(0.1)) {
          line(4, "load_dependent: off");
        } else {
          key("load_dependent", "mode");
          const std::string mode = d_.pick<std::string>({"linear", "polynomial", "exponential"});
          std::string ld = "load_dependent: {mode: " + mode;
          if (d_.chance(0.8)) { key("load_dependent", "factor"); ld += ", factor: " + num(d_.real(0, 3)); }
          if (mode == "polynomial" && d_.chance(0.7)) { key("load_dependent", "exponent"); ld += ", exponent: " + num(d_.real(1, 4)); }
          line(4, ld + "}");
        }
      }
      if (d_.chance(0.15)) {  // one mechanism per service
        key("service", "admission");
        switch (d_.between(0, 3)) {
          case 0: line(4, "admission: off"); break;
          case 1:
            key("admission", "max_concurrency");
            line(4, "admission: {max_concurrency: " + std::to_string(d_.between(1, 20)) + "}");
            break;
          case 2: {
            key("admission", "token_bucket");
            key("token_bucket", "rate");
            std::string tb = "admission: {token_bucket: {rate: " + std::to_string(d_.between(10, 500)) + "/s";
            if (d_.chance(0.7)) { key("token_bucket", "burst"); tb += ", burst: " + std::to_string(d_.between(1, 50)); }
            line(4, tb + "}}");
            break;
          }
          default: {
            key("admission", "codel");
            std::string cd = "admission: {codel: {";
            std::string sep;
            if (d_.chance(0.7)) { key("codel", "target"); cd += "target: " + dur(d_, d_.real(1, 20)); sep = ", "; }
            if (d_.chance(0.7)) { key("codel", "interval"); cd += sep + "interval: " + dur(d_, d_.real(20, 300)); }
            line(4, cd + "}}");
          }
        }
      }
      rows(idx);
      if (d_.chance(combos_ ? 0.7 : 0.15)) autoscale(replicas_[idx]);  // [data-tier] with keys, locks, replication too
      // Calls go to later services only: no cycles.
      bool calls_written = false;
      if (i + 1 < services_ && r_.chance(0.6)) {
        calls_written = true;
        key("service", "calls");
        line(4, "calls:");
        const int n = r_.between(1, 2);
        for (int c = 0; c < n; ++c) {
          const int callee = r_.between(i + 1, services_ - 1);
          edges_.push_back({service_names_[idx], service_names_[static_cast<std::size_t>(callee)]});
          if (d_.chance(0.2)) {  // [data-tier] read through a cache in front of the callee
            key("call", "cache");
            line(6, "- cache: c" + std::to_string(cache_backends_.size()));
            cache_backends_.push_back(service_names_[static_cast<std::size_t>(callee)]);
          } else {
            key("call", "service");
            line(6, "- service: " + service_names_[static_cast<std::size_t>(callee)]);
          }
          if (r_.chance(0.6)) { key("call", "timeout"); line(8, "timeout: " + timeout_value()); }
          retry_ref(8, "call");
          edge_policies(8, "call");
          pool_and_op(callee);
        }
      }
      publish_calls(i, calls_written);
    }
  }

  // --- [data-tier] queues, from their own stream (q_): the rest is drawn as before ---

  static std::string queue_name(int q) { return q == 0 ? "orders" : "audit-2"; }

  /// Queues and their consumers, decided before the services are written.
  void plan_queues() {
    if (!q_.chance(0.3)) return;
    const int n = q_.between(1, 2);
    for (int q = 0; q < n; ++q) queue_consumers_.push_back(q_.between(0, services_ - 1));
  }

  /// A publish to a queue whose consumer comes later than service i: no publish loop.
  void publish_calls(int i, bool calls_written) {
    for (std::size_t q = 0; q < queue_consumers_.size(); ++q) {
      if (queue_consumers_[q] <= i || !q_.chance(0.5)) continue;
      if (!calls_written) {
        key("service", "calls");
        line(4, "calls:");
        calls_written = true;
      }
      key("call", "publish");
      line(6, "- publish: " + queue_name(static_cast<int>(q)));
    }
  }

  void queues() {
    key("top", "queues");
    line(0, "queues:");
    for (std::size_t q = 0; q < queue_consumers_.size(); ++q) {
      line(2, queue_name(static_cast<int>(q)) + ":");
      key("message_queue", "consumer");
      key("consumer", "service");
      std::string c = "consumer: {service: " + service_names_[static_cast<std::size_t>(queue_consumers_[q])];
      if (q_.chance(0.7)) { key("consumer", "concurrency"); c += ", concurrency: " + std::to_string(q_.between(1, 6)); }
      line(4, c + "}");
      if (q_.chance(0.5)) {
        key("message_queue", "capacity");
        line(4, "capacity: " + (q_.chance(0.2) ? std::string("unbounded") : std::to_string(q_.between(0, 50))));
      }
      if (q_.chance(0.3)) {
        key("message_queue", "shed_above");
        line(4, "shed_above: " + (q_.chance(0.2) ? std::string("unbounded") : std::to_string(q_.between(0, 40))));
      }
      const bool at_most_once = q_.chance(0.3);
      if (at_most_once || q_.chance(0.3)) {
        key("message_queue", "delivery");
        line(4, std::string("delivery: ") + (at_most_once ? "at_most_once" : "at_least_once"));
      }
      if (at_most_once) continue;
      if (q_.chance(0.6)) {
        key("message_queue", "visibility_timeout");
        line(4, "visibility_timeout: " + dur(q_, q_.real(1, 500)));
      }
      if (q_.chance(0.6)) {
        key("message_queue", "max_receives");
        line(4, "max_receives: " + (q_.chance(0.2) ? std::string("unbounded") : std::to_string(q_.between(1, 5))));
      }
    }
  }

  // [data-tier] a service's keys, locks and replication (locks and replication need keys).
  void rows(std::size_t idx) {
    const bool locks = k_.chance(combos_ ? 0.5 : 0.15);
    const bool replicated = read_replicas_[idx] > 0;
    if (locks || replicated || k_.chance(0.05)) {
      key("service", "keys");
      key("service_keys", "count");
      std::string ks = "keys: {count: " + std::to_string(k_.chance(0.3) ? 1 : k_.between(1, combos_ ? 5 : 1000));
      if (k_.chance(0.5)) { key("service_keys", "zipf"); ks += ", zipf: " + num(k_.real(0, 2)); }
      line(4, ks + "}");
    }
    if (locks) {
      key("service", "locks");
      if (k_.chance(0.1)) {
        line(4, "locks: off");
      } else {
        std::string ls = "locks: {";
        std::string sep;
        if (k_.chance(0.7)) { key("locks", "share"); ls += "share: " + probability(k_, k_.real(0, 1)); sep = ", "; }
        if (k_.chance(0.6)) {
          key("locks", "timeout");
          ls += sep + "timeout: " + (k_.chance(0.2) ? std::string("none") : dur(k_, k_.real(1, 500)));
        }
        line(4, ls + "}");
      }
    }
    if (replicated) {
      key("service", "replication");
      key("replication", "read_replicas");
      key("replication", "lag");
      key("dist", "dist");
      const std::string lag = k_.chance(0.5) ? "{dist: exponential, mean: " + dur(k_, k_.real(0.1, 500)) + "}"
                                              : "{dist: constant, value: " + dur(k_, k_.real(0, 100)) + "}";
      line(4, "replication: {read_replicas: " + std::to_string(read_replicas_[idx]) + ", lag: " + lag + "}");
    }
  }

  // [data-tier] a call's connection pool, and its op when the callee has read replicas.
  void pool_and_op(int callee) {
    if (k_.chance(combos_ ? 0.6 : 0.2)) {
      key("call", "pool");
      if (k_.chance(0.1)) {
        line(8, "pool: off");
      } else {
        key("pool", "size");
        std::string ps = "pool: {size: " + std::to_string(k_.between(1, 4));
        if (k_.chance(0.6)) {
          key("pool", "wait_timeout");
          ps += ", wait_timeout: " + (k_.chance(0.2) ? std::string("none") : dur(k_, k_.real(1, 300)));
        }
        line(8, ps + "}");
      }
    }
    if (read_replicas_[static_cast<std::size_t>(callee)] > 0 && k_.chance(0.7)) {
      key("call", "op");
      line(8, "op: " + k_.pick<std::string>({"read", "write", "none"}));
    }
  }

  void clients() {
    key("top", "clients");
    line(0, "clients:");
    const int n = r_.between(1, 3);
    static const std::vector<std::string> names = {"web", "batch-1", "mobile_app"};
    for (int i = 0; i < n; ++i) {
      const std::string& name = names[static_cast<std::size_t>(i)];
      client_names_.push_back(name);
      const std::string& target = service_names_[static_cast<std::size_t>(r_.between(0, services_ - 1))];
      edges_.push_back({name, target});
      line(2, name + ":");
      key("client", "target");
      if (!queue_consumers_.empty() && q_.chance(0.25)) {  // [data-tier] publish to a queue instead
        line(4, "target: \"queue:" + queue_name(q_.between(0, static_cast<int>(queue_consumers_.size()) - 1)) + "\"");
      } else {
        line(4, "target: " + target);
      }
      const bool open = r_.chance(0.6);
      if (open) {
        key("client", "rate");
        line(4, "rate: " + rate(r_, r_.chance(0.1) ? 0 : r_.real(1, 300)));
        if (r_.chance(0.5)) { key("client", "arrival"); line(4, "arrival: " + r_.pick<std::string>({"poisson", "uniform"})); }
      } else {
        key("client", "users");
        line(4, "users: " + std::to_string(r_.between(0, 12)));
        if (r_.chance(0.6)) { key("client", "think_time"); line(4, "think_time: " + distribution(true)); }
      }
      if (r_.chance(0.6)) { key("client", "timeout"); line(4, "timeout: " + timeout_value()); }
      retry_ref(4, "client");
      edge_policies(4, "client");
      if (r_.chance(0.25)) {
        key("client", "schedule");
        line(4, "schedule:");
        double at = 0;
        const int steps = r_.between(1, 3);
        for (int s = 0; s < steps; ++s) {
          at += r_.real(1, duration_ms_ / (steps + 1));
          key("schedule_step", "at");
          std::string st = "- {at: " + std::to_string(static_cast<long long>(at)) + "ms";
          if (open) {
            key("schedule_step", "rate");
            st += ", rate: " + rate(r_, r_.chance(0.1) ? 0 : r_.real(1, 300));
          } else {
            key("schedule_step", "users");
            st += ", users: " + std::to_string(r_.between(0, 12));
          }
          if (r_.chance(0.4)) {
            key("schedule_step", "ramp");
            double ramp = r_.real(0, duration_ms_ / 2);
            // Up to the next step at most (the next step is at least 1 ms later).
            if (!open && !options_.ramps_past_next_step) ramp = std::min(ramp, 1.0);
            st += ", ramp: " + dur(r_, ramp);
          }
          line(6, st + "}");
        }
      }
      if (r_.chance(0.2)) {
        key("client", "bursts");
        line(4, "bursts:");
        const int bursts = r_.between(1, 2);
        for (int b = 0; b < bursts; ++b) {
          key("burst", "at");
          key("burst", "count");
          line(6, "- {at: " + dur(r_, r_.real(0, duration_ms_ * 0.9)) + ", count: " + std::to_string(r_.between(1, 200)) + "}");
        }
      }
    }
  }

  std::string service_target() {
    const int s = r_.between(0, services_ - 1);
    const std::string& name = service_names_[static_cast<std::size_t>(s)];
    const int reps = replicas_[static_cast<std::size_t>(s)];
    if (reps > 1 && r_.chance(0.5)) return "\"" + name + "[" + std::to_string(r_.between(0, reps - 1)) + "]\"";
    return name;
  }

  /// [data-tier] The caches the calls named (backend = the callee), and now and then a flush.
  void caches() {
    if (cache_backends_.empty()) return;
    if (d_.chance(0.5)) {
      if (!faults_written_) line(0, "faults:");
      faults_written_ = true;
      key("fault", "kind");
      key("fault", "target");
      line(2, "- {kind: cache_flush, target: c" + std::to_string(d_.between(0, static_cast<int>(cache_backends_.size()) - 1)) + ", at: " +
                  dur(d_, d_.real(0, duration_ms_ * 0.9)) + "}");
    }
    key("top", "caches");
    line(0, "caches:");
    for (std::size_t c = 0; c < cache_backends_.size(); ++c) {
      line(2, "c" + std::to_string(c) + ":");
      key("cache", "backend");
      line(4, "backend: " + cache_backends_[c]);
      key("cache", "capacity");
      line(4, "capacity: " + std::to_string(d_.between(1, 200)));
      if (d_.chance(0.7)) {
        key("cache", "keys");
        key("cache_keys", "count");
        std::string k = "keys: {count: " + std::to_string(d_.chance(0.1) ? 1000000000000LL : d_.between(1, 300));
        if (d_.chance(0.6)) { key("cache_keys", "zipf"); k += ", zipf: " + num(d_.real(0, 2)); }
        line(4, k + "}");
      }
      if (d_.chance(0.6)) { key("cache", "ttl"); line(4, "ttl: " + (d_.chance(0.1) ? std::string("none") : dur(d_, d_.real(1, 2000)))); }
      if (d_.chance(0.4)) { key("cache", "eviction"); line(4, "eviction: " + d_.pick<std::string>({"lru", "fifo"})); }
      if (d_.chance(0.4)) { key("cache", "hit_time"); line(4, "hit_time: {dist: exponential, mean: " + dur(d_, d_.real(0.01, 3)) + "}"); }
      if (d_.chance(0.5)) { key("cache", "coalesce"); line(4, std::string("coalesce: ") + (d_.chance(0.6) ? "true" : "false")); }
    }
  }

  /// [data-tier] an HPA on a service that starts with `replicas` (max >= replicas).
  void autoscale(int replicas) {
    key("service", "autoscale");
    if (d_.chance(0.1)) {
      line(4, "autoscale: off");
      return;
    }
    key("autoscale", "target");
    key("autoscale", "max");
    const int max = replicas + d_.between(0, 3);
    std::string a = "autoscale: {max: " + std::to_string(max);
    std::string metric = d_.pick<std::string>({"cpu_utilization", "utilization", "queue_length", "arrivals_per_s"});
    if (d_.chance(0.8)) {
      key("autoscale", "metric");
      a += ", metric: " + metric;
    } else {
      metric = "cpu_utilization";  // the default
    }
    const bool share = metric == "cpu_utilization" || metric == "utilization";
    a += ", target: " + (share ? std::to_string(d_.between(20, 90)) + "%"
                         : metric == "queue_length" ? num(d_.real(0.5, 5)) : std::to_string(d_.between(5, 200)) + "/s");
    if (d_.chance(0.7)) { key("autoscale", "min"); a += ", min: " + std::to_string(d_.between(1, max)); }
    // --combos: evaluated often, short delays, no cooldown: replicas come and go all run long.
    const double scale = combos_ ? 0.1 : 1.0;
    if (combos_ || d_.chance(0.7)) { key("autoscale", "evaluate_every"); a += ", evaluate_every: " + dur(d_, d_.real(50, 2000) * scale); }
    if (d_.chance(0.7)) { key("autoscale", "window"); a += ", window: " + dur(d_, d_.real(50, 3000) * scale); }
    if (d_.chance(0.6)) { key("autoscale", "tolerance"); a += ", tolerance: " + std::to_string(d_.between(0, 30)) + "%"; }
    if (d_.chance(0.6)) { key("autoscale", "provision_delay"); a += ", provision_delay: " + dur(d_, d_.real(0, 2000) * scale); }
    if (combos_ || d_.chance(0.6)) {
      key("autoscale", "scale_in_cooldown");
      a += ", scale_in_cooldown: " + (combos_ && d_.chance(0.5) ? std::string("0s") : dur(d_, d_.real(0, 3000) * scale));
    }
    line(4, a + "}");
  }

  void faults() {
    key("top", "faults");
    faults_written_ = true;
    line(0, "faults:");
    const int n = r_.between(1, 4);
    for (int i = 0; i < n; ++i) {
      static const std::vector<std::string> kinds = {"latency", "errors", "outage", "capacity",
                                                     "pause", "drop_responses", "partition", "network_delay"};
      const std::string kind = r_.pick(kinds);
      key("fault", "kind");
      std::string f = "- {kind: " + kind;
      const bool edge = kind == "partition" || kind == "network_delay";
      if (edge) {
        const auto& e = r_.pick(edges_);
        key("fault", "from");
        key("fault", "to");
        f += ", from: " + e.first + ", to: " + e.second;
      } else {
        key("fault", "target");
        f += ", target: " + service_target();
      }
      if (r_.chance(0.8)) { key("fault", "at"); f += ", at: " + dur(r_, r_.real(0, duration_ms_ * 0.9)); }
      if (r_.chance(0.7)) {
        key("fault", "duration");
        f += ", duration: " + (r_.chance(0.1) ? std::string("none") : dur(r_, r_.real(1, duration_ms_)));
      }
      if (kind == "latency") {
        // Now and then the largest values the format allows (time arithmetic must not overflow).
        const bool extreme = r_.chance(0.1) && options_.extreme_values;
        const int which = r_.between(0, 2);
        // The faults' adds may total 10^9 s (the loader's bound): one near it per scenario, the rest small.
        const bool huge_add = extreme && !huge_add_written_;
        if (which != 1) {
          key("fault", "add");
          f += ", add: " + (huge_add ? std::string("900000000s") : dur(r_, r_.real(0, 100)));
          huge_add_written_ = huge_add_written_ || huge_add;
        }
        if (which != 0) { key("fault", "multiply"); f += ", multiply: " + (extreme ? std::string("1000000") : num(r_.real(0.5, 20))); }
      } else if (kind == "errors" || kind == "drop_responses") {
        key("fault", "probability");
        f += ", probability: " + probability(r_, r_.real(0, 1));
      } else if (kind == "outage" || kind == "partition") {
        if (r_.chance(0.7)) { key("fault", "mode"); f += ", mode: " + r_.pick<std::string>({"refuse", "blackhole"}); }
      } else if (kind == "capacity") {
        key("fault", "workers");
        f += ", workers: " + std::to_string(r_.between(0, 4));
      } else if (kind == "network_delay") {
        key("fault", "add");
        f += ", add: " + dur(r_, r_.real(0, 50));
      }
      line(2, f + "}");
    }
  }

  void variants() {
    key("top", "variants");
    line(0, "variants:");
    line(2, "fewer-workers: {services." + service_names_[0] + ".workers: 1}");
    if (r_.chance(0.5)) line(2, "short-timeout: {clients." + client_names_[0] + ".timeout: 20ms}");
  }

  void stress() {  // read by compare only; a run must ignore it
    key("top", "stress");
    line(0, std::string("stress: ") + (r_.chance(0.5) ? "true" : "false"));
  }

  void workshop() {  // cards only matter to `faultline live`; a run must ignore them
    key("top", "workshop");
    line(0, "workshop: {briefing: \"generated\", cause: \"generated\"}");
  }

  void expectations() {
    key("top", "expect");
    line(0, "expect:");
    key("expectation", "metric");
    key("expectation", "at_least");
    line(2, "- {metric: clients." + client_names_[0] + ".goodput_per_s, at_least: 0/s}");
    key("expectation", "at_most");
    key("expectation", "after");
    key("expectation", "before");
    const long long after = static_cast<long long>(duration_ms_ / 4), before = static_cast<long long>(duration_ms_ * 3 / 4);
    line(2, "- {metric: services." + service_names_[0] + ".queue_length, after: " + std::to_string(after) +
                "ms, before: " + std::to_string(before) + "ms, at_most: 1000000000}");
  }

  Rng r_;
  bool huge_add_written_ = false;
  Rng d_;  // [data-tier] keys only
  Rng q_;  // [data-tier] queues only
  std::vector<int> queue_consumers_;  // [data-tier] each queue's consumer service
  Rng k_;  // [data-tier] keys, locks, replication, pools: drawn apart so the rest is unchanged
  std::vector<int> read_replicas_;  // [data-tier] per service, 0: no replication
  std::vector<std::string> cache_backends_;  // [data-tier] cache i's backend service
  bool faults_written_ = false;
  std::uint64_t seed_;
  bool combos_ = false;  // [data-tier] GeneratorOptions::data_combos
  GeneratorOptions options_;
  std::string out_;
  std::set<std::string> keys_;
  int services_ = 1;
  double duration_ms_ = 1000, warmup_ms_ = 0;
  std::vector<std::string> service_names_, client_names_, policies_;
  std::vector<int> replicas_;
  std::vector<std::pair<std::string, std::string>> edges_;
};

}  // namespace

Generated generate_scenario(std::uint64_t seed, const GeneratorOptions& options) { return Writer(seed, options).build(); }

}  // namespace faultline::property
