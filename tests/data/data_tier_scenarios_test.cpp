// The data-tier scenarios show what they claim, and their fix variants fix it.
#include <doctest/doctest.h>

#include "faultline/analysis/expectations.hpp"
#include "faultline/faultline.hpp"
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
