// faultline compare: common random numbers and results independent of --jobs.
#include <doctest/doctest.h>

#include <cmath>
#include <sstream>

#include "faultline/analysis/compare.hpp"
#include "faultline/report/compare.hpp"
#include "report/format.hpp"

using namespace faultline;
using namespace faultline::analysis;
using namespace faultline::report;

namespace {
CompareOptions options(int jobs) {
  CompareOptions o;
  o.file = std::string(FAULTLINE_SOURCE_DIR) + "/scenarios/timeout-orphans.yaml";
  o.seeds = 4;
  o.jobs = jobs;
  o.variants = {Variant{"a", {}}, Variant{"same-as-a", {}},
                Variant{"slower", {Override{"services.search.workers", "40"}}}};
  return o;
}
}  // namespace

TEST_CASE("two identical variants give a difference of exactly zero (common random numbers)") {
  const Comparison c = compare(options(2));
  REQUIRE(c.variants.size() == 3);
  REQUIRE(c.seeds.size() == 4);
  for (const auto& row : c.rows) {
    CAPTURE(row.name);
    for (std::size_t s = 0; s < c.seeds.size(); ++s) {
      if (std::isnan(row.samples[0][s])) continue;
      CHECK(row.samples[1][s] == row.samples[0][s]);
    }
    if (row.differences[1].n > 0) {
      CHECK(row.differences[1].mean == 0);
      CHECK(row.differences[1].half_width == 0);
    }
  }
  // A real change shows: fewer workers, more orphaned work.
  const auto& orphaned = c.rows.at(c.rows.size() - 2);
  REQUIRE(orphaned.name == "orphaned");
  CHECK(orphaned.differences[2].mean > 0);
  CHECK(orphaned.best == -1);  // a and same-as-a tie for the best: no mark
}

TEST_CASE("compare table: many variants become rows and stay within 120 columns - one seed says so") {
  CompareOptions o;
  o.file = std::string(FAULTLINE_SOURCE_DIR) + "/scenarios/retry-storm.yaml";
  o.sets = {Override{"simulation.duration", "20s"}, Override{"faults", "[]"}};
  o.seeds = 2;
  o.jobs = 2;
  for (const char* n : {"1", "2", "3", "4", "5", "6"}) {
    o.variants.push_back(Variant{std::string("attempts-") + n, {Override{"retry_policies.standard.max_attempts", n}}});
  }
  const Comparison c = compare(o);
  const std::string table = format_comparison_table(c);
  std::istringstream lines(table);
  std::string line;
  int rows_named = 0;
  while (std::getline(lines, line)) {
    CHECK(display_width(line) <= 120);
    rows_named += line.rfind("attempts-3", 0) == 0 ? 1 : 0;
  }
  CHECK(rows_named >= 2);  // a variant is a row, in the means and in the differences
  CHECK(table.find("api->ledger amplification") != std::string::npos);  // the load each dependency receives
  CHECK(format_comparison_html(c).find("retry_policies.standard.max_attempts=4") != std::string::npos);
  o.seeds = 1;
  o.variants.resize(2);
  CHECK(format_comparison_table(compare(o)).find("1 seed: no interval") != std::string::npos);
}

TEST_CASE("--jobs 1 and --jobs 4 give identical output") {
  CHECK(format_comparison_csv(compare(options(1))) == format_comparison_csv(compare(options(4))));
  CHECK(format_comparison_json(compare(options(1))) == format_comparison_json(compare(options(3))));
}
