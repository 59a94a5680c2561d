// queues:, `publish:` and `target: queue:NAME` from YAML: what they read into,
// and a located error with a suggestion for each kind of mistake.
#include <doctest/doctest.h>

#include <string>

#include "faultline/faultline.hpp"

using namespace faultline;

namespace {

const std::string kHead = R"(name: q
simulation: {duration: 10s}
services:
  api:
    service_time: {dist: constant, value: 1ms}
    calls:
      - publish: orders
  billing: {service_time: {dist: constant, value: 1ms}}
)";

std::string first_queue_error(const std::string& text) {
  try {
    load_spec_from_string(text, "q.yaml");
  } catch (const LoadFailure& f) {
    return f.errors().front().format();
  }
  return "(loaded)";
}

}  // namespace

TEST_CASE("queues load: every key into the spec, publish and queue targets as indices") {
  const Spec s = load_spec_from_string(kHead + R"(queues:
  audit: {consumer: {service: api}, delivery: at_most_once}
  orders:
    capacity: 1000
    consumer: {service: billing, concurrency: 8}
    delivery: at_least_once
    visibility_timeout: 30s
    max_receives: 5
    shed_above: 500
clients:
  web: {target: queue:audit, rate: 10/s}
)",
                                       "q.yaml");
  REQUIRE(s.queues.size() == 2);
  const AsyncQueueSpec& q = s.queues[1];
  CHECK(q.name == "orders");
  CHECK(q.capacity == 1000);
  CHECK(q.consumer == 1);
  CHECK(q.concurrency == 8);
  CHECK(q.delivery == AsyncQueueSpec::Delivery::at_least_once);
  CHECK(q.visibility_timeout == Duration::s(30));
  CHECK(q.max_receives == 5);
  CHECK(q.shed_above == 500);
  CHECK(s.queues[0].delivery == AsyncQueueSpec::Delivery::at_most_once);
  CHECK(s.queues[0].capacity == AsyncQueueSpec::kUnbounded);
  CHECK(s.queues[0].max_receives == AsyncQueueSpec::kUnbounded);
  CHECK(s.services[0].calls[0].queue == 1);
  CHECK(s.services[0].calls[0].service == -1);
  CHECK(s.clients[0].target_queue == 0);
  CHECK(s.clients[0].target == -1);
}

TEST_CASE("queues load: located errors with suggestions") {
  const std::string clients = "clients:\n  web: {target: api, rate: 10/s}\n";
  // A publish to a queue that does not exist: the nearest name.
  CHECK(first_queue_error(kHead + "queues:\n  order: {consumer: {service: billing}}\n" + clients) ==
        "q.yaml:7:18: services.api.calls[0].publish: no queue named `orders` (did you mean `order`?)");
  // No queues at all.
  CHECK(first_queue_error(kHead + clients) ==
        "q.yaml:7:18: services.api.calls[0].publish: no queue named `orders` (define it under queues:)");
  // The consumer names an unknown service.
  CHECK(first_queue_error(kHead + "queues:\n  orders: {consumer: {service: biling}}\n" + clients) ==
        "q.yaml:10:32: queues.orders.consumer.service: no service named `biling` (did you mean `billing`?)");
  // No consumer.
  CHECK(first_queue_error(kHead + "queues:\n  orders: {capacity: 10}\n" + clients).find(
            "queues.orders.consumer: missing: who takes the messages") != std::string::npos);
  // A bad delivery word and a bad range.
  CHECK(first_queue_error(kHead + "queues:\n  orders: {consumer: {service: billing}, delivery: exactly_once}\n" + clients)
            .find("queues.orders.delivery: expected one of at_least_once | at_most_once, got \"exactly_once\"") != std::string::npos);
  CHECK(first_queue_error(kHead + "queues:\n  orders: {consumer: {service: billing, concurrency: 0}}\n" + clients)
            .find("queues.orders.consumer.concurrency") != std::string::npos);
  // An unknown key in a queue.
  CHECK(first_queue_error(kHead + "queues:\n  orders: {consumer: {service: billing}, visibility: 1s}\n" + clients)
            .find("queues.orders.visibility: unknown key `visibility` in a message queue (valid keys: capacity, consumer, delivery, visibility_timeout") != std::string::npos);
  // at_most_once has no visibility timeout.
  CHECK(first_queue_error(kHead +
                    "queues:\n  orders: {consumer: {service: billing}, delivery: at_most_once, max_receives: 3}\n" +
                    clients)
            .find("queues.orders.max_receives: `max_receives` applies to at_least_once delivery only") !=
        std::string::npos);
  // A client target naming an unknown queue.
  CHECK(first_queue_error(kHead + "queues:\n  orders: {consumer: {service: billing}}\n" +
                    "clients:\n  web: {target: \"queue:ordrs\", rate: 10/s}\n") ==
        "q.yaml:12:17: clients.web.target: no queue named `ordrs` (did you mean `orders`?)");
  // A publish is not a call: no timeout, not both.
  const std::string tail = "queues:\n  orders: {consumer: {service: billing}}\n" + clients;
  std::string timed = kHead + tail;
  timed.replace(timed.find("- publish: orders"), 17, "- {publish: orders, timeout: 1s}");
  CHECK(first_queue_error(timed).find("services.api.calls[0].timeout: `timeout` does not apply to a publish") !=
        std::string::npos);
  std::string both = kHead + tail;
  both.replace(both.find("- publish: orders"), 17, "- {publish: orders, service: billing}");
  CHECK(first_queue_error(both).find("give either `service` (a call) or `publish` (to a queue), not both") !=
        std::string::npos);
}

TEST_CASE("queues load: a consumer that publishes back to its own queue is refused") {
  CHECK(first_queue_error(kHead + "queues:\n  orders: {consumer: {service: api}}\nclients:\n  web: {target: api, rate: 1/s}\n")
            .find("queues.orders.consumer.service: publish loop: the consumer `api` (or a service it calls) publishes "
                  "back to queue `orders`") != std::string::npos);
}

TEST_CASE("queues load: expect: lines may name queue figures") {
  const Spec s = load_spec_from_string(kHead + "queues:\n  orders: {consumer: {service: billing}}\n" +
                                           "clients:\n  web: {target: api, rate: 10/s}\n" +
                                           "expect:\n  - {metric: queues.orders.dead_lettered, at_most: 0}\n",
                                       "q.yaml");
  CHECK(s.expect.size() == 1);
  CHECK(first_queue_error(kHead + "queues:\n  orders: {consumer: {service: billing}}\n" +
                    "clients:\n  web: {target: api, rate: 10/s}\n" +
                    "expect:\n  - {metric: queues.orders.dead_letered, at_most: 0}\n")
            .find("did you mean `dead_lettered`?") != std::string::npos);
}
