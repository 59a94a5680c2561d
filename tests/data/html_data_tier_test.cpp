// The HTML report shows the data tier's tables and charts for the components a
// run has (caches, queues, pools, row locks, replication, autoscaling, cost),
// with the registry's figures, and none of them for a run without a data tier.
#include <doctest/doctest.h>

#include <string>

#include "faultline/metrics/registry.hpp"
#include "faultline/report/report.hpp"
#include "support/results.hpp"
#include "support/text.hpp"

using namespace faultline;
using namespace faultline::testing;

namespace {
using faultline::testing::has;
const char* const kTitles[] = {"<h2>Data tier</h2>", "<th>CACHES</th>",  "<th>QUEUES</th>",      "<th>CONNECTION POOLS</th>",
                               "<th>ROW LOCKS</th>", "<th>REPLICATION</th>", "<th>AUTOSCALING</th>", "<th>DECISIONS</th>",
                               "<th>COST</th>"};
/// Which of kTitles the page has, as a string of 0/1 (easy to read in a failure).
std::string titles(const std::string& html) {
  std::string out;
  for (const char* t : kTitles) out += has(html, t) ? '1' : '0';
  return out;
}
}  // namespace

TEST_CASE("html report: a cache scenario gets the cache table and charts, read from the registry") {
  const RunResult r = run_scenario("cache-stampede");
  const std::string html = report::format_html(r);
  CHECK(titles(html) == "110000000");
  CHECK(has(html, "cache hit ratio"));
  CHECK(has(html, "cache entries"));
  const auto m = registry(r);
  // The hits cell is the registry's figure, as the table writes counts.
  const auto hits = static_cast<std::uint64_t>(m->value("caches.profiles", "hits"));
  std::string digits = std::to_string(hits), grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    grouped += digits[i];
    if ((digits.size() - i - 1) % 3 == 0 && i + 1 != digits.size()) grouped += ',';
  }
  CHECK(has(html, "<tr><td>profiles</td><td>" + grouped + "</td>"));
  CHECK(has(html, "cache_flush on profiles at 20 s"));  // an instant, not a window
}

TEST_CASE("html report: a run without a data tier has none of its tables or charts") {
  const std::string html = report::format_html(run_scenario("timeout-orphans"));
  CHECK(titles(html) == "000000000");
  for (const char* chart : {"cache hit ratio", "queue depth", "connections in use", "waiting for a row lock", "stale reads",
                            "replicas"}) {
    CAPTURE(chart);
    CHECK_FALSE(has(html, chart));
  }
}

TEST_CASE("html report: queues, pools, locks, replication, autoscaling and cost each where present") {
  CHECK(titles(report::format_html(run_scenario("queue-redelivery-double-charge"))) == "101000000");
  const std::string pools = report::format_html(run_scenario("pool-exhaustion"));
  CHECK(titles(pools) == "100100000");
  CHECK(has(pools, "<tr><td>api-&gt;db</td><td>10</td><td>20</td>"));  // size per replica, peak in use over both
  CHECK(has(pools, "waiting for a connection"));
  const std::string locks = report::format_html(run_scenario("hot-row-locks"));
  CHECK(titles(locks) == "100010000");
  CHECK(has(locks, "waiting for a row lock"));
  const std::string rep = report::format_html(run_scenario("read-after-write"));
  CHECK(titles(rep) == "100001000");
  CHECK(has(rep, "stale reads"));
  const std::string scale = report::format_html(run_scenario("cost-of-retries"));
  CHECK(titles(scale) == "100000111");
  CHECK(has(scale, "api serving"));  // the replicas chart: starting or serving, and serving
  CHECK(has(scale, " per million succeeded operations"));
}
