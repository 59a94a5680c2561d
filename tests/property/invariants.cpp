#include "property/invariants.hpp"

#include <cmath>
#include <map>
#include <sstream>

namespace faultline::property {

const std::vector<std::string> kInvariants = {
    "loads",                     // the generated file loads (else the generator or the loader is wrong)
    "no_crash",                  // no exception leaves run()
    "no_hang",                   // simulated time advances; the run ends within the wall-time limit
    "complete",                  // not partial (unless halted with a stop_reason); simulated_s == duration_s
    "deterministic",             // same seed, same JSON (wall-clock fields aside)
    "client_balance",            // operations == succeeded + sum(failed.*) + in_flight
    "client_ratios",             // in_flight <= operations; amplification, goodput as documented
    "service_balance",           // warmup 0: arrivals = rejected + completed + errors + expired + deduplicated + lost + in_service
    "arrivals_from_edges",       // warmup 0: arrivals <= attempts sent to the service on its edges
    "percentiles_monotone",      // p50 <= p90 <= p99 <= p999 <= max, mean <= max; queue mean <= max
    "utilization_bounds",        // 0 <= cpu_utilization <= utilization <= 1, summary and time series
    "orphaned_bounded",          // orphaned <= completed + errors (orphaned work is included in both)
    "unbounded_queue_no_reject", // a service with an unbounded queue rejects nothing
    "queue_bound",               // queue_length.max <= capacity x replicas
    "off_policies_count_zero",   // counters of a policy that is off stay 0
    "timeseries_sane",           // sample times increase, end at simulated_s; values finite, >= 0
    "queue_balance",             // [data-tier] warmup 0: published = acknowledged + dead_lettered + lost + depth
    // Not checks of their own: inputs that abort today (assert, UBSan) and are
    // generated only when these are not known failing (see property_main.cpp).
    "no_time_travel",            // users ramps outlasting the next step
    "no_overflow",               // latency add 10^9 s, multiply 10^6
};

namespace {

class Checker {
 public:
  Checker(const Spec& spec, const RunResult& result, const nlohmann::json& json)
      : spec_(spec), result_(result), json_(json) {}

  std::vector<Violation> run() {
    clients();
    services();
    edges();
    queues();
    timeseries();
    return out_;
  }

 private:
  template <class... Parts>
  void fail(const std::string& invariant, const Parts&... parts) {
    std::ostringstream s;
    (s << ... << parts);
    out_.push_back({invariant, s.str()});
  }
  static double num(const nlohmann::json& j, const char* key) { return j.at(key).get<double>(); }
  static bool close(double a, double b) { return std::fabs(a - b) <= 1e-6 + 1e-5 * std::fabs(b); }
  bool warmup_zero() const { return spec_.simulation.warmup == Duration::zero(); }

  void clients() {
    // A halted run measures up to where it stopped.
    const double window_s = std::min(result_.simulated_s, result_.duration_s) - result_.warmup_s;
    for (const auto& [name, c] : json_.at("clients").items()) {
      const double ops = num(c, "operations"), ok = num(c, "succeeded"), in_flight = num(c, "in_flight");
      double failed = 0;
      std::string reasons;
      for (const auto& [reason, n] : c.at("failed").items()) {
        failed += n.get<double>();
        reasons += " " + reason + "=" + std::to_string(n.get<std::uint64_t>());
      }
      if (ops != ok + failed + in_flight) {
        fail("client_balance", "clients.", name, ": operations ", ops, " != succeeded ", ok, " + failed", reasons,
             " + in_flight ", in_flight, " (", ops - ok - failed - in_flight, " unaccounted)");
      }
      if (in_flight > ops) fail("client_ratios", "clients.", name, ": in_flight ", in_flight, " > operations ", ops);
      const double attempts = num(c, "attempts");
      if (ops > 0 && !close(num(c, "amplification"), attempts / ops)) {
        fail("client_ratios", "clients.", name, ": amplification ", num(c, "amplification"), " != attempts/operations ",
             attempts / ops);
      }
      if (window_s > 0 && !close(num(c, "goodput_per_s"), ok / window_s)) {
        fail("client_ratios", "clients.", name, ": goodput_per_s ", num(c, "goodput_per_s"), " != succeeded/window ",
             ok / window_s);
      }
      const auto& l = c.at("latency_ms");
      const double p[] = {num(l, "p50"), num(l, "p90"), num(l, "p99"), num(l, "p999"), num(l, "max")};
      for (int i = 0; i + 1 < 5; ++i) {
        if (p[i] > p[i + 1] * (1 + 1e-9) + 1e-9) {
          fail("percentiles_monotone", "clients.", name, ".latency_ms: p50..max = ", p[0], " ", p[1], " ", p[2], " ",
               p[3], " ", p[4]);
          break;
        }
      }
      if (num(l, "mean") > p[4] * (1 + 1e-9) + 1e-9 || num(l, "mean") < 0) {
        fail("percentiles_monotone", "clients.", name, ".latency_ms: mean ", num(l, "mean"), " max ", p[4]);
      }
    }
  }

