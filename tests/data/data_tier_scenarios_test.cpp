// The data-tier scenarios show what they claim, and their fix variants fix it.
#include <doctest/doctest.h>

#include <cmath>

#include "faultline/analysis/expectations.hpp"
#include "faultline/faultline.hpp"
#include "faultline/metrics/registry.hpp"
#include "faultline/scenario/variants.hpp"
#include "support/results.hpp"

using namespace faultline;
using namespace faultline::testing;

TEST_CASE("gc-death-spiral: a 10 s burst leaves the service saturated; twice the workers recover") {
  const RunResult spiral = run_scenario("gc-death-spiral");
  const RunResult headroom = run_scenario("gc-death-spiral", {Override{"services.api.workers", "64"}});
  CHECK(spiral.services[0].utilization > 0.8);  // over the whole window: 16% before the burst
  CHECK(spiral.clients[0].goodput_per_s < 100);  // of 320/s offered
  CHECK(headroom.clients[0].goodput_per_s > 250);
  CHECK(headroom.services[0].utilization < 0.5);
}

TEST_CASE("rate-limited-api: the token bucket sheds the excess fast; without it most requests time out") {
  const RunResult limited = run_scenario("rate-limited-api");
  const RunResult open = run_scenario("rate-limited-api", {Override{"services.api.admission", "off"}});
  CHECK(limited.services[0].shed > 5000);
  CHECK(limited.services[0].shed == limited.clients[0].failed_rejected);
  CHECK(limited.clients[0].failed_timeout == 0);
  CHECK(open.clients[0].failed_timeout > 10000);
  CHECK(limited.clients[0].goodput_per_s > 3 * open.clients[0].goodput_per_s);
}

TEST_CASE("pool-exhaustion: a db slowdown exhausts the api's pool (errors, timeouts, idle CPU); a bigger pool fixes it") {
  const RunResult slow = run_scenario("pool-exhaustion");
  const RunResult big = run_scenario("pool-exhaustion", {Override{"services.api.calls[0].pool.size", "40"}});
  const EdgeSummary& pool = edge(slow, "api->db");
  CHECK(pool.pool_timeouts > 1000);
  CHECK(pool.pool_in_use_max == 20);  // both replicas' 10 connections
  CHECK(slow.services[0].errors == pool.pool_timeouts);  // every api error is a wait that timed out
  CHECK(slow.clients[0].failed_error > 0);
  CHECK(slow.clients[0].failed_timeout > 10000);
  CHECK(edge(big, "api->db").pool_timeouts == 0);
  CHECK(big.clients[0].goodput_per_s > 950);
  bool found = false;
  for (const Finding& f : slow.findings) found = found || f.kind == "pool_exhausted";
  CHECK(found);
}

TEST_CASE("hot-row-locks: p99 high while the db's CPU is low; spreading the keys fixes it") {
  const RunResult hot = run_scenario("hot-row-locks");
  const RunResult spread = run_scenario("hot-row-locks", {Override{"services.db.keys.zipf", "0.6"}});
  const ServiceSummary& db = hot.services[1];
  CHECK(db.cpu_utilization < 0.15);
  CHECK(db.utilization > 2 * db.cpu_utilization);
  CHECK(db.lock_wait_p99_ms > 100);
  CHECK(hot.clients[0].latency.p99_ms > 100);
  CHECK(spread.services[1].cpu_utilization == doctest::Approx(db.cpu_utilization).epsilon(0.05));
  CHECK(spread.clients[0].latency.p99_ms < 40);
}

TEST_CASE("read-after-write: reads 20 ms after the write are stale with P(lag > 20 ms); reading the primary fixes it") {
  const RunResult lag = run_scenario("read-after-write");
  const RunResult primary = run_scenario("read-after-write", {Override{"services.api.calls[2].op", "none"}});
  const ServiceSummary& db = lag.services[2];
  CHECK(db.stale_read_share == doctest::Approx(std::exp(-0.2)).epsilon(0.03));
  CHECK(primary.services[2].stale_reads == 0);
  CHECK(primary.clients[0].succeeded == doctest::Approx(static_cast<double>(lag.clients[0].succeeded)).epsilon(0.01));
}

TEST_CASE("cache-stampede: a flush overloads the db and the cache does not refill; both fixes hold their expect:") {
  const std::string path = std::string(FAULTLINE_SOURCE_DIR) + "/scenarios/cache-stampede.yaml";
  auto all_held = [](const Spec& spec, const RunResult& r) {
    for (const auto& e : analysis::check(spec, r)) {
      CAPTURE(e.text);
      CAPTURE(e.actual);
      CHECK(e.held);
    }
  };
  const Spec stampede = load_spec(path);
  const RunResult r = run(stampede);
  all_held(stampede, r);
  REQUIRE(r.caches.size() == 1);
  CHECK(r.caches[0].backend_calls == r.services[1].arrivals);  // the db sees the misses only
  bool flush_finding = false;
  for (const auto& f : r.findings) flush_finding |= f.kind == "cache_hit_ratio" && f.text.find("(flush)") != std::string::npos;
  CHECK(flush_finding);
  const auto variants = load_variants(path);
  REQUIRE(variants.size() == 2);
  for (const auto& v : variants) {
    CAPTURE(v.name);
    const Spec fixed = load_spec(path, v.overrides);
    all_held(fixed, run(fixed));
  }
}

namespace {
/// `run --check` on the file as written and on each variant (its own expect:), seed as written.
void check_file_and_variants(const std::string& name) {
  const std::string path = std::string(FAULTLINE_SOURCE_DIR) + "/scenarios/" + name + ".yaml";
  std::vector<Variant> variants = {Variant{"as written", {}}};
  for (auto& v : load_variants(path)) variants.push_back(std::move(v));
  for (const Variant& v : variants) {
    const Spec spec = load_spec(path, v.overrides);
    for (const auto& e : analysis::check(spec, run(spec))) CHECK_MESSAGE(e.held, name << " " << v.name << ": " << e.text);
  }
}
}  // namespace

TEST_CASE("autoscale-too-late: no new replica serves within the spike; pre-scaling, a low target or a fast boot fix it") {
  check_file_and_variants("autoscale-too-late");
  const RunResult r = run_scenario("autoscale-too-late");
  REQUIRE_FALSE(r.scale_events.empty());
  CHECK(r.scale_events.front().first_ready_s >= 140);  // after the spike (80 s to 140 s)
  bool found = false;
  for (const auto& f : r.findings) found = found || f.kind == "autoscaled";
  CHECK(found);
}

TEST_CASE("cost-of-retries: careful retries cost less per million good requests than eager ones") {
  check_file_and_variants("cost-of-retries");
  const RunResult eager = run_scenario("cost-of-retries");
  const RunResult careful = run_scenario("cost-of-retries", {Override{"clients.web.retry", "careful"}});
  REQUIRE(eager.cost.present);
  CHECK(careful.cost.per_million_succeeded < eager.cost.per_million_succeeded - 2);
  CHECK(careful.services[0].replica_seconds < eager.services[0].replica_seconds);
}
