// Queues in the running model (queues:, publish, target: queue:NAME): each
// counter on small cases traced by hand, the counters' balance, and a queue
// nobody publishes to leaving the run as it was.
#include <doctest/doctest.h>

#include <string>

#include "faultline/faultline.hpp"
#include "faultline/metrics/registry.hpp"

using namespace faultline;

namespace {

/// One message published at 1 s by client `web` to queue `orders`, consumed by `billing`.
std::string one_message(const std::string& queue, const std::string& billing, const std::string& duration = "20s") {
  return "name: q\nsimulation: {duration: " + duration +
         "}\n"
         "services:\n"
         "  billing: " + billing + "\n"
         "queues:\n"
         "  orders: " + queue + "\n"
         "clients:\n"
         "  web: {target: queue:orders, rate: 0/s, bursts: [{at: 1s, count: 1}]}\n";
}

RunResult run_yaml(const std::string& yaml) { return run(load_spec_from_string(yaml, "q.yaml")); }

const QueueSummary& queue(const RunResult& r) {
  REQUIRE(r.queues.size() == 1);
  return r.queues[0];
}

void check_queue_balance(const QueueSummary& q) {
  CHECK(q.published == q.acknowledged + q.dead_lettered + q.lost + q.depth);
}

}  // namespace

TEST_CASE("queue in the model: a consumer slower than the visibility timeout - redelivered exactly once, charged twice") {
  // Delivery 1 at 1 s takes 3 s; at 3 s (visibility 2 s) the message is visible
  // again and delivery 2 starts on the second consumer; delivery 1 acknowledges
  // at 4 s; delivery 2 succeeds at 6 s: the effect happened twice. Its own
  // deadline (5 s) finds the message gone: no third delivery.
  const RunResult r = run_yaml(one_message(
      "{consumer: {service: billing, concurrency: 2}, visibility_timeout: 2s}",
      "{workers: 2, service_time: {dist: constant, value: 3s}, side_effect: true}"));
  const QueueSummary& q = queue(r);
  CHECK(q.published == 1);
  CHECK(q.deliveries == 2);
  CHECK(q.redeliveries == 1);
  CHECK(q.acknowledged == 1);
  CHECK(q.duplicate_completions == 1);
  CHECK(q.dead_lettered == 0);
  CHECK(q.depth == 0);
  CHECK(q.end_to_end_ms_mean == doctest::Approx(3000));
  CHECK(r.services[0].arrivals == 2);
  CHECK(r.services[0].completed == 2);
  CHECK(r.services[0].duplicates == 1);  // the consumer charged twice
  CHECK(r.clients[0].succeeded == 1);    // the publish itself
  CHECK(r.clients[0].latency.max_ms == 0);
  check_queue_balance(q);
}

TEST_CASE("queue in the model: idempotency keys on the consumer remove the duplicate charge") {
  // Delivery 2 (at 3 s) carries the same operation and call site as delivery 1:
  // the store holds it until delivery 1 answers at 4 s, then answers it from there.
  const RunResult r = run_yaml(one_message(
      "{consumer: {service: billing, concurrency: 2}, visibility_timeout: 2s}",
      "{workers: 2, service_time: {dist: constant, value: 3s}, side_effect: true, idempotency: {keys: true}}"));
  const QueueSummary& q = queue(r);
  CHECK(q.deliveries == 2);
  CHECK(q.redeliveries == 1);
  CHECK(q.acknowledged == 1);
  CHECK(q.end_to_end_ms_mean == doctest::Approx(3000));
  CHECK(r.services[0].duplicates == 0);
  CHECK(r.services[0].deduplicated == 1);
  CHECK(r.services[0].completed == 1);
  check_queue_balance(q);
}

TEST_CASE("queue in the model: a failing consumer - visible again at once, dead-lettered after max_receives") {
  // Each delivery fails after 100 ms of work: deliveries at 1.0, 1.1, 1.2 s; the third failure dead-letters.
  const RunResult r = run_yaml(one_message(
      "{consumer: {service: billing}, max_receives: 3}",
      "{service_time: {dist: constant, value: 100ms}, error_rate: 1}"));
  const QueueSummary& q = queue(r);
  CHECK(q.deliveries == 3);
  CHECK(q.redeliveries == 2);
  CHECK(q.dead_lettered == 1);
  CHECK(q.acknowledged == 0);
  CHECK(q.depth == 0);
  CHECK(r.services[0].errors == 3);
  check_queue_balance(q);
}

TEST_CASE("queue in the model: a consumer that never answers in time is dead-lettered by the visibility timeout") {
  // 5 s of work, visibility 1 s, max_receives 2: deliveries at 1 s and 2 s; at 3 s
  // the second times out and the message is dead-lettered. Both calls still end
  // (at 6 s and 7 s) with success: effects of a message already gone.
  const RunResult r = run_yaml(one_message(
      "{consumer: {service: billing, concurrency: 4}, visibility_timeout: 1s, max_receives: 2}",
      "{workers: 4, service_time: {dist: constant, value: 5s}}"));
  const QueueSummary& q = queue(r);
  CHECK(q.deliveries == 2);
  CHECK(q.dead_lettered == 1);
  CHECK(q.acknowledged == 0);
  CHECK(q.duplicate_completions == 2);
  check_queue_balance(q);
}