  const ServiceSpec* service_spec(const std::string& name) const {
    for (const auto& s : spec_.services) {
      if (s.name == name) return &s;
    }
    return nullptr;
  }

  /// [data-tier] Every message the queue took is done one way or still held.
  void queues() {
    if (!json_.contains("queues")) return;
    for (const auto& [name, v] : json_.at("queues").items()) {
      const double published = num(v, "published"), acked = num(v, "acknowledged"), dead = num(v, "dead_lettered"),
                   lost = num(v, "lost"), depth = num(v, "depth");
      if (warmup_zero() && published != acked + dead + lost + depth) {
        fail("queue_balance", "queues.", name, ": published ", published, " != acknowledged ", acked,
             " + dead_lettered ", dead, " + lost ", lost, " + depth ", depth);
      }
      if (num(v, "redeliveries") > num(v, "deliveries")) {
        fail("queue_balance", "queues.", name, ": redeliveries > deliveries");
      }
    }
  }

  void services() {
    for (const auto& [name, v] : json_.at("services").items()) {
      const ServiceSpec* s = service_spec(name);
      const double arrivals = num(v, "arrivals"), rejected = num(v, "rejected"), completed = num(v, "completed"),
                   errors = num(v, "errors"), orphaned = num(v, "orphaned");
      const double expired = num(v, "expired"), deduplicated = num(v, "deduplicated"), lost = num(v, "lost"),
                   in_service = num(v, "in_service");
      // Every attempt that arrived ended one way, or is still held when the run ends.
      if (warmup_zero() && arrivals != rejected + completed + errors + expired + deduplicated + lost + in_service) {
        fail("service_balance", "services.", name, ": arrivals ", arrivals, " != rejected ", rejected, " + completed ",
             completed, " + errors ", errors, " + expired ", expired, " + deduplicated ", deduplicated, " + lost ", lost,
             " + in_service ", in_service);
      }
      // (an answer delayed on the network back is orphaned when it arrives: with a warmup,
      // work completed before the window may be orphaned inside it)
      if (warmup_zero() && orphaned > completed + errors) {
        fail("orphaned_bounded", "services.", name, ": orphaned ", orphaned, " > completed ", completed, " + errors ", errors);
      }
      const double util = num(v, "utilization"), cpu = num(v, "cpu_utilization");
      if (util < 0 || util > 1 + 1e-6 || cpu < 0 || cpu > util + 1e-6) {
        fail("utilization_bounds", "services.", name, ": utilization ", util, ", cpu_utilization ", cpu);
      }
      const auto& q = v.at("queue_length");
      if (num(q, "mean") > num(q, "max") + 1e-6 || num(q, "mean") < 0) {
        fail("percentiles_monotone", "services.", name, ".queue_length: mean ", num(q, "mean"), " > max ", num(q, "max"));
      }
      if (s == nullptr) continue;
      // [data-tier] admission sheds arrivals as rejected (counted in both): only the rest is the queue's.
      const double shed = v.contains("shed") ? num(v, "shed") : 0;
      if (shed > rejected) fail("service_balance", "services.", name, ": shed ", shed, " > rejected ", rejected);
      if (v.contains("shed") != (s->admission.kind != AdmissionSpec::Kind::none)) {
        fail("off_policies_count_zero", "services.", name, ": shed reported ", v.contains("shed"), " but admission ",
             s->admission.kind != AdmissionSpec::Kind::none ? "set" : "off");
      }
      if (s->queue.capacity == QueueSpec::kUnbounded && rejected - shed > 0) {
        fail("unbounded_queue_no_reject", "services.", name, ": rejected ", rejected, " (shed ", shed,
             ") with an unbounded queue");
      }
      const int all_replicas = s->replicas + s->replication.read_replicas;  // [data-tier] read replicas queue too
      if (s->queue.capacity != QueueSpec::kUnbounded &&
          num(q, "max") > static_cast<double>(s->queue.capacity) * std::max(all_replicas, s->slots())) {
        fail("queue_bound", "services.", name, ": queue_length.max ", num(q, "max"), " > capacity ", s->queue.capacity,
             " x ", all_replicas, " replicas");
      }
      // [data-tier] lock and stale-read figures only where set; each a part of what they count.
      if (v.contains("lock_waits") != s->locks.enabled || v.contains("stale_reads") != (s->replication.read_replicas > 0)) {
        fail("off_policies_count_zero", "services.", name, ": lock or stale-read figures without locks or replication");
      }
      // (a wait begun in the warmup may time out inside the window: then only the second bound holds;
      // a wait timing out on a paused replica fails the request at resume: in service until then,
      // or lost if an outage drops it first)
      if (v.contains("lock_waits") && ((warmup_zero() && num(v, "lock_timeouts") > num(v, "lock_waits")) ||
                                       num(v, "lock_timeouts") > errors + num(v, "in_service") + lost)) {
        fail("service_balance", "services.", name, ": lock_timeouts ", num(v, "lock_timeouts"), " > lock_waits ",
             num(v, "lock_waits"), " or errors ", errors, " + in_service ", num(v, "in_service"), " + lost ", lost);
      }
      if (v.contains("stale_reads") && num(v, "stale_reads") > num(v, "reads")) {
        fail("service_balance", "services.", name, ": stale_reads ", num(v, "stale_reads"), " > reads ", num(v, "reads"));
      }
      if (!s->queue.drop_expired && expired > 0) fail("off_policies_count_zero", "services.", name, ": expired ", expired, " without drop_expired");
      if (!s->side_effect && num(v, "duplicates") > 0) {
        fail("off_policies_count_zero", "services.", name, ": duplicates ", num(v, "duplicates"), " without side_effect");
      }
      if (!s->idempotency.keys && v.contains("deduplicated") && num(v, "deduplicated") > 0) {
        fail("off_policies_count_zero", "services.", name, ": deduplicated ", num(v, "deduplicated"), " without idempotency keys");
      }
    }
  }

