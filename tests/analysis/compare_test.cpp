// faultline compare: common random numbers and results independent of --jobs.
#include <doctest/doctest.h>

#include <cmath>

#include "faultline/analysis/compare.hpp"
#include "faultline/report/compare.hpp"

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
  CHECK(orphaned.best == 0);
}

TEST_CASE("--jobs 1 and --jobs 4 give identical output") {
  CHECK(format_comparison_csv(compare(options(1))) == format_comparison_csv(compare(options(4))));
  CHECK(format_comparison_json(compare(options(1))) == format_comparison_json(compare(options(3))));
}
