// A valid scenario becomes the Spec it says: every key, every default,
// every distribution, named and inline retry policies, policies, overrides.
#include <doctest/doctest.h>

#include <cmath>

#include "faultline/scenario/load.hpp"
#include "faultline/scenario/presets.hpp"

using namespace faultline;

namespace {

const char* const kFull = R"(name: full
description: |
  Every key.
simulation:
  duration: 2m
  seed: 42
  warmup: 10s
  sample_interval: 500ms
services:
  api:
    workers: 32
    queue: {capacity: 100, discipline: lifo, drop_expired: true}
    service_time: {dist: exponential, mean: 5ms}
    error_rate: 1%
    calls:
      - service: ledger
        timeout: 200ms
        retry: standard
        circuit_breaker: {failure_rate: 40%, window: 5s, min_calls: 10, open_for: 2s, half_open_probes: 3}
      - service: ledger
        retry: {max_attempts: 2, backoff: {kind: constant, base: 10ms}}
        deadline: 1s
  ledger:
    replicas: 3
    balancer: p2c
    side_effect: true
    idempotency: {keys: true, ttl: 1m}
    service_time: {dist: lognormal, median: 5ms, p99: 40ms}
clients:
  web:
    target: api
    rate: 800/s
    arrival: uniform
    timeout: 1s
    retry: standard
    hedge: {after: 50ms, max_extra: 2}
    throttle: {kind: adaptive, k: 1.5, window: 30s}
    schedule:
      - {at: 60s, rate: 1200/s}
      - {at: 90s, rate: 800/s, ramp: 10s}
    bursts:
      - {at: 50s, count: 500}
      - {at: 30s, count: 100}
  batch:
    target: ledger
    users: 20
    think_time: {dist: uniform, min: 1s, max: 3s}
    schedule:
      - {at: 30s, users: 40, ramp: 5s}
retry_policies:
  standard:
    max_attempts: 3
    retry_on: [timeout, rejected]
    backoff: {kind: exponential, base: 50ms, multiplier: 3, max: 2s}
    jitter: decorrelated
    budget: {ratio: 0.1, min_per_second: 5}
  from-preset:
    preset: grpc
    max_attempts: 5
faults:
  - {kind: latency, target: ledger, at: 30s, duration: 20s, add: 300ms}
  - {kind: errors, target: ledger, at: 30s, duration: 10s, probability: 0.3}
  - {kind: outage, target: "ledger[1]", at: 40s, duration: 5s, mode: blackhole}
  - {kind: capacity, target: api, at: 40s, workers: 2}
  - {kind: pause, target: api, at: 50s, duration: 2s}
  - {kind: drop_responses, target: ledger, at: 0s, probability: 5%}
  - {kind: partition, from: api, to: ledger, at: 60s, duration: 10s}
  - {kind: network_delay, from: web, to: api, add: 50ms}
)";

}  // namespace

