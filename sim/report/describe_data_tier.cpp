#include "describe_data_tier.hpp"

#include <sstream>

#include "faultline/scenario/names.hpp"
#include "format.hpp"

namespace faultline::report {

namespace {

std::string percent(double share) { return number(share * 100) + "%"; }

std::string autoscale_target(const AutoscaleSpec& a) {
  switch (a.metric) {
    case AutoscaleSpec::Metric::cpu_utilization:
    case AutoscaleSpec::Metric::utilization: return percent(a.target);
    case AutoscaleSpec::Metric::queue_length: return number(a.target) + " waiting";
    case AutoscaleSpec::Metric::arrivals_per_s: return number(a.target) + "/s";
  }
  return number(a.target);
}

std::string money(double v) { return "$" + fixed(v, v != 0 && v < 0.1 ? 4 : 2); }

}  // namespace

std::string service_data_words(const ServiceSpec& s) {
  std::string out;
  const LoadDependentSpec& ld = s.load_dependent;
  if (ld.mode != LoadDependentSpec::Mode::off) {
    const std::string f = number(ld.factor);
    out += ", load-dependent service time x ";
    switch (ld.mode) {
      case LoadDependentSpec::Mode::linear: out += "(1 + " + f + "u)"; break;
      case LoadDependentSpec::Mode::polynomial: out += "(1 + " + f + "u^" + number(ld.exponent) + ")"; break;
      case LoadDependentSpec::Mode::exponential: out += "e^(" + f + "u)"; break;
      case LoadDependentSpec::Mode::off: break;
    }
    out += " (u = busy workers / workers)";
  }
  const AdmissionSpec& a = s.admission;
  switch (a.kind) {
    case AdmissionSpec::Kind::none: break;
    case AdmissionSpec::Kind::max_concurrency:
      out += ", admission: at most " + std::to_string(a.max_concurrency) + " in service + queued per replica (shed beyond)";
      break;
    case AdmissionSpec::Kind::token_bucket:
      out += ", admission: token bucket " + number(a.rate_per_s) + "/s, burst " + std::to_string(a.burst) +
             " per replica (shed when empty)";
      break;
    case AdmissionSpec::Kind::codel:
      out += ", admission: CoDel (target " + duration(a.target) + ", interval " + duration(a.interval) + ")";
      break;
  }
  return out;
}

std::string service_data_lines(const Spec& spec, const ServiceSpec& s) {
  std::ostringstream out;
  if (s.keys.count > 0) {
    out << "    keys: " << s.keys.count << " rows, "
        << (s.keys.zipf > 0 ? "zipf " + number(s.keys.zipf) : std::string("uniform")) << "\n";
  }
  if (s.locks.enabled) {
    out << "    locks: " << percent(s.locks.share) << " of requests hold their row's lock during own work, wait timeout "
        << duration(s.locks.timeout) << "\n";
  }
  if (s.replication.read_replicas > 0) {
    out << "    replication: " << s.replication.read_replicas
        << (s.replication.read_replicas == 1 ? " read replica" : " read replicas") << ", lag "
        << distribution(s.replication.lag) << " (op: read calls go there)\n";
  }
  if (s.autoscale.enabled) {
    const AutoscaleSpec& a = s.autoscale;
    out << "    autoscale: " << word_of(a.metric) << " to " << autoscale_target(a) << " per replica, " << a.min << ".."
        << a.max << " replicas, every " << duration(a.evaluate_every) << " over " << duration(a.window)
        << " (tolerance " << percent(a.tolerance) << "), provision delay " << duration(a.provision_delay)
        << ", scale-in cooldown " << duration(a.scale_in_cooldown) << "\n";
  }
  (void)spec;
  return out.str();
}

std::string call_data_words(const CallSpec& c) {
  std::string out;
  if (c.pool.size > 0) {
    out += ", pool of " + std::to_string(c.pool.size) + (c.pool.size == 1 ? " connection" : " connections") +
           " per replica (wait up to " + duration(c.pool.wait_timeout) + ")";
  }
  if (c.op != CallOp::none) out += ", op " + std::string(word_of(c.op));
  return out;
}

std::string cache_call_words(const Spec& spec, const CallSpec& c) {
  const CacheSpec& cache = spec.caches[static_cast<std::size_t>(c.cache)];
  return "    then reads cache " + cache.name + " (a miss calls " +
         spec.services[static_cast<std::size_t>(c.service)].name + ", timeout " + duration(c.timeout) + ")";
}

std::string caches_section(const Spec& spec) {
  if (spec.caches.empty()) return "";
  std::ostringstream out;
  out << "\nCaches\n";
  for (const auto& c : spec.caches) {
    out << "  " << c.name << " -> " << spec.services[static_cast<std::size_t>(c.backend)].name << ": " << c.capacity
        << (c.capacity == 1 ? " entry" : " entries") << ", " << word_of(c.eviction) << ", ttl " << duration(c.ttl)
        << ", keys " << c.key_count << " " << (c.zipf > 0 ? "zipf " + number(c.zipf) : std::string("uniform"))
        << ", hit time " << distribution(c.hit_time) << ", "
        << (c.coalesce ? "coalescing (one fill per key in flight)" : "no coalescing (every miss calls the backend)")
        << "\n";
  }
  return out.str();
}

std::string queue_publishers(const Spec& spec, int queue) {
  std::string who;
  for (const auto& s : spec.services) {
    for (const auto& c : s.calls) {
      if (c.queue == queue) {
        who += (who.empty() ? "" : ", ") + s.name;
        break;
      }
    }
  }
  for (const auto& c : spec.clients) {
    if (c.target_queue == queue) who += (who.empty() ? "" : ", ") + c.name + " (client)";
  }
  return who.empty() ? "" : "    published by " + who + "\n";
}

std::string cost_section(const Spec& spec) {
  if (!spec.cost.enabled) return "";
  std::ostringstream out;
  out << "\nCost\n";
  for (std::size_t i = 0; i < spec.services.size(); ++i) {
    const double hour = i < spec.cost.replica_hour.size() ? spec.cost.replica_hour[i] : 0;
    const double million = i < spec.cost.per_million_requests.size() ? spec.cost.per_million_requests[i] : 0;
    out << "  " << spec.services[i].name << ": " << money(hour) << " per replica-hour";
    if (million > 0) out << ", " << money(million) << " per million requests";
    out << "\n";
  }
  return out.str();
}

}  // namespace faultline::report
