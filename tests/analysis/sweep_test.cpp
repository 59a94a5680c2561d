// faultline sweep: the grid, shards merged equal one machine, jobs do not matter.
#include <doctest/doctest.h>

#include <string>

#include "faultline/analysis/sweep.hpp"
#include "faultline/report/sweep.hpp"

using namespace faultline;
using namespace faultline::analysis;
using faultline::report::write_runs_csv;
using faultline::report::write_summary_csv;

namespace {
SweepOptions options() {
  SweepOptions o;
  o.file = std::string(FAULTLINE_SOURCE_DIR) + "/scenarios/timeout-orphans.yaml";
  o.params = {parse_param("services.search.workers=48,64"), parse_param("clients.web.timeout=250ms,1s")};
  o.seeds = 2;
  o.jobs = 2;
  return o;
}
}  // namespace

TEST_CASE("the grid has every combination x seeds - one row per run") {
  const SweepTable t = sweep(options());
  CHECK(t.rows.size() == 2 * 2 * 2);
  CHECK(t.param_count == 2);
  CHECK(t.header[2] == "services.search.workers");
  CHECK(t.rows[0][2] == "48");
  CHECK(t.rows[0][3] == "250ms");
  CHECK(t.rows[2][3] == "1s");  // second parameter varies faster than the first
  CHECK(t.rows[4][2] == "64");
  const std::string summary = write_summary_csv(summarize(t));
  CHECK(summary.rfind("combination,services.search.workers,clients.web.timeout,runs,", 0) == 0);
  CHECK(std::count(summary.begin(), summary.end(), '\n') == 1 + 4);
}

TEST_CASE("shards merged give the same runs.csv and summary.csv as one machine") {
  const SweepTable whole = sweep(options());
  std::vector<std::string> parts;
  for (int i = 0; i < 3; ++i) {
    SweepOptions o = options();
    o.shard = i;
    o.shards = 3;
    parts.push_back(write_runs_csv(sweep(o)));
  }
  std::reverse(parts.begin(), parts.end());  // the order of the parts does not matter
  const SweepTable merged = read_runs_csv(parts);
  CHECK(write_runs_csv(merged) == write_runs_csv(whole));
  CHECK(write_summary_csv(summarize(merged)) == write_summary_csv(summarize(whole)));
  parts.pop_back();
  CHECK_THROWS_AS(read_runs_csv(parts), LoadFailure);  // a part missing is an error, not a smaller result
}

TEST_CASE("--jobs does not change the result") {
  SweepOptions one = options();
  one.jobs = 1;
  SweepOptions four = options();
  four.jobs = 4;
  CHECK(write_runs_csv(sweep(one)) == write_runs_csv(sweep(four)));
}

TEST_CASE("parameter values may hold commas inside brackets") {
  const SweepParam p = parse_param("clients.web.retry={max_attempts: 2, retry_on: [timeout]},none");
  REQUIRE(p.values.size() == 2);
  CHECK(p.values[0] == "{max_attempts: 2, retry_on: [timeout]}");
  CHECK_THROWS_AS(parse_param("no-values"), LoadFailure);
}