TEST_CASE("a full scenario loads into the Spec it describes") {
  const Spec s = load_spec_from_string(kFull, "full.yaml");
  CHECK(s.name == "full");
  CHECK(s.description == "Every key.\n");
  CHECK(s.simulation.duration == Duration::s(120));
  CHECK(s.simulation.seed == 42);
  CHECK(s.simulation.warmup == Duration::s(10));
  CHECK(s.simulation.sample_interval == Duration::ms(500));
  REQUIRE(s.services.size() == 2);
  const auto& api = s.services[0];
  CHECK(api.name == "api");
  CHECK(api.workers == 32);
  CHECK(api.queue.capacity == 100);
  CHECK(api.queue.discipline == QueueSpec::Discipline::lifo);
  CHECK(api.queue.drop_expired);
  CHECK(api.service_time.kind == DistSpec::Kind::exponential);
  CHECK(api.service_time.mean_ns == 5e6);
  CHECK(api.error_rate == doctest::Approx(0.01));
  REQUIRE(api.calls.size() == 2);
  CHECK(api.calls[0].service == 1);
  CHECK(api.calls[0].timeout == Duration::ms(200));
  CHECK(api.calls[0].policies.breaker.enabled);
  CHECK(api.calls[0].policies.breaker.failure_rate == doctest::Approx(0.4));
  CHECK(api.calls[0].policies.breaker.half_open_probes == 3);
  CHECK(api.calls[1].timeout.is_infinite());
  CHECK(api.calls[1].policies.deadline == Duration::s(1));
  const auto& ledger = s.services[1];
  CHECK(ledger.replicas == 3);
  CHECK(ledger.balancer == ServiceSpec::Balancer::p2c);
  CHECK(ledger.side_effect);
  CHECK(ledger.idempotency.keys);
  CHECK(ledger.idempotency.ttl == Duration::s(60));
  CHECK(ledger.service_time.mu == doctest::Approx(std::log(5e-3)));
  CHECK(ledger.service_time.sigma == doctest::Approx(std::log(8.0) / 2.3263478740408408));
  CHECK(ledger.workers == 1);                                 // default
  CHECK(ledger.queue.capacity == QueueSpec::kUnbounded);      // default

  REQUIRE(s.clients.size() == 2);
  const auto& web = s.clients[0];
  CHECK(web.target == 0);
  CHECK(web.loop == ClientSpec::Loop::open);
  CHECK(web.rate_per_s == 800);
  CHECK(web.arrival == ClientSpec::Arrival::uniform);
  CHECK(web.timeout == Duration::s(1));
  CHECK(web.policies.hedge.enabled);
  CHECK(web.policies.hedge.max_extra == 2);
  CHECK(web.policies.throttle.k == doctest::Approx(1.5));
  REQUIRE(web.schedule.size() == 2);
  CHECK(web.schedule[1].ramp == Duration::s(10));
  REQUIRE(web.bursts.size() == 2);
  CHECK(web.bursts[0].at == Duration::s(30));  // sorted by time
  const auto& batch = s.clients[1];
  CHECK(batch.loop == ClientSpec::Loop::closed);
  CHECK(batch.users == 20);
  CHECK(batch.think_time.kind == DistSpec::Kind::uniform);
  CHECK(batch.schedule[0].users == 40);
  CHECK(batch.timeout.is_infinite());  // default none
  CHECK(batch.retry == -1);            // default: no retry

  // Named policies first, then inline ones, named by their key path.
  REQUIRE(s.retry_policies.size() == 3);
  const auto& standard = s.retry_policies[static_cast<std::size_t>(web.retry)];
  CHECK(standard.name == "standard");
  CHECK(standard.max_attempts == 3);
  CHECK(standard.retry_on == (reason_bit(Reason::timeout) | reason_bit(Reason::rejected)));
  CHECK(standard.backoff == RetrySpec::Backoff::exponential);
  CHECK(standard.multiplier == 3);
  CHECK(standard.max == Duration::s(2));
  CHECK(standard.jitter == RetrySpec::Jitter::decorrelated);
  CHECK(standard.budget.enabled);
  CHECK(standard.budget.ratio == doctest::Approx(0.1));
  const auto& grpc = s.retry_policies[1];
  CHECK(grpc.preset == "grpc");
  CHECK(grpc.max_attempts == 5);  // own key over the preset
  CHECK(grpc.throttling.enabled);
  CHECK(grpc.base == find_retry_preset("grpc")->policy.base);
  const auto& inline_policy = s.retry_policies[static_cast<std::size_t>(api.calls[1].retry)];
  CHECK(inline_policy.name == "services.api.calls[1].retry");
  CHECK(inline_policy.max_attempts == 2);
  CHECK(inline_policy.retry_on == (reason_bit(Reason::timeout) | reason_bit(Reason::error) | reason_bit(Reason::rejected)));

  REQUIRE(s.faults.size() == 8);
  CHECK(s.faults[0].add == Duration::ms(300));
  CHECK(s.faults[1].probability == doctest::Approx(0.3));
  CHECK(s.faults[2].replica == 1);
  CHECK(s.faults[2].mode == FaultSpec::OutageMode::blackhole);
  CHECK(s.faults[3].duration.is_infinite());
  CHECK(s.faults[3].workers == 2);
  CHECK(s.faults[5].probability == doctest::Approx(0.05));
  CHECK(s.faults[6].kind == FaultSpec::Kind::partition);
  CHECK(s.faults[6].mode == FaultSpec::OutageMode::blackhole);  // a partition times out by default
  CHECK(s.faults[7].from_client);
  CHECK(s.faults[7].to == 0);
}

