// compare --stress: the battery on every dependency, ranked by the worst case.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "faultline/analysis/compare.hpp"
#include "faultline/analysis/stress.hpp"
#include "faultline/report/compare.hpp"
#include "faultline/scenario/load.hpp"

using namespace faultline;
using namespace faultline::analysis;

namespace {
std::string storm() { return std::string(FAULTLINE_SOURCE_DIR) + "/scenarios/retry-storm.yaml"; }
}  // namespace

TEST_CASE("stress battery: each case puts one fault on every dependency, a quarter into the run") {
  const Spec spec = load_spec(storm(), {});
  REQUIRE(dependencies(spec) == std::vector<int>{1});  // api calls ledger: ledger is the dependency
  REQUIRE(stress_battery().size() == 4);
  const Spec slow = under_stress(spec, 0);
  REQUIRE(slow.faults.size() == 1);
  CHECK(slow.faults[0].kind == FaultSpec::Kind::latency);
  CHECK(slow.faults[0].multiply == 3);
  CHECK(slow.faults[0].target == 1);
  CHECK(slow.faults[0].at.seconds() == doctest::Approx(30));
  CHECK(slow.faults[0].duration.seconds() == doctest::Approx(10));
  CHECK(under_stress(spec, 1).faults[0].probability == 0.5);
  CHECK(under_stress(spec, 2).faults[0].kind == FaultSpec::Kind::outage);
  CHECK(under_stress(spec, 3).faults[0].workers == 8);  // half of 16
}

TEST_CASE("compare --stress ranks by the worst case: retries without a budget collapse under latency x3") {
  CompareOptions o;
  o.file = storm();
  o.sets = {Override{"faults", "[]"}, Override{"simulation.duration", "80s"}};
  o.seeds = 3;
  o.jobs = 2;
  o.stress = true;
  o.variants = {Variant{"three-attempts", {}},
                Variant{"no-retry", {Override{"retry_policies.standard.max_attempts", "1"}}}};
  const Comparison c = compare(o);
  REQUIRE(c.stressed);
  CHECK(c.stress.cases.size() == 5);
  CHECK(c.stress.ranking.front() == 1);         // no-retry's worst case is better
  CHECK(c.stress.cases[c.stress.worst[0]] == "latency x3");
  CHECK(c.stress.metastable[0][1] == 3);        // three attempts: metastable under latency x3 on every seed
  const std::string table = report::format_comparison_table(c);
  CHECK(table.find("recommendation: no-retry") != std::string::npos);
  CHECK(report::format_comparison_json(c).find("\"stress\"") != std::string::npos);
}

TEST_CASE("stress: true in a file asks for the battery") {
  const auto path = std::filesystem::temp_directory_path() / "faultline-stress-key.yaml";
  const std::string body =
      "simulation: {duration: 5s}\nservices: {api: {service_time: {dist: constant, value: 1ms}}}\n"
      "clients: {web: {target: api, rate: 10/s}}\n";
  std::ofstream(path) << "stress: true\n" << body;
  CHECK(load_spec(path.string()).stress);
  std::ofstream(path) << body;
  CHECK(!load_spec(path.string()).stress);
  std::ofstream(path) << "stress: sometimes\n" << body;
  CHECK_THROWS(load_spec(path.string()));
  std::filesystem::remove(path);
}
