// [data-tier] `autoscale` and `cost:` through the loader and the running model:
// HPA decisions on a step load against a hand computation, the provision
// delay, flapping without a cooldown, balance with replicas coming and going,
// located errors, and a run's cost to the cent.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "faultline/analysis/expectations.hpp"
#include "faultline/faultline.hpp"
#include "faultline/metrics/registry.hpp"
#include "faultline/scenario/variants.hpp"
#include "support/results.hpp"

using namespace faultline;
using namespace faultline::testing;

namespace {

// 100/s evenly spaced, 400/s from 20 s to 50 s, then 100/s: per replica the
// HPA sees arrivals_per_s. 100 workers of 1 ms each: never a queue.
std::string step_load(const std::string& autoscale, const std::string& extra = "") {
  return R"(name: step
simulation: {duration: 90s, seed: 1}
services:
  api:
    workers: 100
    replicas: 2
    service_time: {dist: constant, value: 1ms}
    autoscale: )" + autoscale + R"(
clients:
  web:
    target: api
    rate: 100/s
    arrival: uniform
    schedule:
      - {at: 20s, rate: 400/s}
      - {at: 50s, rate: 100/s}
)" + extra;
}

RunResult run_step(const std::string& yaml) { return run(load_spec_from_string(yaml, "step.yaml")); }

std::string first_step_error(const std::string& yaml) {
  try {
    load_spec_from_string(yaml, "in.yaml");
  } catch (const LoadFailure& f) {
    REQUIRE_FALSE(f.errors().empty());
    return f.errors().front().format();
  }
  return "";
}

using faultline::testing::check_balance;

}  // namespace

TEST_CASE("autoscale: HPA decisions on a step load match the hand computation") {
  // target 55/s per replica, tolerance 10%, evaluations every 10 s over 10 s:
  //   10 s, 20 s: 100/s over 2 = 50 -> 50/55 = 0.91, within 10%: no change
  //   30 s: 400/s over 2 = 200 -> ceil(2 x 200/55) = ceil(7.27) = 8
  //   40 s, 50 s: 400/s over 8 = 50 -> within 10%
  //   60 s: 100/s over 8 = 12.5 -> ceil(8 x 0.227) = 2, but the cooldown (300 s) holds 8
  const RunResult held = run_step(step_load(
      "{metric: arrivals_per_s, target: 55/s, min: 1, max: 20, evaluate_every: 10s, window: 10s, tolerance: 10%, "
      "provision_delay: 0s, scale_in_cooldown: 300s}"));
  REQUIRE(held.scale_events.size() == 1);
  CHECK(held.scale_events[0].at_s == doctest::Approx(30));
  CHECK(held.scale_events[0].from == 2);
  CHECK(held.scale_events[0].to == 8);
  CHECK(held.scale_events[0].first_ready_s == doctest::Approx(30));
  CHECK(held.services[0].replicas == 8);
  CHECK(held.services[0].replicas_max == 8);
  // With a 5 s cooldown the 60 s evaluation scales in to 2; 70 s and 80 s: 100/s over 2, no change.
  const RunResult quick = run_step(step_load(
      "{metric: arrivals_per_s, target: 55/s, min: 1, max: 20, evaluate_every: 10s, window: 10s, tolerance: 10%, "
      "provision_delay: 0s, scale_in_cooldown: 5s}"));
  REQUIRE(quick.scale_events.size() == 2);
  CHECK(quick.scale_events[1].at_s == doctest::Approx(60));
  CHECK(quick.scale_events[1].from == 8);
  CHECK(quick.scale_events[1].to == 2);
  // replica-seconds: 2 x 30 + 8 x 30 + 2 x 30 = 360, every replica drained at once (1 ms work)
  CHECK(quick.services[0].replica_seconds == doctest::Approx(360).epsilon(1e-3));
  const auto& replicas = series(quick, "services.api", "replicas");
  CHECK(replicas.at(29) == 2);
  CHECK(replicas.at(30) == 8);
  CHECK(replicas.at(60) == 2);
  check_balance(quick);
}

TEST_CASE("autoscale: no new replica serves before the provision delay; the HPA overshoots meanwhile") {
  // 30 s: 2 -> 8 (6 starting until 45 s). 40 s: current 8, the metric over the
  // 2 serving replicas is still 200 -> ceil(8 x 200/55) = 30, clamped to 20.
  const RunResult r = run_step(step_load(
      "{metric: arrivals_per_s, target: 55/s, min: 1, max: 20, evaluate_every: 10s, window: 10s, tolerance: 10%, "
      "provision_delay: 15s, scale_in_cooldown: 300s}"));
  REQUIRE(r.scale_events.size() == 2);
  CHECK(r.scale_events[0].to == 8);
  CHECK(r.scale_events[0].first_ready_s == doctest::Approx(45));
  CHECK(r.scale_events[1].at_s == doctest::Approx(40));
  CHECK(r.scale_events[1].to == 20);
  CHECK(r.scale_events[1].first_ready_s == doctest::Approx(55));
  const auto& serving = series(r, "services.api", "replicas_serving");
  for (int i = 30; i < 45; ++i) CHECK(serving.at(static_cast<std::size_t>(i)) == 2);
  CHECK(serving.at(45) == 8);
  CHECK(serving.at(55) == 20);
  const auto& current = series(r, "services.api", "replicas");
  CHECK(current.at(35) == 8);
  bool found = false;
  for (const auto& f : r.findings) found = found || f.kind == "autoscaled";
  CHECK(found);
  check_balance(r);
}

