// Every scenario in scenarios/ shows what its description promises.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "faultline/faultline.hpp"
#include "support/results.hpp"

using namespace faultline;
using namespace faultline::testing;

namespace {

/// First sample index at or after `from` where the value reaches `level`; -1 if never.
int first_reaching(const std::vector<double>& v, int from, double level) {
  for (std::size_t i = static_cast<std::size_t>(from); i < v.size(); ++i) {
    if (v[i] >= level) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

TEST_CASE("retry-storm: the storm outlives the latency fault (metastable)") {
  const RunResult r = run_scenario("retry-storm");
  const auto& goodput = series(r, "clients.web", "goodput_per_s");
  const auto& ledger_in = series(r, "services.ledger", "arrivals_per_s");
  const double before = mean(goodput, 10, 30);
  CHECK(before == doctest::Approx(800).epsilon(0.05));
  CHECK(mean(goodput, 32, 40) < 0.3 * before);   // collapse during the fault
  CHECK(mean(goodput, 60, 120) < 0.3 * before);  // and long after it ended at 40 s
  CHECK(mean(ledger_in, 60, 120) > 2.0 * mean(ledger_in, 10, 30));
  const auto& ledger = r.services.at(1);
  CHECK(ledger.orphaned > ledger.completed / 2);
  const auto& api_util = series(r, "services.api", "utilization");
  const auto& api_cpu = series(r, "services.api", "cpu_utilization");
  CHECK(mean(api_cpu, 60, 120) < 0.2 * mean(api_util, 60, 120));
}

TEST_CASE("cascading-failure: the api saturates first - then the frontend - recovery after the fault") {
  const RunResult r = run_scenario("cascading-failure");
  const auto& api_util = series(r, "services.api", "utilization");
  const auto& api_cpu = series(r, "services.api", "cpu_utilization");
  const auto& front_util = series(r, "services.frontend", "utilization");
  const auto& db_util = series(r, "services.db", "utilization");
  CHECK(mean(api_util, 5, 20) < 0.5);
  const int api_full = first_reaching(api_util, 20, 0.95);
  const int front_full = first_reaching(front_util, 20, 0.95);
  REQUIRE(api_full >= 20);
  REQUIRE(front_full >= 20);
  CHECK(api_full <= front_full);
  CHECK(mean(api_cpu, 25, 50) < 0.1);       // the api's workers wait, they do not compute
  CHECK(mean(db_util, 25, 50) < 0.95);      // the db itself is not the bottleneck's victim
  CHECK(mean(series(r, "services.frontend", "rejected_per_s"), 25, 50) > 100);
  const auto& goodput = series(r, "clients.users", "goodput_per_s");
  CHECK(mean(goodput, 60, 80) == doctest::Approx(1500).epsilon(0.05));
}

TEST_CASE("timeout-orphans: slow work finishes for callers who already left") {
  const RunResult r = run_scenario("timeout-orphans");
  const auto& search = r.services.at(0);
  const auto& web = r.clients.at(0);
  REQUIRE(search.completed > 10000);
  const double share = static_cast<double>(search.orphaned) / static_cast<double>(search.completed);
  CHECK(share > 0.04);
  CHECK(share < 0.15);
  // Every timed-out operation left its work behind (a few may still be running at the end).
  CHECK(static_cast<double>(search.orphaned) == doctest::Approx(static_cast<double>(web.failed_timeout)).epsilon(0.02));
  const auto& orphaned = series(r, "services.search", "orphaned_per_s");
  CHECK(mean(orphaned, 42, 44) > 3 * mean(orphaned, 10, 40));  // the pause's backlog
}

TEST_CASE("every scenario runs twice to the same fingerprint") {
  for (const char* name : {"retry-storm", "cascading-failure", "timeout-orphans"}) {
    CAPTURE(name);
    CHECK(run_scenario(name).engine.fingerprint == run_scenario(name).engine.fingerprint);
  }
}