  /// The policies and retry policy of an edge named "FROM->TO" or "FROM->TO#k".
  bool edge_spec(const std::string& from, const std::string& edge_name, const EdgePolicies*& policies, int& retry) const {
    const auto arrow = edge_name.find("->");
    std::string to = edge_name.substr(arrow + 2);
    int k = 1;
    if (const auto hash = to.find('#'); hash != std::string::npos) {
      k = std::stoi(to.substr(hash + 1));
      to = to.substr(0, hash);
    }
    if (from.rfind("clients.", 0) == 0) {
      for (const auto& c : spec_.clients) {
        if ("clients." + c.name == from) {
          policies = &c.policies;
          retry = c.retry;
          return true;
        }
      }
      return false;
    }
    const ServiceSpec* s = service_spec(from.substr(9));
    if (s == nullptr) return false;
    int seen = 0;
    for (const auto& call : s->calls) {
      // [data-tier] a read through a cache is named after the cache
      const std::string target = call.cache >= 0   ? spec_.caches[static_cast<std::size_t>(call.cache)].name
                                 : call.service >= 0 ? spec_.services[static_cast<std::size_t>(call.service)].name
                                                     : std::string();
      if (call.queue < 0 && !target.empty() && target == to && ++seen == k) {
        policies = &call.policies;
        retry = call.retry;
        return true;
      }
    }
    return false;
  }