TEST_CASE("queue in the model: at_most_once - a failed delivery loses the message; one in progress counts in depth") {
  const RunResult lost = run_yaml(one_message(
      "{consumer: {service: billing}, delivery: at_most_once}",
      "{service_time: {dist: constant, value: 100ms}, error_rate: 1}"));
  CHECK(queue(lost).deliveries == 1);
  CHECK(queue(lost).redeliveries == 0);
  CHECK(queue(lost).lost == 1);
  CHECK(queue(lost).depth == 0);
  check_queue_balance(queue(lost));
  const RunResult running = run_yaml(one_message("{consumer: {service: billing}, delivery: at_most_once}",
                                                 "{service_time: {dist: constant, value: 10s}}", "3s"));
  CHECK(queue(running).depth == 1);  // delivered, not finished: still being consumed
  CHECK(queue(running).oldest_age_ms == 0);  // nothing waits in the queue itself
  check_queue_balance(queue(running));
}

TEST_CASE("queue in the model: capacity and shed_above reject publishes; the publisher sees rejected") {
  // A burst of 5 at 1 s: the consumer takes the first at once (it still counts in
  // depth), the second waits; depth 2 = capacity: the other three are rejected.
  std::string yaml = one_message("{capacity: 2, consumer: {service: billing}}",
                                 "{service_time: {dist: constant, value: 1s}}");
  yaml.replace(yaml.find("count: 1"), 8, "count: 5");
  const RunResult r = run_yaml(yaml);
  CHECK(queue(r).published == 2);
  CHECK(queue(r).rejected == 3);
  CHECK(queue(r).depth_max == 2);
  CHECK(r.clients[0].succeeded == 2);
  CHECK(r.clients[0].failed_rejected == 3);
  CHECK(queue(r).acknowledged == 2);
  CHECK(queue(r).end_to_end_ms_p99 == doctest::Approx(2000).epsilon(0.01));  // the second waited 1 s
  yaml.replace(yaml.find("capacity: 2"), 11, "shed_above: 1");
  const RunResult shed = run_yaml(yaml);
  CHECK(queue(shed).published == 1);
  CHECK(queue(shed).rejected == 4);
}

TEST_CASE("queue in the model: a service publishes in its calls; the operation does not wait for the consumer") {
  const std::string yaml = R"(name: q
simulation: {duration: 30s}
services:
  api:
    service_time: {dist: constant, value: 10ms}
    workers: 4
    calls:
      - publish: orders
  billing: {workers: 1, service_time: {dist: constant, value: 50ms}}
queues:
  orders: {consumer: {service: billing, concurrency: 1}}
clients:
  web: {target: api, rate: 10/s, arrival: uniform}
)";
  const RunResult r = run_yaml(yaml);
  CHECK(r.clients[0].latency.max_ms == doctest::Approx(10));  // own work only
  CHECK(queue(r).published == r.clients[0].operations);
  CHECK(queue(r).end_to_end_ms_mean == doctest::Approx(50));
  CHECK(r.services[1].completed == queue(r).acknowledged);
  REQUIRE(r.edges.size() == 3);
  CHECK(r.edges[0].name == "api->queue:orders");
  CHECK(r.edges[1].name == "web->api");
  CHECK(r.edges[2].name == "queue:orders->billing");
  CHECK(r.edges[2].from == "queues.orders");
  const auto m = registry(r);
  CHECK(m->value("queues.orders", "published") == static_cast<double>(queue(r).published));
  CHECK(m->find("queues.orders.end_to_end_ms.p99") != nullptr);
  CHECK(r.timeseries.find("queues.orders", "depth") != nullptr);
  CHECK(r.timeseries.find("queues.orders", "oldest_age_ms") != nullptr);
}

TEST_CASE("queue in the model: the counters add up under errors, timeouts, an outage and redeliveries") {
  for (const char* delivery : {"at_least_once", "at_most_once"}) {
    CAPTURE(delivery);
    const std::string mode = delivery;
    const std::string yaml = "name: q\nsimulation: {duration: 40s, seed: 5}\n"
                             "services:\n"
                             "  billing: {workers: 3, service_time: {dist: exponential, mean: 150ms}, error_rate: 0.2}\n"
                             "queues:\n"
                             "  orders: {capacity: 300, consumer: {service: billing, concurrency: 3}, delivery: " +
                             mode + (mode == "at_least_once" ? ", visibility_timeout: 300ms, max_receives: 4" : "") +
                             "}\n"
                             "clients:\n"
                             "  web: {target: queue:orders, rate: 25/s}\n"
                             "faults:\n"
                             "  - {kind: outage, target: billing, at: 10s, duration: 5s}\n"
                             "  - {kind: latency, target: billing, at: 20s, duration: 10s, multiply: 4}\n";
    const RunResult r = run_yaml(yaml);
    const QueueSummary& q = queue(r);
    check_queue_balance(q);
    CHECK(r.clients[0].operations == q.published + q.rejected + r.clients[0].in_flight);
    CHECK(r.clients[0].succeeded == q.published);
    CHECK(q.deliveries > q.published / 2);
    if (mode == "at_least_once") {
      CHECK(q.redeliveries > 0);
      CHECK(q.dead_lettered > 0);
      CHECK(q.lost == 0);
    } else {
      CHECK(q.redeliveries == 0);
      CHECK(q.lost > 0);
      CHECK(q.dead_lettered == 0);
    }
  }
}

TEST_CASE("queue in the model: a queue nobody publishes to leaves the engine's run unchanged") {
  const std::string base = R"(name: q
simulation: {duration: 10s}
services:
  api: {workers: 2, service_time: {dist: exponential, mean: 20ms}}
  billing: {service_time: {dist: constant, value: 1ms}}
clients:
  web: {target: api, rate: 50/s}
)";
  const RunResult without = run_yaml(base);
  const RunResult with = run_yaml(base + "queues:\n  orders: {consumer: {service: billing}}\n");
  CHECK(with.engine.fingerprint == without.engine.fingerprint);
  CHECK(with.clients[0].succeeded == without.clients[0].succeeded);
  CHECK(without.queues.empty());
  CHECK(registry(without)->find("queues.orders.depth") == nullptr);
}
