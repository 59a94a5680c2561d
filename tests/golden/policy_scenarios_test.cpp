// The [policies] scenarios show what their descriptions promise: each is run
// as shipped and with its policy switched off (same seed), and compared.
#include <doctest/doctest.h>

#include <string>

#include "faultline/faultline.hpp"
#include "support/results.hpp"

using namespace faultline;
using namespace faultline::testing;

TEST_CASE("retry-budget-rescue: the storm of retry-storm recovers once a 10% budget is on") {
  const RunResult rescued = run_scenario("retry-budget-rescue");
  const RunResult storm = run_scenario("retry-storm");
  const auto& good = series(rescued, "clients.web", "goodput_per_s");
  CHECK(mean(good, 10, 30) == doctest::Approx(800).epsilon(0.05));
  CHECK(mean(good, 50, 120) == doctest::Approx(800).epsilon(0.05));  // recovered after the fault
  CHECK(mean(series(storm, "clients.web", "goodput_per_s"), 50, 120) < 100);
  CHECK(edge(rescued, "api->ledger").budget_denied > 1000);
  CHECK(edge(rescued, "api->ledger").amplification < 1.1);
  CHECK(edge(storm, "api->ledger").amplification > 2.0);
  const auto& tokens = series(rescued, "edges.api->ledger", "budget_tokens");
  CHECK(tokens.at(35) < 5);   // spent during the fault
  CHECK(tokens.at(100) > 50); // refilled after
}

TEST_CASE("circuit-breaker: failing fast protects the api's workers during the outage") {
  const RunResult with = run_scenario("circuit-breaker");
  const RunResult without = run_scenario("circuit-breaker", {Override{"services.api.calls[0].circuit_breaker", "none"}});
  const auto& util_with = series(with, "services.api", "utilization");
  const auto& util_without = series(without, "services.api", "utilization");
  CHECK(mean(util_with, 27, 40) < 0.2);
  CHECK(mean(util_without, 27, 40) > 0.95);
  CHECK(with.services.at(0).rejected < without.services.at(0).rejected / 4);
  CHECK(edge(with, "api->recs").short_circuited > 5000);
  CHECK(edge(without, "api->recs").short_circuited == 0);
  const auto& state = series(with, "edges.api->recs", "breaker_state");
  CHECK(state.at(10) == 0);
  CHECK(state.at(30) > 0);
  CHECK(state.at(55) == 0);  // closed again once recs is back
  CHECK(mean(series(with, "clients.web", "goodput_per_s"), 45, 60) == doctest::Approx(400).epsilon(0.1));
}

TEST_CASE("hedging-tail: hedging cuts p99 at a measured cost in extra load") {
  const RunResult hedged = run_scenario("hedging-tail");
  const RunResult plain = run_scenario("hedging-tail", {Override{"clients.web.hedge.max_extra", "0"}});
  CHECK(plain.clients.at(0).latency.p99_ms > 200);
  CHECK(hedged.clients.at(0).latency.p99_ms < 40);
  const auto& e = edge(hedged, "web->storage");
  const double extra = static_cast<double>(e.hedges) / static_cast<double>(e.calls);
  CHECK(extra > 0.02);
  CHECK(extra < 0.06);  // the cost: a few percent more attempts
  CHECK(hedged.services.at(0).orphaned > 0);
  CHECK(hedged.services.at(0).arrivals > plain.services.at(0).arrivals);
}

TEST_CASE("deadline-propagation: dropping expired work ends a goodput collapse") {
  const RunResult drop = run_scenario("deadline-propagation");
  const RunResult keep = run_scenario("deadline-propagation", {Override{"services.index.queue.drop_expired", "false"}});
  const auto& g_drop = series(drop, "clients.web", "goodput_per_s");
  const auto& g_keep = series(keep, "clients.web", "goodput_per_s");
  CHECK(mean(g_keep, 25, 40) < 0.5 * mean(g_drop, 25, 40));
  CHECK(drop.services.at(1).expired > 1000);
  CHECK(keep.services.at(1).expired == 0);
  CHECK(drop.services.at(1).orphaned < keep.services.at(1).orphaned / 2);
}

TEST_CASE("idempotency-double-charge: lost responses plus retries charge twice - keys bring duplicates to zero") {
  const RunResult naive = run_scenario("idempotency-double-charge");
  const RunResult keyed = run_scenario("idempotency-double-charge", {Override{"services.payments.idempotency.keys", "true"}});
  // 10% of answers lost for 30 s of 300 checkouts/s: ~900 second charges (some a third).
  CHECK(naive.services.at(1).duplicates > 700);
  CHECK(naive.services.at(1).duplicates < 1200);
  CHECK(keyed.services.at(1).duplicates == 0);
  CHECK(keyed.services.at(1).deduplicated > 700);
  CHECK(keyed.clients.at(0).succeeded >= naive.clients.at(0).succeeded);
}

TEST_CASE("slow-replica: round robin suffers - least outstanding and p2c steer around the slow replica") {
  const RunResult p2c = run_scenario("slow-replica");
  const RunResult rr = run_scenario("slow-replica", {Override{"services.cache.balancer", "round_robin"}});
  const RunResult lo = run_scenario("slow-replica", {Override{"services.cache.balancer", "least_outstanding"}});
  CHECK(rr.clients.at(0).latency.p99_ms > 500);
  CHECK(p2c.clients.at(0).latency.p99_ms < 200);
  CHECK(lo.clients.at(0).latency.p99_ms < 200);
  CHECK(rr.clients.at(0).goodput_per_s < 0.9 * p2c.clients.at(0).goodput_per_s);
}

TEST_CASE("layered-retries: 3 layers x 3 attempts = 27x at the bottom - a budget at each layer stops it") {
  const RunResult plain = run_scenario("layered-retries");
  const RunResult budgeted = run_scenario("layered-retries", {Override{"retry_policies.three.budget.ratio", "0.1"}});
  const auto& db = series(plain, "services.db", "arrivals_per_s");
  CHECK(mean(db, 22, 38) == doctest::Approx(2700).epsilon(0.01));  // 100/s x 27
  CHECK(mean(db, 45, 60) == doctest::Approx(100).epsilon(0.05));
  const auto& db_budgeted = series(budgeted, "services.db", "arrivals_per_s");
  CHECK(mean(db_budgeted, 22, 38) < 200);
  for (const char* name : {"web->gateway", "gateway->orders", "orders->db"}) {
    CAPTURE(name);
    CHECK(edge(budgeted, name).amplification < 1.15);
    CHECK(edge(budgeted, name).budget_denied > 1000);
  }
}
