// The field tables: one row per scenario key, in documentation order.
#include <cstdio>

#include "fields.hpp"
#include "faultline/scenario/bounds.hpp"
#include "faultline/scenario/presets.hpp"

namespace faultline {

namespace {
using scenario::kMember;
constexpr Capability C = Capability::core, P = Capability::policies, A = Capability::analysis,
                     D = Capability::data_tier;
using K = Codec;

constexpr std::string_view kThrottleKinds[] = {"adaptive"};
const std::vector<std::string_view>& preset_words() {
  static const std::vector<std::string_view> words = [] {
    std::vector<std::string_view> w;
    for (const auto& p : retry_presets()) w.emplace_back(p.name);
    return w;
  }();
  return words;
}
}  // namespace

const SectionInfo& section_info(Section section) {
  using S = Section;
  static const std::vector<KeyInfo> top = {
      {"name", K::text, "file name", "short id, used in reports", C},
      {"description", K::text, "\"\"", "free text: why this scenario exists, what to watch", C},
      {"simulation", K::section, "required", "duration, seed, warmup, sample_interval", C, true, 0, 0, {}, S::simulation},
      {"services", K::names_of, "required", "services by name", C, true, 0, 0, {}, S::service},
      {"clients", K::names_of, "required", "clients by name", C, true, 0, 0, {}, S::client},
      {"retry_policies", K::names_of, "none", "named retry policies", C, true, 0, 0, {}, S::retry},
      {"faults", K::list_of, "none", "faults injected at given times", C, true, 0, 0, {}, S::fault},
      {"caches", K::names_of, "none", "read-through caches by name (a call reads one with `- cache: NAME`)", D, true, 0, 0,
       {}, S::cache},
      {"cost", K::section, "none", "what the run would cost: {replica_hour, services: {NAME: {replica_hour, per_million_requests}}}",
       D, true, 0, 0, {}, S::cost},
      {"queues", K::names_of, "none", "asynchronous queues by name: publish to them, consumers call a service", D, true, 0,
       0, {}, S::message_queue},
      {"variants", K::raw_map, "none", "variants for faultline compare: NAME: {path: value, ...}", A},
      {"expect", K::list_of, "none", "expectations for --check: {metric, at_least|at_most, after, before}", A, true, 0, 0, {},
       S::expectation},
      {"stress", K::boolean, "false", "true: faultline compare runs the stress battery (as --stress) on this file", A},
      {"workshop", K::raw_map, "none", "settings of the live workshop mode (read by the live server)", A},
  };
  static const std::vector<KeyInfo> simulation = {
      {"duration", K::duration, "required", "simulated time of the run", C, true, 0, 0, {}, S::top,
       &kMember<&SimulationSpec::duration>},
      {"seed", K::integer, "1", "same seed + same file = same output", C, true, 0, 0, {}, S::top,
       &kMember<&SimulationSpec::seed>},
      {"warmup", K::duration, "0s", "excluded from the summary (not from the time series)", C, true, 0, 0, {}, S::top,
       &kMember<&SimulationSpec::warmup>},
      {"sample_interval", K::duration, "1s", "time-series resolution", C, true, 0, 0, {}, S::top,
       &kMember<&SimulationSpec::sample_interval>},
  };
  static const std::vector<KeyInfo> service = {
      {"workers", K::integer, "1", "workers per replica (each holds one request for its whole life)", C, true, 1, 1e6, {},
       S::top, &kMember<&ServiceSpec::workers>},
      {"queue", K::section, "{capacity: unbounded, discipline: fifo}", "the waiting queue of each replica", C, true, 0, 0,
       {}, S::queue},
      {"service_time", K::distribution, "required", "own work per request", C},
      {"error_rate", K::probability, "0", "probability an attempt fails after its own work", C, true, 0, 1, {}, S::top,
       &kMember<&ServiceSpec::error_rate>},
      {"calls", K::list_of, "none", "downstream calls, in order, after own work", C, true, 0, 0, {}, S::call},
      {"replicas", K::integer, "1", "identical replicas behind a client-side balancer", P, true, 1, 1000, {}, S::top,
       &kMember<&ServiceSpec::replicas>},
      {"balancer", K::choice, "round_robin", "round_robin | random | least_outstanding | p2c", P, true, 0, 0,
       words_of<ServiceSpec::Balancer>(), S::top, &kMember<&ServiceSpec::balancer>},
      {"side_effect", K::boolean, "false", "count executions per operation (duplicates)", P, true, 0, 0, {}, S::top,
       &kMember<&ServiceSpec::side_effect>},
      {"idempotency", K::section_or_off, "off", "{keys: true, ttl: 10m}: dedupe attempts of one operation", P, true, 0, 0,
       {}, S::idempotency},
      {"load_dependent", K::section_or_off, "off",
       "{mode, factor, exponent}: service time x scale(u), u = busy workers / workers (GC death spirals)", D, true, 0, 0,
       {}, S::load_dependent},
      {"admission", K::section_or_off, "off",
       "server-side load shedding per replica, one of max_concurrency, token_bucket, codel (rejected: `shed`)", D, true, 0,
       0, {}, S::admission},
      {"keys", K::section, "none", "{count, zipf}: the key each operation touches here (uniform without zipf)", D, true, 0,
       0, {}, S::service_keys},
      {"locks", K::section_or_off, "off", "{share, timeout}: that share of requests lock their key during own work (needs keys)",
       D, true, 0, 0, {}, S::locks},
      {"replication", K::section_or_off, "off",
       "{read_replicas, lag}: `op: read` calls go to read replicas that see writes after a lag (needs keys)", D, true, 0, 0,
       {}, S::replication},
      {"autoscale", K::section_or_off, "off",
       "{metric, target, min, max, evaluate_every, window, tolerance, provision_delay, scale_in_cooldown}: an HPA", D,
       true, 0, 0, {}, S::autoscale},
  };
  static const std::vector<KeyInfo> queue = {
      {"capacity", K::integer_or_unbounded, "unbounded", "waiting places per replica; 0 = no queue", C, true, 0, 1e9, {},
       S::top, &kMember<&QueueSpec::capacity>},
      {"discipline", K::choice, "fifo", "fifo | lifo", C, true, 0, 0,
       words_of<QueueSpec::Discipline>(), S::top, &kMember<&QueueSpec::discipline>},
      {"drop_expired", K::boolean, "false", "discard queued work whose deadline has passed", P, true, 0, 0, {}, S::top,
       &kMember<&QueueSpec::drop_expired>},
  };
  static const std::vector<KeyInfo> call = {
      {"service", K::service_name, "required", "the service called", C},
      {"timeout", K::duration_or_none, "none", "per attempt", C, true, 0, 0, {}, S::top, &kMember<&CallSpec::timeout>},
      {"retry", K::retry_ref, "no retry", "a named retry policy, or one written inline", C},
      {"circuit_breaker", K::section_or_off, "off", "fail fast while the callee fails", P, true, 0, 0, {}, S::breaker},
      {"hedge", K::section_or_off, "off", "send an extra attempt if no answer yet", P, true, 0, 0, {}, S::hedge},
      {"deadline", K::duration_or_none, "none", "whole-call deadline, propagated downstream", P},
      {"throttle", K::section_or_off, "off", "client-side adaptive throttling", P, true, 0, 0, {}, S::throttle},
      {"pool", K::section_or_off, "off", "{size, wait_timeout}: connection pool per caller replica", D, true, 0, 0, {},
       S::pool},
      {"cache", K::text, "none", "instead of `service`: read through this cache; a miss calls its backend with this call's timeout, retry and policies", D},
      {"publish", K::text, "none",
       "instead of `service`: publish to the queue of that name (succeeds when the queue takes the message, else `rejected`)",
       D},
      {"op", K::choice, "none", "read | write: with replication on the target, reads go to its read replicas", D, true, 0,
       0, words_of<CallOp>(), S::top, &kMember<&CallSpec::op>},
  };
  static const std::vector<KeyInfo> client = {
      {"target", K::service_name, "required", "the service the client calls ([data-tier] or `queue:NAME`: publishes to it)", C},
      {"rate", K::rate, "-", "open loop: operations per unit of time", C, true, 0, 0, {}, S::top,
       &kMember<&ClientSpec::rate_per_s>},
      {"arrival", K::choice, "poisson", "poisson | uniform (evenly spaced)", C, true, 0, 0, words_of<ClientSpec::Arrival>(),
       S::top, &kMember<&ClientSpec::arrival>},
      {"users", K::integer, "-", "closed loop: number of users", C, true, 0, 1e7, {}, S::top, &kMember<&ClientSpec::users>},
      {"think_time", K::distribution, "constant 0", "closed loop: pause between a user's operations", C},
      {"timeout", K::duration_or_none, "none", "per attempt", C, true, 0, 0, {}, S::top, &kMember<&ClientSpec::timeout>},
      {"retry", K::retry_ref, "no retry", "a named retry policy, or one written inline", C},
      {"schedule", K::list_of, "none", "load changes: {at, rate|users, ramp}", C, true, 0, 0, {}, S::schedule_step},
      {"bursts", K::list_of, "none", "extra operations all at once: {at, count}", C, true, 0, 0, {}, S::burst},
      {"circuit_breaker", K::section_or_off, "off", "fail fast while the target fails", P, true, 0, 0, {}, S::breaker},
      {"hedge", K::section_or_off, "off", "send an extra attempt if no answer yet", P, true, 0, 0, {}, S::hedge},
      {"deadline", K::duration_or_none, "none", "whole-operation deadline, propagated downstream", P},
      {"throttle", K::section_or_off, "off", "client-side adaptive throttling", P, true, 0, 0, {}, S::throttle},
  };
  static const std::vector<KeyInfo> schedule_step = {
      {"at", K::duration, "required", "when the change starts", C, true, 0, 0, {}, S::top, &kMember<&ScheduleStep::at>},
      {"rate", K::rate, "-", "new rate (open-loop clients)", C},
      {"users", K::integer, "-", "new user count (closed-loop clients)", C, true, 0, 1e7},
      {"ramp", K::duration, "0s", "make the change linear over this long", C, true, 0, 0, {}, S::top,
       &kMember<&ScheduleStep::ramp>},
  };
  static const std::vector<KeyInfo> burst = {
      {"at", K::duration, "required", "when", C, true, 0, 0, {}, S::top, &kMember<&BurstSpec::at>},
      {"count", K::integer, "required", "operations started at once", C, true, 1, bounds::kMaxBurstCount, {}, S::top,
       &kMember<&BurstSpec::count>},
  };
  static const std::vector<KeyInfo> retry = {
      {"max_attempts", K::integer, "1", "attempts in total, including the first (1..100)", C, true, 1, 100, {}, S::top,
       &kMember<&RetrySpec::max_attempts>},
      {"retry_on", K::choice_list, "[timeout, error, rejected]", "failure reasons that are retried", C, true, 0, 0,
       words_of<Reason>().first(kRetryableReasons)},
      {"backoff", K::section_or_off, "none", "{kind: none|constant|linear|exponential, base, multiplier, max}", C, true, 0,
       0, {}, S::backoff},
      {"jitter", K::choice, "none", "none | full | equal | decorrelated", C, true, 0, 0, words_of<RetrySpec::Jitter>(), S::top,
       &kMember<&RetrySpec::jitter>},
      {"budget", K::section_or_off, "off", "retry budget per caller {ratio, min_per_second, ttl}", P, true, 0, 0, {},
       S::budget},
      {"throttling", K::section_or_off, "off", "gRPC retry throttling {max_tokens, token_ratio}", P, true, 0, 0, {},
       S::throttling},
      {"preset", K::choice, "none", "envoy | grpc | aws-sdk | finagle: documented defaults", P, true, 0, 0, preset_words()},
  };
  static const std::vector<KeyInfo> backoff = {
      {"kind", K::choice, "none", "none | constant | linear | exponential", C, true, 0, 0, words_of<RetrySpec::Backoff>(), S::top,
       &kMember<&RetrySpec::backoff>},
      {"base", K::duration, "required unless none", "the first backoff", C, true, 0, 0, {}, S::top,
       &kMember<&RetrySpec::base>},
      {"multiplier", K::number, "2", "exponential growth per retry (1..100)", C, true, 1, 100, {}, S::top,
       &kMember<&RetrySpec::multiplier>},
      {"max", K::duration_or_none, "none", "cap on one backoff", C, true, 0, 0, {}, S::top, &kMember<&RetrySpec::max>},
  };
  static const std::vector<KeyInfo> budget = {
      {"ratio", K::number, "0.2", "tokens deposited per first attempt (0..10)", P, true, 0, 10, {}, S::top,
       &kMember<&BudgetSpec::ratio>},
      {"min_per_second", K::number, "10", "retries always allowed per second", P, true, 0, 1e6, {}, S::top,
       &kMember<&BudgetSpec::min_per_second>},
      {"ttl", K::duration, "10s", "deposits expire after this long (1s..60s)", P, true, 0, 0, {}, S::top,
       &kMember<&BudgetSpec::ttl>},
  };
  static const std::vector<KeyInfo> throttling = {
      {"max_tokens", K::number, "10", "tokens when full", P, true, 1, 1e6, {}, S::top,
       &kMember<&ThrottlingSpec::max_tokens>},
      {"token_ratio", K::number, "0.1", "tokens returned per success", P, true, 0, 1e6, {}, S::top,
       &kMember<&ThrottlingSpec::token_ratio>},
  };
  static const std::vector<KeyInfo> breaker = {
      {"failure_rate", K::probability, "50%", "failure share that opens the breaker", P, true, 0, 1, {}, S::top,
       &kMember<&BreakerSpec::failure_rate>},
      {"window", K::duration, "10s", "sliding window of outcomes", P, true, 0, 0, {}, S::top,
       &kMember<&BreakerSpec::window>},
      {"min_calls", K::integer, "20", "outcomes needed in the window before it may open", P, true, 1, 1e6, {}, S::top,
       &kMember<&BreakerSpec::min_calls>},
      {"open_for", K::duration, "5s", "time open before half-open", P, true, 0, 0, {}, S::top,
       &kMember<&BreakerSpec::open_for>},
      {"half_open_probes", K::integer, "5", "calls let through while half-open", P, true, 1, 1e4, {}, S::top,
       &kMember<&BreakerSpec::half_open_probes>},
  };
  static const std::vector<KeyInfo> hedge = {
      {"after", K::duration, "required", "send an extra attempt if no answer by then", P, true, 0, 0, {}, S::top,
       &kMember<&HedgeSpec::after>},
      {"max_extra", K::integer, "1", "extra attempts per call (0..3)", P, true, 0, 3, {}, S::top,
       &kMember<&HedgeSpec::max_extra>},
  };
  static const std::vector<KeyInfo> throttle = {
      {"kind", K::choice, "adaptive", "adaptive (SRE book)", P, true, 0, 0, kThrottleKinds},
      {"k", K::number, "2", "accepts multiplier", P, true, 1, 100, {}, S::top, &kMember<&AdaptiveThrottleSpec::k>},
      {"window", K::duration, "60s", "counting window", P, true, 0, 0, {}, S::top,
       &kMember<&AdaptiveThrottleSpec::window>},
  };
  static const std::vector<KeyInfo> idempotency = {
      {"keys", K::boolean, "false", "dedupe attempts of one operation", P, true, 0, 0, {}, S::top,
       &kMember<&IdempotencySpec::keys>},
      {"ttl", K::duration, "10m", "how long a stored result answers repeats", P, true, 0, 0, {}, S::top,
       &kMember<&IdempotencySpec::ttl>},
  };
  static const std::vector<KeyInfo> load_dependent = {
      {"mode", K::choice, "required", "linear: 1 + f*u | polynomial: 1 + f*u^exponent | exponential: e^(f*u)", D, true, 0,
       0, words_of<LoadDependentSpec::Mode>(), S::top, &kMember<&LoadDependentSpec::mode>},
      {"factor", K::number, "0", "f", D, true, 0, 100, {}, S::top, &kMember<&LoadDependentSpec::factor>},
      {"exponent", K::number, "2", "polynomial: the power of u", D, true, 0.1, 100, {}, S::top,
       &kMember<&LoadDependentSpec::exponent>},
  };
  static const std::vector<KeyInfo> admission = {
      {"max_concurrency", K::integer, "-", "an arrival finding this many in service + queued is rejected", D, true, 1,
       1e9, {}, S::top, &kMember<&AdmissionSpec::max_concurrency>},
      {"token_bucket", K::section, "-", "{rate, burst}: one token per arrival, refilled at rate up to burst", D, true, 0,
       0, {}, S::token_bucket},
      {"codel", K::section, "-", "{target, interval}: CoDel drops from the queue's head", D, true, 0, 0, {}, S::codel},
  };
  static const std::vector<KeyInfo> token_bucket = {
      {"rate", K::rate, "required", "tokens per unit of time", D, true, 0, 0, {}, S::top,
       &kMember<&AdmissionSpec::rate_per_s>},
      {"burst", K::integer, "1", "bucket size; it starts full", D, true, 1, 1e9, {}, S::top,
       &kMember<&AdmissionSpec::burst>},
  };
  static const std::vector<KeyInfo> codel = {
      {"target", K::duration, "5ms", "acceptable standing queue wait", D, true, 0, 0, {}, S::top,
       &kMember<&AdmissionSpec::target>},
      {"interval", K::duration, "100ms", "how long waits must stay above target before dropping", D, true, 0, 0, {},
       S::top, &kMember<&AdmissionSpec::interval>},
  };
  static const std::vector<KeyInfo> autoscale = {
      {"metric", K::choice, "cpu_utilization", "cpu_utilization | utilization | queue_length | arrivals_per_s", D, true,
       0, 0, words_of<AutoscaleSpec::Metric>(), S::top, &kMember<&AutoscaleSpec::metric>},
      {"target", K::bound, "required",
       "per replica: a share (60%) for the utilizations, a length (5) or a rate (50/s); > 0", D},
      {"min", K::integer, "1", "fewest replicas", D, true, 1, 1000, {}, S::top, &kMember<&AutoscaleSpec::min>},
      {"max", K::integer, "required", "most replicas (>= min)", D, true, 1, 1000, {}, S::top,
       &kMember<&AutoscaleSpec::max>},
      {"evaluate_every", K::duration, "15s", "evaluations at k x this", D, true, 0, 0, {}, S::top,
       &kMember<&AutoscaleSpec::evaluate_every>},
      {"window", K::duration, "60s", "the metric is averaged over this", D, true, 0, 0, {}, S::top,
       &kMember<&AutoscaleSpec::window>},
      {"tolerance", K::probability, "10%", "no change while metric / target is within this of 1", D, true, 0, 1, {},
       S::top, &kMember<&AutoscaleSpec::tolerance>},
      {"provision_delay", K::duration, "0s", "a new replica takes work only after this", D, true, 0, 0, {}, S::top,
       &kMember<&AutoscaleSpec::provision_delay>},
      {"scale_in_cooldown", K::duration, "300s", "scale in only when no change was made for this long", D, true, 0, 0,
       {}, S::top, &kMember<&AutoscaleSpec::scale_in_cooldown>},
  };
  static const std::vector<KeyInfo> cost = {
      {"replica_hour", K::number, "0", "default price of one replica for an hour", D, true, 0, 1e9},
      {"services", K::raw_map, "none", "per service: {replica_hour, per_million_requests}", D, true, 0, 0, {},
       S::cost_service},
  };
  static const std::vector<KeyInfo> cost_service = {
      {"replica_hour", K::number, "cost.replica_hour", "this service's price of one replica for an hour", D, true, 0,
       1e9},
      {"per_million_requests", K::number, "0", "price of a million requests (arrivals) to this service", D, true, 0,
       1e9},
  };
  // [data-tier] queues.NAME
  static const std::vector<KeyInfo> message_queue = {
      {"capacity", K::integer_or_unbounded, "unbounded", "messages held (visible + being consumed); a publish beyond is rejected",
       D, true, 0, 1e9, {}, S::top, &kMember<&AsyncQueueSpec::capacity>},
      {"consumer", K::section, "required", "{service, concurrency}: who takes the messages", D, true, 0, 0, {},
       S::consumer},
      {"delivery", K::choice, "at_least_once",
       "at_least_once (redelivered until acknowledged) | at_most_once (a failure loses it)", D, true, 0, 0,
       words_of<AsyncQueueSpec::Delivery>(), S::top, &kMember<&AsyncQueueSpec::delivery>},
      {"visibility_timeout", K::duration, "30s", "at_least_once: not acknowledged this long after delivery -> delivered again",
       D, true, 0, 0, {}, S::top, &kMember<&AsyncQueueSpec::visibility_timeout>},
      {"max_receives", K::integer_or_unbounded, "unbounded", "at_least_once: deliveries before the message is dead-lettered",
       D, true, 1, 1e6, {}, S::top, &kMember<&AsyncQueueSpec::max_receives>},
      {"shed_above", K::integer_or_unbounded, "unbounded", "reject new messages while the depth is at least this", D, true,
       0, 1e9, {}, S::top, &kMember<&AsyncQueueSpec::shed_above>},
  };
  static const std::vector<KeyInfo> consumer = {
      {"service", K::service_name, "required", "each delivery is a call to this service; success acknowledges", D},
      {"concurrency", K::integer, "1", "consumer calls at once", D, true, 1, 1e6, {}, S::top,
       &kMember<&AsyncQueueSpec::concurrency>},
  };
  static const std::vector<KeyInfo> service_keys = {
      {"count", K::integer, "required", "how many keys (rows)", D, true, 1, 1e12, {}, S::top, &kMember<&KeysSpec::count>},
      {"zipf", K::number, "uniform", "skew s: key i drawn with probability proportional to i^-s", D, true, 0, 10, {}, S::top,
       &kMember<&KeysSpec::zipf>},
  };
  static const std::vector<KeyInfo> locks = {
      {"share", K::probability, "100%", "share of requests that lock their key (drawn per request)", D, true, 0, 1, {},
       S::top, &kMember<&LocksSpec::share>},
      {"timeout", K::duration_or_none, "50s", "a longer wait for the lock fails the request as `error`", D, true, 0, 0, {},
       S::top, &kMember<&LocksSpec::timeout>},
  };
  static const std::vector<KeyInfo> replication = {
      {"read_replicas", K::integer, "required", "replicas serving `op: read` calls, after the primaries", D, true, 1, 1000,
       {}, S::top, &kMember<&ReplicationSpec::read_replicas>},
      {"lag", K::distribution, "required", "time for a write to reach each read replica (drawn per write and replica)", D},
  };
  static const std::vector<KeyInfo> pool = {
      {"size", K::integer, "required", "connections per caller replica", D, true, 1, 1e6, {}, S::top,
       &kMember<&PoolSpec::size>},
      {"wait_timeout", K::duration_or_none, "30s", "a longer wait for a connection fails the call as `error`", D, true, 0,
       0, {}, S::top, &kMember<&PoolSpec::wait_timeout>},
  };
  static const std::vector<KeyInfo> fault = {
      {"kind", K::choice, "required", "latency | errors | outage | capacity | pause | drop_responses | partition | network_delay | cache_flush", C, true, 0, 0, words_of<FaultSpec::Kind>()},
      {"target", K::fault_target, "required", "the service (or one replica); cache_flush: the cache", C},
      {"at", K::duration, "0s", "when it starts", C, true, 0, 0, {}, S::top,
       &kMember<&FaultSpec::at>},
      {"duration", K::duration_or_none, "none (to the end)", "how long it lasts", C, true, 0, 0, {}, S::top,
       &kMember<&FaultSpec::duration>},
      {"add", K::duration, "-", "latency / network_delay: added time", C, true, 0, 0, {}, S::top,
       &kMember<&FaultSpec::add>},
      {"multiply", K::number, "-", "latency: work takes this many times longer", C, true, 0.001, 1e6, {}, S::top,
       &kMember<&FaultSpec::multiply>},
      {"probability", K::probability, "-", "errors / drop_responses", C, true, 0, 1, {}, S::top,
       &kMember<&FaultSpec::probability>},
      {"mode", K::choice, "refuse", "outage / partition: refuse (fail fast) | blackhole (no answer)", C, true, 0, 0,
       words_of<FaultSpec::OutageMode>(), S::top, &kMember<&FaultSpec::mode>},
      {"workers", K::integer, "-", "capacity: workers per replica while active", C, true, 0, 1e6, {}, S::top,
       &kMember<&FaultSpec::workers>},
      {"from", K::caller_name, "-", "partition / network_delay: the caller", P},
      {"to", K::service_name, "-", "partition / network_delay: the callee", P},
  };
  static const std::vector<KeyInfo> expectation = {
      {"metric", K::metric, "required", "clients.NAME.goodput_per_s, services.NAME.orphaned, ...", A},
      {"at_least", K::bound, "-", "the metric must be at least this", A},
      {"at_most", K::bound, "-", "the metric must be at most this", A},
      {"after", K::duration, "-", "window start: the time series' mean from here", A, true, 0, 0, {}, S::top,
       &kMember<&ExpectSpec::after>},
      {"before", K::duration, "-", "window end", A, true, 0, 0, {}, S::top, &kMember<&ExpectSpec::before>},
  };
  // [data-tier] caches
  static const std::vector<KeyInfo> cache = {
      {"backend", K::service_name, "required", "the service a miss calls", D},
      {"keys", K::section, "{count: 1}", "{count, zipf}: the key each operation reads", D, true, 0, 0, {}, S::cache_keys},
      {"ttl", K::duration_or_none, "none", "an entry serves reads younger than this", D, true, 0, 0, {}, S::top,
       &kMember<&CacheSpec::ttl>},
      {"capacity", K::integer, "required", "entries held; a fill of a new key when full evicts one", D, true, 1, 1e8, {},
       S::top, &kMember<&CacheSpec::capacity>},
      {"eviction", K::choice, "lru", "lru | fifo", D, true, 0, 0, words_of<CacheSpec::Eviction>(), S::top,
       &kMember<&CacheSpec::eviction>},
      {"hit_time", K::distribution, "constant 1ms", "how long a hit takes to answer", D},
      {"coalesce", K::boolean, "false", "true: one fill per key in flight, other misses of that key wait for it", D, true,
       0, 0, {}, S::top, &kMember<&CacheSpec::coalesce>},
  };
  static const std::vector<KeyInfo> cache_keys = {
      {"count", K::integer, "1", "keys 1..count", D, true, 1, 1e12, {}, S::top, &kMember<&CacheSpec::key_count>},
      {"zipf", K::number, "none (uniform)", "key i has probability proportional to i^-zipf", D, true, 0, 10, {}, S::top,
       &kMember<&CacheSpec::zipf>},
  };
  static const SectionInfo top_info{"the top level", "top", "the top level", &top},
      simulation_info{"simulation", "simulation", "`simulation`", &simulation},
      service_info{"a service", "service", "`services.NAME`", &service},
      queue_info{"a queue", "queue", "`services.NAME.queue`", &queue},
      call_info{"a call", "call", "`services.NAME.calls[i]`", &call},
      client_info{"a client", "client", "`clients.NAME`", &client},
      schedule_step_info{"a schedule step", "schedule_step", "`clients.NAME.schedule[i]`", &schedule_step},
      burst_info{"a burst", "burst", "`clients.NAME.bursts[i]`", &burst},
      retry_info{"a retry policy", "retry", "`retry_policies.NAME`, or a `retry` written inline", &retry},
      backoff_info{"a backoff", "backoff", "a retry policy's `backoff`", &backoff},
      budget_info{"a retry budget", "budget", "a retry policy's `budget`", &budget},
      throttling_info{"retry throttling", "throttling", "a retry policy's `throttling`", &throttling},
      breaker_info{"a circuit breaker", "breaker", "a call's or client's `circuit_breaker`", &breaker},
      hedge_info{"a hedge", "hedge", "a call's or client's `hedge`", &hedge},
      throttle_info{"a throttle", "throttle", "a call's or client's `throttle`", &throttle},
      idempotency_info{"idempotency", "idempotency", "`services.NAME.idempotency`", &idempotency},
      load_dependent_info{"load-dependent latency", "load_dependent", "`services.NAME.load_dependent`", &load_dependent},
      admission_info{"admission", "admission", "`services.NAME.admission`", &admission},
      token_bucket_info{"a token bucket", "token_bucket", "`services.NAME.admission.token_bucket`", &token_bucket},
      codel_info{"CoDel", "codel", "`services.NAME.admission.codel`", &codel},
      autoscale_info{"autoscaling", "autoscale", "`services.NAME.autoscale`", &autoscale},
      cost_info{"cost", "cost", "`cost`", &cost},
      cost_service_info{"a service's prices", "cost_service", "`cost.services.NAME`", &cost_service},
      message_queue_info{"a message queue", "message_queue", "`queues.NAME`", &message_queue},
      consumer_info{"a consumer", "consumer", "`queues.NAME.consumer`", &consumer},
      service_keys_info{"keys", "service_keys", "`services.NAME.keys`", &service_keys},
      locks_info{"row locks", "locks", "`services.NAME.locks`", &locks},
      replication_info{"replication", "replication", "`services.NAME.replication`", &replication},
      pool_info{"a connection pool", "pool", "`services.NAME.calls[i].pool`", &pool},
      fault_info{"a fault", "fault", "`faults[i]`", &fault},
      expectation_info{"an expectation", "expectation", "`expect[i]`", &expectation},
      cache_info{"a cache", "cache", "`caches.NAME`", &cache},
      cache_keys_info{"a cache's keys", "cache_keys", "`caches.NAME.keys`", &cache_keys};
  switch (section) {
    case S::top: return top_info;
    case S::simulation: return simulation_info;
    case S::service: return service_info;
    case S::queue: return queue_info;
    case S::call: return call_info;
    case S::client: return client_info;
    case S::schedule_step: return schedule_step_info;
    case S::burst: return burst_info;
    case S::retry: return retry_info;
    case S::backoff: return backoff_info;
    case S::budget: return budget_info;
    case S::throttling: return throttling_info;
    case S::breaker: return breaker_info;
    case S::hedge: return hedge_info;
    case S::throttle: return throttle_info;
    case S::idempotency: return idempotency_info;
    case S::load_dependent: return load_dependent_info;
    case S::admission: return admission_info;
    case S::token_bucket: return token_bucket_info;
    case S::codel: return codel_info;
    case S::autoscale: return autoscale_info;
    case S::cost: return cost_info;
    case S::cost_service: return cost_service_info;
    case S::message_queue: return message_queue_info;
    case S::consumer: return consumer_info;
    case S::service_keys: return service_keys_info;
    case S::locks: return locks_info;
    case S::replication: return replication_info;
    case S::pool: return pool_info;
    case S::fault: return fault_info;
    case S::expectation: return expectation_info;
    case S::cache: return cache_info;
    case S::cache_keys: return cache_keys_info;
  }
  return top_info;
}

const std::vector<KeyInfo>& keys_of(Section section) { return *section_info(section).keys; }

std::string_view capability_name(Capability c) {
  switch (c) {
    case Capability::core: return "[core]";
    case Capability::policies: return "[policies]";
    case Capability::analysis: return "[analysis]";
    case Capability::data_tier: return "[data-tier]";
  }
  return "";
}

namespace scenario {

std::string value_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string range_words(const KeyInfo& key) {
  switch (key.codec) {
    case Codec::integer:
    case Codec::integer_or_unbounded:
      return integer_range(static_cast<std::int64_t>(key.lo), static_cast<std::int64_t>(key.hi));
    case Codec::number: return number_range(key.lo, key.hi);
    case Codec::probability: return "a probability from 0 to 1";
    case Codec::rate: return "a rate from 0/s to 1000000000/s";
    case Codec::duration:
    case Codec::duration_or_none: return "a duration >= 0";
    case Codec::choice: {
      std::string list;
      for (const auto w : key.words) list += (list.empty() ? "" : " | ") + std::string(w);
      return "one of " + list;
    }
    default: return "a valid value";
  }
}

std::string out_of_range(const KeyInfo& key, const std::string& value) { return "expected " + range_words(key) + ", got " + value; }

}  // namespace scenario

std::string type_text(const KeyInfo& key) {
  auto words = [&](const char* sep) {
    std::string out;
    for (const auto w : key.words) out += (out.empty() ? "" : sep) + ("`" + std::string(w) + "`");
    return out;
  };
  auto num = [](double v) {
    if (v >= 1e4 && v == static_cast<double>(static_cast<std::int64_t>(v))) {
      int e = 0;
      double m = v;
      while (m >= 10 && static_cast<std::int64_t>(m) % 10 == 0) m /= 10, ++e;
      if (m == 1) return "10^" + std::to_string(e);
    }
    return scenario::value_text(v);
  };
  switch (key.codec) {
    case Codec::text: return "text";
    case Codec::duration: return "duration";
    case Codec::duration_or_none: return "duration or `none`";
    case Codec::rate: return "rate";
    case Codec::probability: return "probability";
    case Codec::integer: return key.lo < key.hi ? "integer " + num(key.lo) + ".." + num(key.hi) : "integer";
    case Codec::integer_or_unbounded: return "integer " + num(key.lo) + ".." + num(key.hi) + " or `unbounded`";
    case Codec::number: return "number " + num(key.lo) + ".." + num(key.hi);
    case Codec::boolean: return "boolean";
    case Codec::choice: return words(" \\| ");
    case Codec::choice_list: return "list of " + words(", ");
    case Codec::distribution: return "distribution";
    case Codec::section: return "mapping";
    case Codec::section_or_off: return "mapping or `none`";
    case Codec::list_of: return "list";
    case Codec::names_of: return "mapping of name -> " + std::string(section_noun(key.nested)).substr(2);
    case Codec::service_name: return "service name";
    case Codec::retry_ref: return "policy name or mapping";
    case Codec::fault_target: return "service name or \"svc[i]\"";
    case Codec::caller_name: return "service or client name";
    case Codec::metric: return "metric path";
    case Codec::bound: return "number, rate, duration or probability";
    case Codec::raw_map: return "mapping";
    case Codec::raw_list: return "list";
  }
  return "";
}

}  // namespace faultline

namespace faultline::scenario {
const KeyInfo& key_of(Section section, std::string_view name) {
  for (const auto& k : keys_of(section)) {
    if (k.name == name) return k;
  }
  throw std::logic_error("field table: no key " + std::string(name));
}
}  // namespace faultline::scenario
