// Each fault kind changes what it should, and only while it is active.
// The scenarios: a client at 100/s (evenly spaced) against one service with 4
// workers and 5 ms of work; the fault runs from 10 s to 20 s of a 30 s run.
// Time-series samples are per second, so sample i covers [i, i+1) s.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "faultline/faultline.hpp"
#include "support/results.hpp"
#include "support/spec_builder.hpp"

using namespace faultline;
using namespace faultline::testing;

namespace {

Spec steady(double timeout_ms = 0) {
  Spec s = base_spec(30);
  const int svc = add_service(s, "db", 4, constant_ms(5), 1000);
  const int c = add_open_client(s, "web", svc, 100, ClientSpec::Arrival::uniform);
  if (timeout_ms > 0) s.clients[static_cast<std::size_t>(c)].timeout = Duration::ms(timeout_ms);
  return s;
}

}  // namespace

TEST_CASE("latency fault: work starting inside the window takes longer") {
  Spec s = steady();
  add_fault(s, FaultSpec::Kind::latency, 0, 10, 10).add = Duration::ms(20);
  const RunResult r = run(s);
  const auto& p50 = series(r, "clients.web", "p50_ms");
  CHECK(mean(p50, 1, 10) == doctest::Approx(5.0).epsilon(0.02));
  CHECK(mean(p50, 11, 20) == doctest::Approx(25.0).epsilon(0.02));
  CHECK(mean(p50, 21, 30) == doctest::Approx(5.0).epsilon(0.02));

  Spec m = steady();
  add_fault(m, FaultSpec::Kind::latency, 0, 10, 10).multiply = 3;
  const RunResult rm = run(m);
  CHECK(mean(series(rm, "clients.web", "p50_ms"), 11, 20) == doctest::Approx(15.0).epsilon(0.02));
}

TEST_CASE("errors fault: errors only inside the window - at the given probability") {
  Spec s = steady();
  add_fault(s, FaultSpec::Kind::errors, 0, 10, 10).probability = 0.3;
  const RunResult r = run(s);
  const auto& errors = series(r, "services.db", "errors_per_s");
  CHECK(mean(errors, 0, 10) == 0);
  CHECK(mean(errors, 10, 20) == doctest::Approx(30).epsilon(0.15));
  CHECK(mean(errors, 21, 30) == 0);
  CHECK(r.clients.at(0).failed_error == r.services.at(0).errors);
}

TEST_CASE("outage refuse: immediate errors while active - then an empty restart") {
  Spec s = steady();
  add_fault(s, FaultSpec::Kind::outage, 0, 10, 10).mode = FaultSpec::OutageMode::refuse;
  const RunResult r = run(s);
  const auto& completed = series(r, "services.db", "completed_per_s");
  const auto& errors = series(r, "services.db", "errors_per_s");
  CHECK(mean(completed, 11, 20) == 0);
  CHECK(mean(errors, 11, 20) == doctest::Approx(100));
  CHECK(mean(completed, 21, 30) == doctest::Approx(100));
  CHECK(mean(errors, 21, 30) == 0);
}

TEST_CASE("outage blackhole: no answers - callers time out") {
  Spec s = steady(50);
  add_fault(s, FaultSpec::Kind::outage, 0, 10, 10).mode = FaultSpec::OutageMode::blackhole;
  const RunResult r = run(s);
  CHECK(mean(series(r, "services.db", "errors_per_s"), 0, 30) == 0);
  CHECK(mean(series(r, "services.db", "completed_per_s"), 11, 20) == 0);
  const auto& web = r.clients.at(0);
  CHECK(web.failed_timeout == doctest::Approx(1000).epsilon(0.01));
  CHECK(mean(series(r, "clients.web", "goodput_per_s"), 21, 30) == doctest::Approx(100));
}

TEST_CASE("capacity fault: fewer workers while active") {
  Spec s = base_spec(30);
  const int svc = add_service(s, "db", 4, constant_ms(20), QueueSpec::kUnbounded);
  add_open_client(s, "web", svc, 100, ClientSpec::Arrival::uniform);  // needs 2 workers on average
  add_fault(s, FaultSpec::Kind::capacity, svc, 10, 10).workers = 1;   // capacity 50/s while active
  const RunResult r = run(s);
  const auto& done = series(r, "services.db", "completed_per_s");
  CHECK(mean(done, 1, 10) == doctest::Approx(100));
  CHECK(mean(done, 11, 20) == doctest::Approx(50).epsilon(0.02));
  const auto& queue = series(r, "services.db", "queue_length");
  CHECK(queue.at(19) > 400);   // 50/s of backlog for 10 s
  CHECK(queue.at(29) == 0);    // drained after the fault
}

TEST_CASE("pause: nothing progresses - arrivals queue - work resumes where it was") {
  Spec s = steady();
  add_fault(s, FaultSpec::Kind::pause, 0, 10, 2);
  const RunResult r = run(s);
  const auto& done = series(r, "services.db", "completed_per_s");
  CHECK(done.at(10) == 0);
  CHECK(done.at(11) == 0);
  CHECK(done.at(12) > 150);  // the backlog of 200 drains at 800/s
  CHECK(series(r, "services.db", "queue_length").at(11) > 100);
  CHECK(r.services.at(0).rejected == 0);
  CHECK(r.clients.at(0).succeeded + r.clients.at(0).in_flight == r.clients.at(0).operations);
}

TEST_CASE("drop_responses: the work is done - the answer lost - the caller times out") {
  Spec s = steady(50);
  add_fault(s, FaultSpec::Kind::drop_responses, 0, 10, 10).probability = 0.5;
  const RunResult r = run(s);
  CHECK(mean(series(r, "services.db", "completed_per_s"), 10, 20) == doctest::Approx(100));
  const auto& web = r.clients.at(0);
  CHECK(static_cast<double>(web.failed_timeout) == doctest::Approx(500).epsilon(0.12));
  CHECK(mean(series(r, "clients.web", "failed_per_s"), 21, 30) == 0);
}

TEST_CASE("faults on a dependency hold the caller's workers (thread per request)") {
  Spec s = base_spec(30);
  const int api = add_service(s, "api", 10, constant_ms(1));
  const int ledger = add_service(s, "ledger", 100, constant_ms(5));
  add_call(s, api, ledger);
  add_open_client(s, "web", api, 100, ClientSpec::Arrival::uniform);
  add_fault(s, FaultSpec::Kind::latency, ledger, 10, 10).add = Duration::ms(50);
  const RunResult r = run(s);
  const auto& util = series(r, "services.api", "utilization");
  const auto& cpu = series(r, "services.api", "cpu_utilization");
  CHECK(mean(util, 11, 20) == doctest::Approx(0.56).epsilon(0.03));  // 100/s x 56 ms / 10 workers
  CHECK(mean(cpu, 11, 20) == doctest::Approx(0.01).epsilon(0.05));   // own work only
}
