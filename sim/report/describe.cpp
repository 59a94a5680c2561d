// `faultline describe`: the scenario in words.
#include <algorithm>
#include <sstream>

#include "faultline/model/sampler.hpp"
#include "faultline/report/report.hpp"
#include "faultline/scenario/names.hpp"
#include "describe_data_tier.hpp"
#include "format.hpp"

namespace faultline::report {

namespace {

std::string retry_words(const Spec& spec, int index) {
  if (index < 0) return "no retry";
  const RetrySpec& p = spec.retry_policies[static_cast<std::size_t>(index)];
  return "retry `" + p.name + "`";
}

std::string reasons(std::uint8_t mask) {
  std::string out;
  for (std::size_t i = 0; i < kRetryableReasons; ++i) {
    const auto& r = EnumWords<Reason>::list[i];
    if (mask & reason_bit(r.value)) out += (out.empty() ? "" : ", ") + std::string(r.word);
  }
  return out.empty() ? "nothing" : out;
}

std::string jitter_words(RetrySpec::Jitter j) {
  return j == RetrySpec::Jitter::none ? "no jitter" : std::string(word_of(j)) + " jitter";
}

std::string policies_words(const EdgePolicies& p) {
  std::string out;
  if (!p.deadline.is_infinite()) out += ", deadline " + duration(p.deadline);
  if (p.breaker.enabled) {
    out += ", circuit breaker (" + number(p.breaker.failure_rate * 100) + "% over " + duration(p.breaker.window) +
           ", min " + std::to_string(p.breaker.min_calls) + " calls, open " + duration(p.breaker.open_for) + ")";
  }
  if (p.hedge.enabled) {
    out += ", hedge after " + duration(p.hedge.after) + " (up to " + std::to_string(p.hedge.max_extra) + " extra)";
  }
  if (p.throttle.enabled) out += ", adaptive throttling k=" + number(p.throttle.k);
  return out;
}


std::string fault_words(const Spec& spec, const FaultSpec& f) {
  std::string target;
  if (f.kind == FaultSpec::Kind::partition || f.kind == FaultSpec::Kind::network_delay) {
    target = (f.from_client ? spec.clients[static_cast<std::size_t>(f.from)].name
                            : spec.services[static_cast<std::size_t>(f.from)].name) +
             " -> " + spec.services[static_cast<std::size_t>(f.to)].name;
  } else if (f.kind == FaultSpec::Kind::cache_flush) {  // [data-tier]
    target = spec.caches[static_cast<std::size_t>(f.target)].name;
  } else {
    target = spec.services[static_cast<std::size_t>(f.target)].name;
    if (f.replica >= 0) target += "[" + std::to_string(f.replica) + "]";
  }
  std::string what;
  switch (f.kind) {
    case FaultSpec::Kind::latency:
      what = (f.multiply != 1.0 ? "x" + number(f.multiply) : "") +
             (f.add > Duration::zero() ? (f.multiply != 1.0 ? " and +" : "+") + duration(f.add) : "") + " on its work";
      break;
    case FaultSpec::Kind::errors: what = number(f.probability * 100) + "% of attempts fail"; break;
    case FaultSpec::Kind::outage:
      what = f.mode == FaultSpec::OutageMode::refuse ? "down, refusing (fail fast)" : "down, blackholed (no answer)";
      break;
    case FaultSpec::Kind::capacity: what = "down to " + std::to_string(f.workers) + " workers per replica"; break;
    case FaultSpec::Kind::pause: what = "paused (stop the world)"; break;
    case FaultSpec::Kind::drop_responses: what = number(f.probability * 100) + "% of answers lost"; break;
    case FaultSpec::Kind::partition:
      what = f.mode == FaultSpec::OutageMode::refuse ? "cut, refusing" : "cut, attempts vanish";
      break;
    case FaultSpec::Kind::network_delay: what = "+" + duration(f.add) + " each way"; break;
    case FaultSpec::Kind::cache_flush: return duration(f.at) + ": cache_flush of " + target + " — every entry goes";
  }
  const std::string until = f.duration.is_infinite() ? "the end" : duration(f.at + f.duration);
  return duration(f.at) + " to " + until + ": " + fault_kind_name(f.kind) + " on " + target + " — " + what;
}

}  // namespace

std::string describe(const Spec& spec) {
  std::ostringstream out;
  out << spec.name << "\n" << std::string(spec.name.size(), '=') << "\n\n";
  if (!spec.description.empty()) out << spec.description << (spec.description.back() == '\n' ? "" : "\n") << "\n";
  const auto& sim = spec.simulation;
  out << "Simulation: " << duration(sim.duration) << ", warmup " << duration(sim.warmup) << ", seed " << sim.seed
      << ", one sample every " << duration(sim.sample_interval) << "\n\nServices\n";
  for (const auto& s : spec.services) {
    const Sampler sampler(s.service_time);
    out << "  " << s.name << ": " << s.workers << (s.workers == 1 ? " worker" : " workers");
    if (s.replicas > 1) out << " x " << s.replicas << " replicas";
    out << ", queue "
        << (s.queue.capacity == QueueSpec::kUnbounded ? std::string("unbounded") : std::to_string(s.queue.capacity))
        << " " << word_of(s.queue.discipline)
        << (s.queue.drop_expired ? " (drops expired work)" : "") << ", service time "
        << distribution(s.service_time) << ", mean " << duration(Duration::ns(static_cast<std::int64_t>(sampler.mean_ns())))
        << " (capacity ~" << fixed(s.workers * s.replicas * 1e9 / std::max(1.0, sampler.mean_ns()), 0) << "/s)";
    if (s.error_rate > 0) out << ", error rate " << number(s.error_rate * 100) << "%";
    if (s.side_effect) out << ", side effect counted";
    if (s.idempotency.keys) out << ", idempotency keys (ttl " << duration(s.idempotency.ttl) << ")";
    out << service_data_words(s) << "\n" << service_data_lines(spec, s);  // [data-tier]
    for (const auto& c : s.calls) {
      if (c.queue >= 0) {  // [data-tier]
        out << "    then publishes to queue " << spec.queues[static_cast<std::size_t>(c.queue)].name << ", "
            << retry_words(spec, c.retry) << "\n";
        continue;
      }
      if (c.cache >= 0) {  // [data-tier]
        out << cache_call_words(spec, c) << ", " << retry_words(spec, c.retry) << policies_words(c.policies) << "\n";
        continue;
      }
      out << "    then calls " << spec.services[static_cast<std::size_t>(c.service)].name << ", timeout "
          << duration(c.timeout) << ", " << retry_words(spec, c.retry) << policies_words(c.policies)
          << call_data_words(c) << "\n";
    }
  }
  out << "\nClients\n";
  for (const auto& c : spec.clients) {
    out << "  " << c.name << " -> "
        << (c.target_queue >= 0 ? "queue " + spec.queues[static_cast<std::size_t>(c.target_queue)].name
                                : spec.services[static_cast<std::size_t>(c.target)].name)
        << ": ";
    if (c.loop == ClientSpec::Loop::open) {
      out << "open loop, " << number(c.rate_per_s) << "/s "
          << (c.arrival == ClientSpec::Arrival::poisson ? "poisson" : "evenly spaced");
    } else {
      out << "closed loop, " << c.users << " users, think time " << distribution(c.think_time);
    }
    out << ", timeout " << duration(c.timeout) << ", " << retry_words(spec, c.retry) << policies_words(c.policies)
        << "\n";
    for (const auto& step : c.schedule) {
      out << "    at " << duration(step.at) << ": "
          << (step.rate_per_s >= 0 ? number(step.rate_per_s) + "/s" : std::to_string(step.users) + " users");
      if (step.ramp > Duration::zero()) out << " (ramp over " << duration(step.ramp) << ")";
      out << "\n";
    }
    for (const auto& b : c.bursts) out << "    at " << duration(b.at) << ": burst of " << b.count << " operations\n";
  }
  if (!spec.queues.empty()) {  // [data-tier]
    out << "\nQueues\n";
    auto limit = [](std::int64_t v) { return v < 0 ? std::string("unbounded") : std::to_string(v); };
    for (const auto& q : spec.queues) {
      out << "  " << q.name << " -> " << spec.services[static_cast<std::size_t>(q.consumer)].name << ", "
          << q.concurrency << " at once, " << word_of(q.delivery);
      if (q.delivery == AsyncQueueSpec::Delivery::at_least_once) {
        out << " (visibility " << duration(q.visibility_timeout) << ", "
            << (q.max_receives < 0 ? std::string("redelivered until acknowledged")
                                   : "dead-lettered after " + std::to_string(q.max_receives) + " receives")
            << ")";
      }
      out << ", capacity " << limit(q.capacity);
      if (q.shed_above >= 0) out << ", sheds at " << q.shed_above;
      out << "\n" << queue_publishers(spec, static_cast<int>(&q - spec.queues.data()));
    }
  }
  out << caches_section(spec);  // [data-tier]
  if (!spec.retry_policies.empty()) {
    out << "\nRetry policies\n";
    for (const auto& p : spec.retry_policies) {
      out << "  " << p.name << ": " << p.max_attempts << " attempts, on " << reasons(p.retry_on) << ", "
          << word_of(p.backoff) << " backoff";
      if (p.backoff != RetrySpec::Backoff::none) {
        out << " (base " << duration(p.base);
        if (p.backoff == RetrySpec::Backoff::exponential) out << " x" << number(p.multiplier);
        out << ", max " << duration(p.max) << ")";
      }
      out << ", " << jitter_words(p.jitter);
      if (p.budget.enabled) {
        out << ", budget " << number(p.budget.ratio * 100) << "% + " << number(p.budget.min_per_second) << "/s";
      }
      if (p.throttling.enabled) out << ", throttling " << number(p.throttling.max_tokens) << "/" << number(p.throttling.token_ratio);
      out << "\n";
    }
  }
  if (!spec.faults.empty()) {
    out << "\nFaults (in time order)\n";
    std::vector<const FaultSpec*> sorted;
    for (const auto& f : spec.faults) sorted.push_back(&f);
    std::stable_sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->at < b->at; });
    for (const auto* f : sorted) out << "  " << fault_words(spec, *f) << "\n";
  }
  out << cost_section(spec);  // [data-tier]
  return out.str();
}

}  // namespace faultline::report