TEST_CASE("every distribution parses into its DistSpec") {
  auto dist = [](const std::string& d) {
    const std::string text = "simulation: {duration: 1s}\nservices:\n  a: {service_time: " + d +
                             "}\nclients:\n  c: {target: a, rate: 1/s}\n";
    return load_spec_from_string(text, "d.yaml").services[0].service_time;
  };
  CHECK(dist("{dist: constant, value: 5ms}").value_ns == 5e6);
  CHECK(dist("{dist: uniform, min: 2ms, max: 6ms}").max_ns == 6e6);
  CHECK(dist("{dist: normal, mean: 10ms, stddev: 2ms}").stddev_ns == 2e6);
  CHECK(dist("{dist: lognormal, mu: -5, sigma: 0.5}").sigma == 0.5);
  const DistSpec p = dist("{dist: pareto, scale: 1ms, shape: 1.5}");
  CHECK(p.scale_ns == 1e6);
  CHECK(p.shape == 1.5);
  const DistSpec m = dist(
      "{dist: mixture, of: [{weight: 3, dist: constant, value: 5ms}, {weight: 1, dist: exponential, mean: 500ms}]}");
  REQUIRE(m.of.size() == 2);
  CHECK(m.of[0].weight == doctest::Approx(0.75));  // normalised
  CHECK(m.of[1].dist.mean_ns == 500e6);
  const DistSpec e = dist("{dist: empirical, points: [[0.5, 4ms], [0.9, 12ms], [1.0, 300ms]]}");
  REQUIRE(e.points.size() == 3);
  CHECK(e.points[1].cdf == doctest::Approx(0.9));
  CHECK(e.points[2].value_ns == 300e6);
}

TEST_CASE("overrides edit the tree before validation") {
  const Spec base = load_spec_from_string(kFull, "full.yaml");
  const Spec s = load_spec_from_string(
      kFull, "full.yaml",
      {Override{"services.ledger.workers", "8"}, Override{"faults[0].add", "1s"}, Override{"faults.1.probability", "50%"},
       Override{"clients.web.retry", "{max_attempts: 4}"}, Override{"services.api.calls[0].circuit_breaker", "none"},
       Override{"simulation.seed", "7"}});
  CHECK(s.services[1].workers == 8);
  CHECK(s.faults[0].add == Duration::s(1));
  CHECK(s.faults[1].probability == doctest::Approx(0.5));
  CHECK(s.retry_policies[static_cast<std::size_t>(s.clients[0].retry)].max_attempts == 4);
  CHECK_FALSE(s.services[0].calls[0].policies.breaker.enabled);
  CHECK(s.simulation.seed == 7);
  CHECK(base.simulation.seed == 42);
  // A key that was not there is added, with its own parents.
  const Spec added = load_spec_from_string(kFull, "full.yaml", {Override{"services.ledger.queue.capacity", "5"}});
  CHECK(added.services[1].queue.capacity == 5);
}

TEST_CASE("the name defaults to the file's stem") {
  const Spec s = load_spec_from_string(
      "simulation: {duration: 1s}\nservices: {a: {service_time: {dist: constant, value: 0s}}}\nclients: {c: {target: a, rate: 0/s}}\n",
      "dir/my-scenario.yaml");
  CHECK(s.name == "my-scenario");
  CHECK(s.services[0].service_time.value_ns == 0);  // zero work is valid
  CHECK(s.clients[0].rate_per_s == 0);              // so is a client that only bursts
}
