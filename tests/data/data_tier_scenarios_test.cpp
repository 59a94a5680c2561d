// The data-tier scenarios show what they claim, and their fix variants fix it.
#include <doctest/doctest.h>

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
