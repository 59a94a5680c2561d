// Findings and verdicts on runs built to show each one.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "faultline/faultline.hpp"
#include "support/results.hpp"

using namespace faultline;
using namespace faultline::testing;

namespace {

RunResult run_text(const std::string& yaml) { return run(load_spec_from_string(yaml, "t.yaml")); }

const Finding* first(const RunResult& r, const std::string& kind) {
  for (const auto& f : r.findings) {
    if (f.kind == kind) return &f;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("a recovering run reports its recovery time within one sample interval") {
  // One worker, 9 ms of work, 100/s evenly spaced, callers wait 1 s. A 10 s
  // pause leaves 1000 requests queued; the queue drains at 111.1 - 100 = 11.1/s
  // and requests succeed again once it is under 1 s of work (111 requests):
  // (1000 - 111.1) / 11.11 = 80.0 s after the pause ended.
  const RunResult r = run_text(R"(
simulation: {duration: 150s}
services:
  db: {workers: 1, service_time: {dist: constant, value: 9ms}}
clients:
  web: {target: db, rate: 100/s, arrival: uniform, timeout: 1s}
faults:
  - {kind: pause, target: db, at: 10s, duration: 10s}
)");
  CHECK(r.verdict.state == "recovered");
  CHECK(std::fabs(r.verdict.recovery_s - 80.0) <= 1.0);
  const Finding* f = first(r, "recovered");
  REQUIRE(f != nullptr);
  CHECK(f->time_s == doctest::Approx(20.0 + r.verdict.recovery_s));
}

TEST_CASE("a metastable run is called metastable") {
  const RunResult r = run_scenario("retry-storm");
  CHECK(r.verdict.state == "metastable");
  CHECK(r.verdict.recovery_s < 0);
  const Finding* f = first(r, "metastable");
  REQUIRE(f != nullptr);
  CHECK(f->text.rfind("did not recover: metastable", 0) == 0);
  CHECK(f->time_s == 40.0);  // when the last fault ended
  const Finding* amp = first(r, "amplification");
  REQUIRE(amp != nullptr);
  CHECK(amp->entity == "edges.api->ledger");
  CHECK(amp->value > 2.0);
  const Finding* orphaned = first(r, "orphaned");
  REQUIRE(orphaned != nullptr);
  CHECK(orphaned->entity == "services.ledger");
}

TEST_CASE("cascade order: the dependency saturates first, then its callers") {
  const RunResult r = run_scenario("cascading-failure");
  std::vector<std::string> order;
  for (const auto& f : r.findings) {
    if (f.kind == "saturated") order.push_back(f.entity);
  }
  REQUIRE(order.size() >= 2);
  CHECK(order[0] == "services.api");
  CHECK(order[1] == "services.frontend");
  CHECK(first(r, "saturated")->time_s == 20.0);
  CHECK(r.verdict.state == "recovered");
}

TEST_CASE("a quiet run is healthy with no findings - duplicates are found") {
  const RunResult quiet = run_text(R"(
simulation: {duration: 20s}
services:
  db: {workers: 4, service_time: {dist: constant, value: 5ms}}
clients:
  web: {target: db, rate: 100/s}
)");
  CHECK(quiet.verdict.state == "healthy");
  CHECK(quiet.findings.empty());
  const RunResult charged = run_scenario("idempotency-double-charge");
  const Finding* d = first(charged, "duplicates");
  REQUIRE(d != nullptr);
  CHECK(d->value == static_cast<double>(charged.services.at(1).duplicates));
}