TEST_CASE("autoscale: without a cooldown the count flaps; a cooldown steadies it") {
  auto scenario = [](const std::string& cooldown) {
    return R"(name: flap
simulation: {duration: 120s, seed: 4}
services:
  api:
    workers: 8
    replicas: 2
    balancer: least_outstanding
    service_time: {dist: exponential, mean: 10ms}
    autoscale: {metric: arrivals_per_s, target: 50/s, min: 1, max: 10, evaluate_every: 5s, window: 5s, tolerance: 0%, scale_in_cooldown: )" +
           cooldown + R"(, provision_delay: 2s}
clients:
  web: {target: api, rate: 100/s, timeout: 1s}
)";
  };
  const RunResult flapping = run_step(scenario("0s"));
  const RunResult steady = run_step(scenario("60s"));
  MESSAGE("changes without cooldown " << flapping.services[0].scale_changes << ", with "
                                      << steady.services[0].scale_changes);
  CHECK(flapping.services[0].scale_changes >= 8);
  CHECK(steady.services[0].scale_changes * 3 <= flapping.services[0].scale_changes);
  bool found = false;
  for (const auto& f : flapping.findings) found = found || f.kind == "flapping";
  CHECK(found);
  check_balance(flapping);
  check_balance(steady);
}

TEST_CASE("autoscale: off restores the run exactly") {
  const std::string plain = R"(name: t
simulation: {duration: 20s}
services:
  api: {workers: 2, replicas: 3, service_time: {dist: exponential, mean: 5ms}, balancer: p2c}
clients:
  web: {target: api, rate: 200/s}
)";
  std::string off = plain;
  off.replace(off.find("balancer: p2c}"), 14, "balancer: p2c, autoscale: off}");
  const RunResult a = run_step(plain), b = run_step(off);
  CHECK(a.engine.fingerprint == b.engine.fingerprint);
  CHECK(a.engine.events == b.engine.events);
  CHECK_FALSE(b.services[0].autoscaled);
}

TEST_CASE("autoscale and cost: bad values get located errors") {
  const std::string head = "name: t\nsimulation: {duration: 10s}\nservices:\n  api:\n    service_time: {dist: constant, value: 1ms}\n";
  const std::string tail = "clients:\n  web: {target: api, rate: 10/s}\n";
  CHECK(first_step_error(head + "    autoscale: {target: 50%, min: 5, max: 2}\n" + tail) ==
        "in.yaml:6:35: services.api.autoscale.min: expected min <= max (min 5, max 2)");
  CHECK(first_step_error(head + "    autoscale: {target: 0, max: 2}\n" + tail).find("services.api.autoscale.target: expected a target > 0") !=
        std::string::npos);
  CHECK(first_step_error(head + "    autoscale: {target: 150%, max: 2}\n" + tail).find("autoscale.target: expected a probability between 0 and 1") != std::string::npos);
  CHECK(first_step_error(head + "    autoscale: {target: 50%}\n" + tail).find("services.api.autoscale.max: missing") !=
        std::string::npos);
  CHECK(first_step_error(head + "    replicas: 4\n    autoscale: {target: 50%, max: 2}\n" + tail).find("max >= replicas") !=
        std::string::npos);
  CHECK(first_step_error(head + "    autoscale: {metric: memory, target: 50%, max: 2}\n" + tail).find("autoscale.metric") !=
        std::string::npos);
  CHECK(first_step_error(head + tail + "cost: {services: {apx: {replica_hour: 1}}}\n")
            .find("in.yaml:8:19: cost.services.apx: no service named `apx` (did you mean `api`?)") != std::string::npos);
  CHECK(first_step_error(head + tail + "cost: {replica_hour: -1}\n").find("cost.replica_hour") != std::string::npos);
  CHECK(first_step_error(head + tail + "expect:\n  - {metric: cost.total, at_most: 1}\n").find("needs a top-level `cost:`") !=
        std::string::npos);
}

TEST_CASE("cost: a hand-checked autoscaled run, to the cent") {
  // Decisions as in the first case (cooldown 5 s): 2 replicas for 30 s, 8 for
  // 30 s, 2 for 30 s = 360 replica-s = 0.1 h; at $1.20 a replica-hour: $0.12.
  // Arrivals: 100/s x 20 s + 400/s x 30 s + 100/s x 40 s = 18,000 (± one at a
  // boundary) at $2 per million: $0.036. Total $0.156 -> 16 cents.
  const Spec spec = load_spec_from_string(
      step_load("{metric: arrivals_per_s, target: 55/s, min: 1, max: 20, evaluate_every: 10s, window: 10s, "
                "tolerance: 10%, provision_delay: 0s, scale_in_cooldown: 5s}",
                "cost: {replica_hour: 1.20, services: {api: {per_million_requests: 2.00}}}\n"
                "expect:\n  - {metric: cost.total, at_least: 0.15, at_most: 0.16}\n"),
      "step.yaml");
  const RunResult r = run(spec);
  REQUIRE(r.cost.present);
  REQUIRE(r.cost.by_service.size() == 1);
  CHECK(r.cost.by_service[0].replica_hours == doctest::Approx(0.1).epsilon(1e-4));
  CHECK(r.cost.by_service[0].requests >= 17999);
  CHECK(r.cost.by_service[0].requests <= 18001);
  CHECK(std::lround(r.cost.total * 100) == 16);
  CHECK(r.cost.total == doctest::Approx(0.156).epsilon(1e-4));
  const double good = static_cast<double>(r.clients[0].succeeded);
  CHECK(r.cost.per_million_succeeded == doctest::Approx(r.cost.total / (good / 1e6)));
  const auto metrics = registry(r);
  CHECK(metrics->value("cost", "total") == doctest::Approx(r.cost.total));
  CHECK(metrics->value("services.api", "replica_seconds") == doctest::Approx(360).epsilon(1e-3));
  const auto held = analysis::check(spec, r);
  REQUIRE(held.size() == 1);
  CHECK(held[0].held);
}
