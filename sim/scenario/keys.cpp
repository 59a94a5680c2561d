#include "faultline/scenario/keys.hpp"

namespace faultline {

namespace {
constexpr Capability C = Capability::core, P = Capability::policies, A = Capability::analysis,
                     D = Capability::data_tier;
}

const std::vector<KeyInfo>& keys_of(Section section) {
  static const std::vector<KeyInfo> top = {
      {"name", "string", "file name", "short id, used in reports", C},
      {"description", "string", "\"\"", "free text: why this scenario exists, what to watch", C},
      {"simulation", "mapping", "required", "duration, seed, warmup, sample_interval", C},
      {"services", "mapping", "required", "services by name", C},
      {"clients", "mapping", "required", "clients by name", C},
      {"retry_policies", "mapping", "none", "named retry policies", C},
      {"faults", "list", "none", "faults injected at given times", C},
      {"caches", "mapping", "none", "caches", D, false},
      {"queues", "mapping", "none", "asynchronous queues", D, false},
      {"variants", "mapping", "none", "variants for faultline compare: NAME: {path: value, ...}", A},
      {"expect", "list", "none", "expectations for --check: {metric, at_least|at_most, after, before}", A},
      {"workshop", "mapping", "none", "workshop cards for faultline live: briefing, cause, hints, participant_controls, debrief", A},
  };
  static const std::vector<KeyInfo> simulation = {
      {"duration", "duration", "required", "simulated time of the run", C},
      {"seed", "integer", "1", "same seed + same file = same output", C},
      {"warmup", "duration", "0s", "excluded from the summary (not from the time series)", C},
      {"sample_interval", "duration", "1s", "time-series resolution", C},
  };
  static const std::vector<KeyInfo> service = {
      {"workers", "integer", "1", "workers per replica (each holds one request for its whole life)", C},
      {"queue", "mapping", "{capacity: unbounded, discipline: fifo}", "the waiting queue of each replica", C},
      {"service_time", "distribution", "required", "own work per request", C},
      {"error_rate", "probability", "0", "probability an attempt fails after its own work", C},
      {"calls", "list", "none", "downstream calls, in order, after own work", C},
      {"replicas", "integer", "1", "identical replicas behind a client-side balancer", P},
      {"balancer", "choice", "round_robin", "round_robin | random | least_outstanding | p2c", P},
      {"side_effect", "boolean", "false", "count executions per operation (duplicates)", P},
      {"idempotency", "mapping", "off", "{keys: true, ttl: 10m}: dedupe attempts of one operation", P},
      {"load_dependent", "mapping", "none", "service time grows with load", D, false},
      {"admission", "mapping", "none", "admission control", D, false},
  };
  static const std::vector<KeyInfo> queue = {
      {"capacity", "integer|unbounded", "unbounded", "waiting places per replica; 0 = no queue", C},
      {"discipline", "choice", "fifo", "fifo | lifo", C},
      {"drop_expired", "boolean", "false", "discard queued work whose deadline has passed", P},
  };
  static const std::vector<KeyInfo> call = {
      {"service", "service name", "required", "the service called", C},
      {"timeout", "duration|none", "none", "per attempt", C},
      {"retry", "policy name|mapping", "no retry", "a named retry policy, or one written inline", C},
      {"circuit_breaker", "mapping", "off", "fail fast while the callee fails", P},
      {"hedge", "mapping", "off", "send an extra attempt if no answer yet", P},
      {"deadline", "duration", "none", "whole-call deadline, propagated downstream", P},
      {"throttle", "mapping", "off", "client-side adaptive throttling", P},
      {"pool", "mapping", "none", "connection pool", D, false},
      {"cache", "cache name", "none", "read through a cache", D, false},
      {"publish", "queue name", "none", "asynchronous publish", D, false},
  };
  static const std::vector<KeyInfo> client = {
      {"target", "service name", "required", "the service the client calls", C},
      {"rate", "rate", "-", "open loop: operations per unit of time", C},
      {"arrival", "choice", "poisson", "poisson | uniform (evenly spaced)", C},
      {"users", "integer", "-", "closed loop: number of users", C},
      {"think_time", "distribution", "constant 0", "closed loop: pause between a user's operations", C},
      {"timeout", "duration|none", "none", "per attempt", C},
      {"retry", "policy name|mapping", "no retry", "a named retry policy, or one written inline", C},
      {"schedule", "list", "none", "load changes: {at, rate|users, ramp}", C},
      {"bursts", "list", "none", "extra operations all at once: {at, count}", C},
      {"circuit_breaker", "mapping", "off", "fail fast while the target fails", P},
      {"hedge", "mapping", "off", "send an extra attempt if no answer yet", P},
      {"deadline", "duration", "none", "whole-operation deadline, propagated downstream", P},
      {"throttle", "mapping", "off", "client-side adaptive throttling", P},
  };
  static const std::vector<KeyInfo> schedule_step = {
      {"at", "duration", "required", "when the change starts", C},
      {"rate", "rate", "-", "new rate (open-loop clients)", C},
      {"users", "integer", "-", "new user count (closed-loop clients)", C},
      {"ramp", "duration", "0s", "make the change linear over this long", C},
  };
  static const std::vector<KeyInfo> burst = {
      {"at", "duration", "required", "when", C},
      {"count", "integer", "required", "operations started at once", C},
  };
  static const std::vector<KeyInfo> retry = {
      {"max_attempts", "integer", "1", "attempts in total, including the first (1..100)", C},
      {"retry_on", "list", "[timeout, error, rejected]", "failure reasons that are retried", C},
      {"backoff", "mapping", "none", "{kind: none|constant|linear|exponential, base, multiplier, max}", C},
      {"jitter", "choice", "none", "none | full | equal | decorrelated", C},
      {"budget", "mapping", "off", "retry budget per caller {ratio, min_per_second, ttl}", P},
      {"throttling", "mapping", "off", "gRPC retry throttling {max_tokens, token_ratio}", P},
      {"preset", "choice", "none", "envoy | grpc | aws-sdk | finagle: documented defaults", P},
  };
  static const std::vector<KeyInfo> backoff = {
      {"kind", "choice", "none", "none | constant | linear | exponential", C},
      {"base", "duration", "required unless none", "the first backoff", C},
      {"multiplier", "number", "2", "exponential growth per retry (1..100)", C},
      {"max", "duration|none", "none", "cap on one backoff", C},
  };
  static const std::vector<KeyInfo> budget = {
      {"ratio", "number", "0.2", "tokens deposited per first attempt (0..10)", P},
      {"min_per_second", "number", "10", "retries always allowed per second", P},
      {"ttl", "duration", "10s", "deposits expire after this long (1s..60s)", P},
  };
  static const std::vector<KeyInfo> throttling = {
      {"max_tokens", "number", "10", "tokens when full", P},
      {"token_ratio", "number", "0.1", "tokens returned per success", P},
  };
  static const std::vector<KeyInfo> breaker = {
      {"failure_rate", "probability", "50%", "failure share that opens the breaker", P},
      {"window", "duration", "10s", "sliding window of outcomes", P},
      {"min_calls", "integer", "20", "outcomes needed in the window before it may open", P},
      {"open_for", "duration", "5s", "time open before half-open", P},
      {"half_open_probes", "integer", "5", "calls let through while half-open", P},
  };
  static const std::vector<KeyInfo> hedge = {
      {"after", "duration", "required", "send an extra attempt if no answer by then", P},
      {"max_extra", "integer", "1", "extra attempts per call (0..3)", P},
  };
  static const std::vector<KeyInfo> throttle = {
      {"kind", "choice", "adaptive", "adaptive (SRE book)", P},
      {"k", "number", "2", "accepts multiplier", P},
      {"window", "duration", "60s", "counting window", P},
  };
  static const std::vector<KeyInfo> idempotency = {
      {"keys", "boolean", "false", "dedupe attempts of one operation", P},
      {"ttl", "duration", "10m", "how long a stored result answers repeats", P},
  };
  static const std::vector<KeyInfo> fault = {
      {"kind", "choice", "required", "latency | errors | outage | capacity | pause | drop_responses | partition | network_delay", C},
      {"target", "service name or \"svc[i]\"", "required", "the service (or one replica)", C},
      {"at", "duration", "0s", "when it starts", C},
      {"duration", "duration|none", "none (to the end)", "how long it lasts", C},
      {"add", "duration", "-", "latency / network_delay: added time", C},
      {"multiply", "number", "-", "latency: work takes this many times longer", C},
      {"probability", "probability", "-", "errors / drop_responses", C},
      {"mode", "choice", "refuse", "outage / partition: refuse (fail fast) | blackhole (no answer)", C},
      {"workers", "integer", "-", "capacity: workers per replica while active", C},
      {"from", "service or client name", "-", "partition / network_delay: the caller", P},
      {"to", "service name", "-", "partition / network_delay: the callee", P},
  };
  static const std::vector<KeyInfo> expectation = {
      {"metric", "metric path", "required", "clients.NAME.goodput_per_s, services.NAME.orphaned, ...", A},
      {"at_least", "number|rate|duration|probability", "-", "the metric must be at least this", A},
      {"at_most", "number|rate|duration|probability", "-", "the metric must be at most this", A},
      {"after", "duration", "-", "window start: the time series' mean from here", A},
      {"before", "duration", "-", "window end", A},
  };
  static const std::vector<KeyInfo> mixture_component = {
      {"weight", "number", "required", "relative weight of this branch", C},
  };
  switch (section) {
    case Section::top: return top;
    case Section::simulation: return simulation;
    case Section::service: return service;
    case Section::queue: return queue;
    case Section::call: return call;
    case Section::client: return client;
    case Section::schedule_step: return schedule_step;
    case Section::burst: return burst;
    case Section::retry: return retry;
    case Section::backoff: return backoff;
    case Section::budget: return budget;
    case Section::throttling: return throttling;
    case Section::breaker: return breaker;
    case Section::hedge: return hedge;
    case Section::throttle: return throttle;
    case Section::idempotency: return idempotency;
    case Section::fault: return fault;
    case Section::mixture_component: return mixture_component;
    case Section::expectation: return expectation;
  }
  return top;
}

std::string_view section_noun(Section s) {
  switch (s) {
    case Section::top: return "the top level";
    case Section::simulation: return "simulation";
    case Section::service: return "a service";
    case Section::queue: return "a queue";
    case Section::call: return "a call";
    case Section::client: return "a client";
    case Section::schedule_step: return "a schedule step";
    case Section::burst: return "a burst";
    case Section::retry: return "a retry policy";
    case Section::backoff: return "a backoff";
    case Section::budget: return "a retry budget";
    case Section::throttling: return "retry throttling";
    case Section::breaker: return "a circuit breaker";
    case Section::hedge: return "a hedge";
    case Section::throttle: return "a throttle";
    case Section::idempotency: return "idempotency";
    case Section::fault: return "a fault";
    case Section::mixture_component: return "a mixture branch";
    case Section::expectation: return "an expectation";
  }
  return "";
}

std::string_view capability_name(Capability c) {
  switch (c) {
    case Capability::core: return "[core]";
    case Capability::policies: return "[policies]";
    case Capability::analysis: return "[analysis]";
    case Capability::data_tier: return "[data-tier]";
  }
  return "";
}

}  // namespace faultline
