// The rules a Spec must keep: each key's range from the field tables, then the
// rules between keys. Messages are the loader's: it reports these errors.
#include "faultline/scenario/validate.hpp"

#include <algorithm>
#include <functional>
#include <string>

#include "faultline/scenario/bounds.hpp"
#include "fields.hpp"

namespace faultline {

namespace scenario {
/// [data-tier] queues.NAME: ranges, the consumer, no publish loop (validate_queues.cpp).
void check_queues(const Spec& spec, std::vector<LoadError>& out);
}  // namespace scenario

namespace {

using scenario::check_fields;

std::string item(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

class Checker {
 public:
  explicit Checker(const Spec& spec) : spec_(spec) {}
  std::vector<LoadError> run();

 private:
  void error(const std::string& path, std::string message, std::string suggestion = "") {
    errors_.push_back(LoadError{"", 0, 0, path, std::move(message), std::move(suggestion)});
  }
  bool valid_run() const {
    const Duration d = spec_.simulation.duration;
    return d > Duration::zero() && d.seconds() <= bounds::kMaxRunSeconds;
  }
  void simulation();
  void distribution(const DistSpec& d, const std::string& path);
  void index(int value, std::size_t count, bool optional, const std::string& path, const char* what);
  void edge(const EdgePolicies& p, const std::string& path);
  void timeout(Duration t, const std::string& path);
  void data_keys(const ServiceSpec& s, const std::string& path);
  void data_call(const CallSpec& c, const std::string& cp);
  void service(const ServiceSpec& s, const std::string& path);
  void client(const ClientSpec& c, const std::string& path);
  void retry(const RetrySpec& p);
  void fault(const FaultSpec& f, const std::string& path);
  void cache(const CacheSpec& c, const std::string& path);  // [data-tier]
  void cycles();
  void autoscale(const ServiceSpec& s, const std::string& path);  // [data-tier]
  void cost();                                                    // [data-tier]

  const Spec& spec_;
  std::vector<LoadError> errors_;
  double fault_add_ns_ = 0;  // all latency and network_delay faults' add so far
};

// [data-tier] The HPA's settings must make a rule that can run.
void Checker::autoscale(const ServiceSpec& s, const std::string& path) {
  const AutoscaleSpec& a = s.autoscale;
  check_fields(Section::autoscale, a, path, errors_);
  if (!(a.target > 0)) error(path + ".target", "expected a target > 0");
  const bool share = a.metric == AutoscaleSpec::Metric::cpu_utilization || a.metric == AutoscaleSpec::Metric::utilization;
  if (share && a.target > 1) error(path + ".target", "expected a share of workers up to 100%, e.g. 60%");
  if (a.min > a.max)
    error(path + ".min", "expected min <= max (min " + std::to_string(a.min) + ", max " + std::to_string(a.max) + ")");
  if (s.replicas > a.max)
    error(path + ".max", "expected max >= replicas (" + std::to_string(s.replicas) + "): the service starts with `replicas`",
          "raise max or lower replicas");
  if (a.evaluate_every <= Duration::zero()) error(path + ".evaluate_every", "expected an interval > 0");
  if (a.window <= Duration::zero()) error(path + ".window", "expected a window > 0");
  if (a.window.count_ns() / std::max<std::int64_t>(1, a.evaluate_every.count_ns()) > 100000)
    error(path + ".window", "expected a window at most 100000 x evaluate_every");
}

void Checker::cost() {
  const CostSpec& c = spec_.cost;
  if (!c.enabled) return;
  if (c.replica_hour.size() != spec_.services.size() || c.per_million_requests.size() != spec_.services.size()) {
    error("cost", "expected one price per service");
    return;
  }
  for (std::size_t i = 0; i < c.replica_hour.size(); ++i) {
    const std::string p = "cost.services." + spec_.services[i].name;
    if (!(c.replica_hour[i] >= 0)) error(p + ".replica_hour", "expected a price >= 0");
    if (!(c.per_million_requests[i] >= 0)) error(p + ".per_million_requests", "expected a price >= 0");
  }
}

void Checker::simulation() {
  const auto& sim = spec_.simulation;
  check_fields(Section::simulation, sim, "simulation", errors_);
  if (!valid_run()) {
    error("simulation.duration", "expected a duration > 0 and at most 100000000s");
    return;
  }
  if (sim.warmup >= sim.duration) error("simulation.warmup", "expected less than simulation.duration");
  if (sim.sample_interval <= Duration::zero()) {
    error("simulation.sample_interval", "expected a duration > 0");
  } else if (sim.duration.count_ns() / sim.sample_interval.count_ns() > bounds::kMaxSamples) {
    error("simulation.sample_interval", "too many samples: duration / sample_interval must be at most 1000000",
          "use a longer sample_interval");
  }
}

void Checker::distribution(const DistSpec& d, const std::string& path) {
  using K = DistSpec::Kind;
  auto non_negative = [&](double ns, const char* key) {
    if (!(ns >= 0)) error(path + "." + key, "expected a duration >= 0");
  };
  switch (d.kind) {
    case K::constant: non_negative(d.value_ns, "value"); break;
    case K::exponential:
      if (!(d.mean_ns > 0)) error(path + ".mean", "expected a mean > 0");
      break;
    case K::uniform:
      non_negative(d.min_ns, "min");
      if (d.max_ns < d.min_ns) error(path + ".max", "expected max >= min");
      break;
    case K::normal:
      non_negative(d.mean_ns, "mean");
      non_negative(d.stddev_ns, "stddev");
      break;
    case K::lognormal:
      if (!(d.mu >= -50 && d.mu <= 50)) error(path + ".mu", "expected " + scenario::number_range(-50, 50));
      if (!(d.sigma >= 0 && d.sigma <= 20)) error(path + ".sigma", "expected " + scenario::number_range(0, 20));
      break;
    case K::pareto:
      if (!(d.scale_ns > 0)) error(path + ".scale", "expected a scale > 0");
      if (!(d.shape >= 0.01 && d.shape <= 100)) error(path + ".shape", "expected " + scenario::number_range(0.01, 100));
      break;
    case K::mixture:
      if (d.of.empty()) error(path + ".of", "expected at least one branch");
      for (std::size_t i = 0; i < d.of.size(); ++i) {
        const std::string p = item(path + ".of", i);
        if (!(d.of[i].weight > 0 && d.of[i].weight <= 1e9)) error(p + ".weight", "expected a weight > 0");
        distribution(d.of[i].dist, p);
      }
      break;
    case K::empirical: {
      double last_cdf = 0, last_value = 0;
      for (std::size_t i = 0; i < d.points.size(); ++i) {
        const std::string p = item(path + ".points", i);
        if (!(d.points[i].cdf > last_cdf)) error(p + "[0]", "expected cdf values strictly increasing, above 0");
        if (d.points[i].value_ns < last_value) error(p + "[1]", "expected durations that do not decrease");
        last_cdf = d.points[i].cdf;
        last_value = d.points[i].value_ns;
      }
      if (d.points.empty()) {
        error(path + ".points", "expected at least one point");
      } else if (d.points.back().cdf != 1.0) {
        error(item(path + ".points", d.points.size() - 1) + "[0]", "expected the last cdf to be 1");
      }
      break;
    }
  }
}

void Checker::index(int value, std::size_t count, bool optional, const std::string& path, const char* what) {
  if ((optional && value == -1) || (value >= 0 && static_cast<std::size_t>(value) < count)) return;
  error(path, "expected the index of one of the " + std::to_string(count) + " " + what + "(s), counted from 0, got " +
                  std::to_string(value));
}

void Checker::timeout(Duration t, const std::string& path) {
  if (t <= Duration::zero()) error(path, "expected a timeout > 0 (or none)");
}

void Checker::edge(const EdgePolicies& p, const std::string& path) {
  check_fields(Section::breaker, p.breaker, path + ".circuit_breaker", errors_);
  if (p.breaker.window <= Duration::zero()) error(path + ".circuit_breaker.window", "expected a window > 0");
  check_fields(Section::hedge, p.hedge, path + ".hedge", errors_);
  if (p.deadline <= Duration::zero()) error(path + ".deadline", "expected a deadline > 0 (or none)");
  check_fields(Section::throttle, p.throttle, path + ".throttle", errors_);
  if (p.throttle.window < Duration::s(1)) error(path + ".throttle.window", "expected a window of at least 1s");
}

void Checker::service(const ServiceSpec& s, const std::string& path) {
  check_fields(Section::service, s, path, errors_);
  check_fields(Section::queue, s.queue, path + ".queue", errors_);
  distribution(s.service_time, path + ".service_time");
  check_fields(Section::idempotency, s.idempotency, path + ".idempotency", errors_);
  if (s.idempotency.ttl <= Duration::zero()) error(path + ".idempotency.ttl", "expected a ttl > 0");
  if (s.load_dependent.mode != LoadDependentSpec::Mode::off)  // [data-tier]
    check_fields(Section::load_dependent, s.load_dependent, path + ".load_dependent", errors_);
  if (s.admission.kind == AdmissionSpec::Kind::token_bucket && !(s.admission.rate_per_s > 0))
    error(path + ".admission.token_bucket.rate", "expected a rate > 0");
  if (s.admission.kind == AdmissionSpec::Kind::codel &&
      (s.admission.target <= Duration::zero() || s.admission.interval <= Duration::zero()))
    error(path + ".admission.codel", "expected a target and an interval > 0");
  data_keys(s, path);
  if (s.autoscale.enabled) autoscale(s, path + ".autoscale");  // [data-tier]
  for (std::size_t k = 0; k < s.calls.size(); ++k) {
    const CallSpec& c = s.calls[k];
    const std::string cp = item(path + ".calls", k);
    if (c.cache != -1) {  // [data-tier] a read through a cache goes to the cache's backend
      index(c.cache, spec_.caches.size(), false, cp + ".cache", "cache");
      if (c.cache >= 0 && static_cast<std::size_t>(c.cache) < spec_.caches.size() &&
          c.service != spec_.caches[static_cast<std::size_t>(c.cache)].backend) {
        error(cp + ".cache", "the call's service must be the cache's backend");
      }
    }
    if (c.queue >= 0) {  // [data-tier] a publish
      index(c.queue, spec_.queues.size(), false, cp + ".publish", "queue");
      if (c.service >= 0) error(cp + ".publish", "a call either calls a service or publishes to a queue, not both");
      index(c.retry, spec_.retry_policies.size(), true, cp + ".retry", "retry policy");
      continue;
    }
    index(c.service, spec_.services.size(), false, cp + ".service", "service");
    timeout(c.timeout, cp + ".timeout");
    index(c.retry, spec_.retry_policies.size(), true, cp + ".retry", "retry policy");
    edge(c.policies, cp);
    data_call(c, cp);
  }
}

// [data-tier] keys, locks, replication; locks and replication need keys.
void Checker::data_keys(const ServiceSpec& s, const std::string& path) {
  if (s.keys.count != 0) check_fields(Section::service_keys, s.keys, path + ".keys", errors_);
  if (s.locks.enabled) {
    check_fields(Section::locks, s.locks, path + ".locks", errors_);
    if (s.locks.timeout <= Duration::zero()) error(path + ".locks.timeout", "expected a timeout > 0 (or none)");
    if (s.keys.count <= 0) error(path + ".locks", "locks need keys: add keys: {count: N} to this service");
  }
  if (s.replication.read_replicas != 0) {
    check_fields(Section::replication, s.replication, path + ".replication", errors_);
    distribution(s.replication.lag, path + ".replication.lag");
    if (s.keys.count <= 0) error(path + ".replication", "replication needs keys: add keys: {count: N} to this service");
  }
}

void Checker::data_call(const CallSpec& c, const std::string& cp) {
  if (c.pool.size != 0) {
    check_fields(Section::pool, c.pool, cp + ".pool", errors_);
    if (c.pool.wait_timeout <= Duration::zero()) error(cp + ".pool.wait_timeout", "expected a timeout > 0 (or none)");
  }
  if (c.op != CallOp::none && c.service >= 0 && static_cast<std::size_t>(c.service) < spec_.services.size() &&
      spec_.services[static_cast<std::size_t>(c.service)].replication.read_replicas == 0) {
    error(cp + ".op", "`op` needs replication on the called service: add replication: {read_replicas, lag} to " +
                          spec_.services[static_cast<std::size_t>(c.service)].name);
  }
}

void Checker::client(const ClientSpec& c, const std::string& path) {
  check_fields(Section::client, c, path, errors_);
  if (c.target_queue >= 0 && c.target < 0) {  // [data-tier] target: queue:NAME
    index(c.target_queue, spec_.queues.size(), false, path + ".target", "queue");
  } else {
    index(c.target, spec_.services.size(), false, path + ".target", "service");
  }
  distribution(c.think_time, path + ".think_time");
  timeout(c.timeout, path + ".timeout");
  index(c.retry, spec_.retry_policies.size(), true, path + ".retry", "retry policy");
  edge(c.policies, path);
  for (std::size_t i = 0; i < c.schedule.size(); ++i) {
    const ScheduleStep& step = c.schedule[i];
    const std::string sp = item(path + ".schedule", i);
    check_fields(Section::schedule_step, step, sp, errors_);
    if (i > 0 && step.at <= c.schedule[i - 1].at) error(sp + ".at", "expected schedule steps in increasing order of `at`");
  }
  for (std::size_t i = 0; i < c.bursts.size(); ++i) {
    check_fields(Section::burst, c.bursts[i], item(path + ".bursts", i), errors_);
  }
}

void Checker::retry(const RetrySpec& p) {
  // An inline policy is named by its key path; a named one lives under retry_policies.
  const std::string path = p.name.find_first_of(".[") != std::string::npos ? p.name : "retry_policies." + p.name;
  check_fields(Section::retry, p, path, errors_);
  check_fields(Section::backoff, p, path + ".backoff", errors_);
  if (p.max < p.base) error(path + ".backoff.max", "expected max >= base");
  if (p.retry_on >= (1u << kRetryableReasons)) error(path + ".retry_on", "expected reasons among timeout, error, rejected");
  check_fields(Section::budget, p.budget, path + ".budget", errors_);
  if (p.budget.ttl < Duration::s(1) || p.budget.ttl > Duration::s(60)) {
    error(path + ".budget.ttl", "expected a ttl from 1s to 60s (as Finagle allows)");
  }
  check_fields(Section::throttling, p.throttling, path + ".throttling", errors_);
}

void Checker::fault(const FaultSpec& f, const std::string& path) {
  check_fields(Section::fault, f, path, errors_);
  if (word_of(f.kind) == "?") {
    error(path + ".kind", "expected one of the fault kinds");
    return;
  }
  if (f.kind == FaultSpec::Kind::cache_flush) {  // [data-tier]
    index(f.target, spec_.caches.size(), false, path + ".target", "cache");
  } else if (f.kind == FaultSpec::Kind::partition || f.kind == FaultSpec::Kind::network_delay) {
    index(f.from, f.from_client ? spec_.clients.size() : spec_.services.size(), false, path + ".from",
          f.from_client ? "client" : "service");
    index(f.to, spec_.services.size(), false, path + ".to", "service");
  } else {
    index(f.target, spec_.services.size(), false, path + ".target", "service");
    if (f.target >= 0 && static_cast<std::size_t>(f.target) < spec_.services.size() && f.replica >= 0) {
      const ServiceSpec& s = spec_.services[static_cast<std::size_t>(f.target)];
      if (f.replica >= s.replicas) {
        error(path + ".target", "service `" + s.name + "` has " + std::to_string(s.replicas) + " replica(s), counted from 0");
      }
    }
  }
  if (valid_run() && f.at >= spec_.simulation.duration) {
    error(path + ".at", "the fault starts at or after the run's end (simulation.duration)",
          "start it before the end, or lengthen simulation.duration");
  }
  if (f.kind == FaultSpec::Kind::latency || f.kind == FaultSpec::Kind::network_delay) {
    // In nanoseconds, exactly: 10^9 s is 10^18 ns, far below int64's 9.2 x 10^18.
    constexpr double limit_ns = bounds::kMaxFaultAddSeconds * 1e9;
    const double before = fault_add_ns_;
    fault_add_ns_ += static_cast<double>(f.add.count_ns());
    if (before <= limit_ns && fault_add_ns_ > limit_ns) {
      error(path + ".add", "the faults' `add` values total more than 1000000000s: overlapping, they would overflow time",
            "use shorter delays");
    }
  }
}

void Checker::cache(const CacheSpec& c, const std::string& path) {
  check_fields(Section::cache, c, path, errors_);
  check_fields(Section::cache_keys, c, path + ".keys", errors_);
  index(c.backend, spec_.services.size(), false, path + ".backend", "service");
  if (c.ttl <= Duration::zero()) error(path + ".ttl", "expected a ttl > 0 (or none)");
  distribution(c.hit_time, path + ".hit_time");
}

void Checker::cycles() {
  const auto n = spec_.services.size();
  std::vector<int> state(n, 0);  // 0 new, 1 on the path, 2 done
  std::vector<int> path;
  bool reported = false;
  std::function<void(int)> visit = [&](int s) {
    state[static_cast<std::size_t>(s)] = 1;
    path.push_back(s);
    const auto& calls = spec_.services[static_cast<std::size_t>(s)].calls;
    for (std::size_t k = 0; k < calls.size(); ++k) {
      const int t = calls[k].service;
      if (t < 0 || static_cast<std::size_t>(t) >= n) continue;
      if (state[static_cast<std::size_t>(t)] == 1 && !reported) {
        std::string cycle;
        for (auto it = std::find(path.begin(), path.end(), t); it != path.end(); ++it) {
          cycle += spec_.services[static_cast<std::size_t>(*it)].name + " -> ";
        }
        cycle += spec_.services[static_cast<std::size_t>(t)].name;
        error(item("services." + spec_.services[static_cast<std::size_t>(s)].name + ".calls", k) + ".service",
              "call cycle: " + cycle, "a request would call itself forever; remove one of these calls");
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

std::vector<LoadError> Checker::run() {
  simulation();
  for (const auto& p : spec_.retry_policies) retry(p);
  for (const auto& s : spec_.services) service(s, "services." + s.name);
  for (const auto& c : spec_.clients) client(c, "clients." + c.name);
  for (const auto& c : spec_.caches) cache(c, "caches." + c.name);  // [data-tier]
  for (std::size_t i = 0; i < spec_.faults.size(); ++i) fault(spec_.faults[i], item("faults", i));
  cycles();
  cost();
  scenario::check_queues(spec_, errors_);  // [data-tier]
  return std::move(errors_);
}

}  // namespace

std::vector<LoadError> validate(const Spec& spec) { return Checker(spec).run(); }

void require_valid(const Spec& spec) {
  auto errors = validate(spec);
  if (errors.empty()) return;
  for (auto& e : errors) e.file = "<spec>";
  throw LoadFailure(std::move(errors));
}

}  // namespace faultline
