#pragma once
// Builds Specs in C++ for model tests, without going through YAML. Each builder
// checks the Spec with validate() once what it adds is complete (a fault is
// completed by its caller), so a test cannot run a scenario no file could state.
#include <string>
#include <utility>

#include "faultline/scenario/spec.hpp"
#include "faultline/scenario/validate.hpp"

namespace faultline::testing {

inline DistSpec constant_ms(double ms) {
  DistSpec d;
  d.kind = DistSpec::Kind::constant;
  d.value_ns = ms * 1e6;
  return d;
}
inline DistSpec exponential_ms(double ms) {
  DistSpec d;
  d.kind = DistSpec::Kind::exponential;
  d.mean_ns = ms * 1e6;
  return d;
}

inline Spec base_spec(double duration_s, std::uint64_t seed = 1) {
  Spec s;
  s.name = "test";
  s.simulation.duration = Duration::s(duration_s);
  s.simulation.seed = seed;
  s.simulation.sample_interval = Duration::s(1);
  require_valid(s);
  return s;
}

inline int add_service(Spec& s, const std::string& name, int workers, DistSpec service_time,
                       std::int64_t queue_capacity = QueueSpec::kUnbounded) {
  ServiceSpec svc;
  svc.name = name;
  svc.workers = workers;
  svc.service_time = service_time;
  svc.queue.capacity = queue_capacity;
  s.services.push_back(svc);
  require_valid(s);
  return static_cast<int>(s.services.size() - 1);
}

/// Adds a client, checks the Spec, returns the client's index.
inline int push_client(Spec& s, ClientSpec c) {
  s.clients.push_back(std::move(c));
  require_valid(s);
  return static_cast<int>(s.clients.size() - 1);
}

/// A closed-loop client: `users` users, each thinking `think` between operations.
inline int add_closed_client(Spec& s, const std::string& name, int target, int users,
                             DistSpec think = ClientSpec{}.think_time) {
  ClientSpec c;
  c.name = name;
  c.target = target;
  c.loop = ClientSpec::Loop::closed;
  c.users = users;
  c.think_time = think;
  return push_client(s, std::move(c));
}

inline int add_open_client(Spec& s, const std::string& name, int target, double rate_per_s,
                           ClientSpec::Arrival arrival = ClientSpec::Arrival::poisson) {
  ClientSpec c;
  c.name = name;
  c.target = target;
  c.loop = ClientSpec::Loop::open;
  c.rate_per_s = rate_per_s;
  c.arrival = arrival;
  return push_client(s, std::move(c));
}

inline int add_retry(Spec& s, const std::string& name, int max_attempts) {
  RetrySpec r;
  r.name = name;
  r.max_attempts = max_attempts;
  s.retry_policies.push_back(r);
  require_valid(s);
  return static_cast<int>(s.retry_policies.size() - 1);
}

/// Exponential backoff (x2 from `base`) with full jitter: the usual client policy.
inline int add_jittered_retry(Spec& s, const std::string& name, int max_attempts, Duration base) {
  const int r = add_retry(s, name, max_attempts);
  RetrySpec& p = s.retry_policies[static_cast<std::size_t>(r)];
  p.backoff = RetrySpec::Backoff::exponential;
  p.base = base;
  p.jitter = RetrySpec::Jitter::full;
  require_valid(s);
  return r;
}

/// A circuit breaker opening at `failure_rate` over `window`, once `min_calls` outcomes are in it.
inline BreakerSpec breaker(double failure_rate, Duration window, int min_calls, Duration open_for,
                           int half_open_probes) {
  BreakerSpec b;
  b.enabled = true;
  b.failure_rate = failure_rate;
  b.window = window;
  b.min_calls = min_calls;
  b.open_for = open_for;
  b.half_open_probes = half_open_probes;
  return b;
}

inline void add_call(Spec& s, int from, int to, Duration timeout = Duration::infinite(), int retry = -1) {
  CallSpec call;
  call.service = to;
  call.timeout = timeout;
  call.retry = retry;
  s.services[static_cast<std::size_t>(from)].calls.push_back(call);
  require_valid(s);
}

inline FaultSpec& add_fault(Spec& s, FaultSpec::Kind kind, int target, double at_s, double duration_s) {
  FaultSpec f;
  f.kind = kind;
  f.target = target;
  f.at = Duration::s(at_s);
  f.duration = Duration::s(duration_s);
  s.faults.push_back(f);
  return s.faults.back();
}

}  // namespace faultline::testing
