// Findings and verdicts on runs built to show each one.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "faultline/analysis/findings.hpp"
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

// Verdicts follow the system, not the noise (docs/verdicts.md): over 20 seeds
// both ways; the whole run is read, not only the summary window.

TEST_CASE("a harmless fault reads healthy or recovered within a few seconds on every seed") {
  // 100/s at 1% utilization; +1 ms for 1 s. The old rule called 6 of these 20 seeds metastable.
  const Spec base = load_spec_from_string(R"(
simulation: {duration: 90s}
services:
  api: {workers: 1, service_time: {dist: exponential, mean: 0.1ms}}
clients:
  web: {target: api, rate: 100/s}
faults:
  - {kind: latency, target: api, at: 30s, duration: 1s, add: 1ms}
)", "harmless.yaml");
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    Spec s = base;
    s.simulation.seed = seed;
    const RunResult r = run(s);
    CAPTURE(seed);
    const bool fine = r.verdict.state == "healthy" || (r.verdict.state == "recovered" && r.verdict.recovery_s <= 5);
    CHECK_MESSAGE(fine, r.verdict.state << " " << r.verdict.recovery_s);
  }
}

TEST_CASE("the retry storm reads metastable on every seed") {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const RunResult r = run_scenario("retry-storm", {Override{"simulation.seed", std::to_string(seed)},
                                                     Override{"simulation.duration", "90s"}});
    CAPTURE(seed);
    CHECK(r.verdict.state == "metastable");
  }
}

TEST_CASE("the warmup does not hide what happened: saturated at the fault - metastable, not degraded") {
  const RunResult r = run_scenario("retry-storm", {Override{"simulation.warmup", "120s"},
                                                   Override{"simulation.duration", "200s"}, Override{"faults[0].at", "60s"}});
  const Finding* sat = first(r, "saturated");
  REQUIRE(sat != nullptr);
  CHECK(sat->entity == "services.ledger");
  CHECK(sat->time_s == doctest::Approx(60.0));
  CHECK(r.verdict.state == "metastable");
}

TEST_CASE("a fault from 0 s is judged against the offered load - and says so") {
  const RunResult r = run_scenario("retry-budget-rescue", {Override{"faults[0].at", "0s"}, Override{"simulation.warmup", "0s"}});
  CHECK(r.verdict.state == "recovered");
  const Finding* f = first(r, "recovered");
  REQUIRE(f != nullptr);
  CHECK(f->text.find("against the offered load") != std::string::npos);
}

TEST_CASE("faults to the end of the run: degraded with its reason") {
  const RunResult r = run_scenario("retry-storm", {Override{"faults[0].duration", "200s"}});
  CHECK(r.verdict.state == "degraded");
  const Finding* f = first(r, "degraded");
  REQUIRE(f != nullptr);
  CHECK(f->text.find("goodput fell to") != std::string::npos);
  CHECK(f->text.find("before the first fault") != std::string::npos);
  CHECK(f->text.find("recovery cannot be judged") != std::string::npos);
}

TEST_CASE("saturation counts against the workers available at that moment") {
  // 70% of 10 workers; a capacity fault leaves 5 from 30 s to 60 s: saturated at 30 s, not when capacity returns.
  RunResult r;
  r.simulated_s = r.duration_s = 90;
  ServiceSummary s;
  s.name = "db";
  r.services.push_back(s);
  Series util{"services.db", "utilization", {}}, workers{"services.db", "workers_available", {}};
  for (int i = 0; i < 90; ++i) {
    r.timeseries.times_s.push_back(i + 1);
    const bool fault = i >= 30 && i < 60;
    util.values.push_back(fault ? 0.5 : 0.7);  // held workers / configured ones: capped by the 5 left
    workers.values.push_back(fault ? 5 : 10);
  }
  r.timeseries.series = {util, workers};
  r.faults.push_back(FaultWindow{"capacity", "db", 30, 60});
  analysis::find(r);
  const Finding* f = first(r, "saturated");
  REQUIRE(f != nullptr);
  CHECK(f->time_s == doctest::Approx(30.0));
  r.timeseries.series.pop_back();  // without the series: against the configured workers, never saturated
  analysis::find(r);
  CHECK(first(r, "saturated") == nullptr);
}