  void edges() {
    if (!json_.contains("edges")) return;
    std::map<std::string, double> sent_to;
    for (const auto& [name, e] : json_.at("edges").items()) {
      const std::string to = e.at("to").get<std::string>();
      sent_to[to] += num(e, "attempts");
      const EdgePolicies* p = nullptr;
      int retry = -1;
      if (!edge_spec(e.at("from").get<std::string>(), name, p, retry)) continue;
      const RetrySpec* r = retry >= 0 ? &spec_.retry_policies[static_cast<std::size_t>(retry)] : nullptr;
      auto zero = [&](const char* counter, bool on) {
        if (!on && num(e, counter) > 0) fail("off_policies_count_zero", "edges.", name, ": ", counter, " ", num(e, counter), " with its policy off");
      };
      zero("hedges", p->hedge.enabled);
      zero("short_circuited", p->breaker.enabled);
      // A retry denied by gRPC-style throttling counts as budget_denied too.
      zero("budget_denied", r != nullptr && (r->budget.enabled || r->throttling.enabled));
      zero("throttled", p->throttle.enabled);
      zero("retries", r != nullptr && r->max_attempts > 1);
      // [data-tier] a pool never lends more than its size on each of the caller's replica slots
      // (autoscaled: `max` slots, each with its pool).
      if (e.contains("pool")) {
        const ServiceSpec* caller = service_spec(e.at("from").get<std::string>().substr(9));
        const double cap = num(e.at("pool"), "size") * (caller != nullptr ? caller->slots() : 1);
        if (num(e.at("pool"), "in_use_max") > cap) {
          fail("queue_bound", "edges.", name, ": pool.in_use_max ", num(e.at("pool"), "in_use_max"), " > size x replicas ", cap);
        }
      }
    }
    if (!warmup_zero()) return;
    for (const auto& [name, v] : json_.at("services").items()) {
      const double arrivals = num(v, "arrivals"), sent = sent_to["services." + name];
      if (arrivals > sent) {
        fail("arrivals_from_edges", "services.", name, ": arrivals ", arrivals, " > attempts sent to it ", sent);
      }
    }
  }

  void timeseries() {
    const auto& ts = result_.timeseries;
    for (std::size_t i = 0; i < ts.times_s.size(); ++i) {
      if (i > 0 && !(ts.times_s[i] > ts.times_s[i - 1])) {
        fail("timeseries_sane", "time_s ", ts.times_s[i], " after ", ts.times_s[i - 1]);
        break;
      }
    }
    if (!ts.times_s.empty() && !close(ts.times_s.back(), result_.simulated_s)) {
      fail("timeseries_sane", "last time_s ", ts.times_s.back(), " != simulated_s ", result_.simulated_s);
    }
    for (const auto& s : ts.series) {
      // Percentiles, and a cache's hit ratio ([data-tier]), are empty (NaN) in an interval without data.
      const bool percentile = s.metric == "p50_ms" || s.metric == "p99_ms" || s.metric == "p99_all_ms" || s.metric == "hit_ratio";
      const bool util = s.metric == "utilization" || s.metric == "cpu_utilization";
      for (std::size_t i = 0; i < s.values.size(); ++i) {
        const double x = s.values[i];
        if (percentile && std::isnan(x)) continue;
        if (!std::isfinite(x) || (x < 0 && s.metric != "budget_tokens")) {
          fail("timeseries_sane", s.entity, ",", s.metric, " at sample ", i, ": ", x);
          break;
        }
        if (util && x > 1 + 1e-9) {
          fail("utilization_bounds", s.entity, ",", s.metric, " at sample ", i, " (time_s ",
               i < ts.times_s.size() ? ts.times_s[i] : -1.0, "): ", x);
          break;
        }
      }
    }
  }

  const Spec& spec_;
  const RunResult& result_;
  const nlohmann::json& json_;
  std::vector<Violation> out_;
};

}  // namespace

std::vector<Violation> check_invariants(const Spec& spec, const RunResult& result, const nlohmann::json& json) {
  return Checker(spec, result, json).run();
}

}  // namespace faultline::property
