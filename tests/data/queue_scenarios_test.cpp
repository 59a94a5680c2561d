// The queue scenarios show what they claim, and their variants the other side
// or the fix: `compare --check` as a user runs it, then the figures behind it.
#include <doctest/doctest.h>

#include <cmath>

#include "faultline/faultline.hpp"
#include "support/cli_runner.hpp"
#include "support/results.hpp"

using namespace faultline;
using namespace faultline::testing;

namespace {
std::string file(const std::string& name) { return std::string(FAULTLINE_SOURCE_DIR) + "/scenarios/" + name + ".yaml"; }
}  // namespace

TEST_CASE("queue scenarios: every expect: of the file and of each variant holds on seeds 1..2") {
  for (const char* name : {"sync-vs-async", "queue-redelivery-double-charge"}) {
    CAPTURE(name);
    const CliResult r = cli("compare " + file(name) + " --check --seeds 2 --jobs 2 --quiet --format json");
    INFO(r.err);
    CHECK(r.code == 0);
  }
}

TEST_CASE("sync-vs-async: synchronous goodput collapses in the slowdown; published, it holds and the backlog drains") {
  const RunResult sync = run_scenario("sync-vs-async");
  const RunResult async = run_scenario("sync-vs-async", {Override{"services.api.calls", "[{publish: orders}]"}});
  const auto& good_sync = series(sync, "clients.web", "goodput_per_s");
  const auto& good_async = series(async, "clients.web", "goodput_per_s");
  CHECK(mean(good_sync, 22, 35) < 0.6 * mean(good_async, 22, 35));
  CHECK(sync.queues[0].published == 0);
  const QueueSummary& q = async.queues[0];
  CHECK(q.published + async.clients[0].in_flight == async.clients[0].operations);
  CHECK(q.dead_lettered + q.lost + q.redeliveries == 0);  // slow is not failed: every message is done once
  CHECK(q.end_to_end_ms_p99 > 100 * sync.clients[0].latency.p50_ms);
  bool backlog = false;
  for (const auto& f : async.findings) backlog |= f.kind == "queue_backlog";
  CHECK(backlog);
}

TEST_CASE("queue-redelivery-double-charge: one charge in twenty outlasts the visibility timeout and is made twice") {
  const RunResult r = run_scenario("queue-redelivery-double-charge");
  const QueueSummary& q = r.queues[0];
  const double slow = 0.05 * static_cast<double>(q.deliveries - q.redeliveries);
  // Each slow first delivery is redelivered once (the redelivery is fast), and both charge.
  CHECK(static_cast<double>(q.redeliveries) == doctest::Approx(slow).epsilon(0.35));
  // The window starts at 5 s: a pair straddling it may count on one side only.
  CHECK(std::abs(static_cast<double>(r.services[1].duplicates) - static_cast<double>(q.duplicate_completions)) <= 2);
  const RunResult keys = run_scenario("queue-redelivery-double-charge",
                                      {Override{"services.billing.idempotency", "{keys: true}"}});
  CHECK(keys.services[1].duplicates == 0);
  // Each redelivery waits for its first delivery and is answered from the store; at the run's end some still wait.
  CHECK(std::abs(static_cast<double>(keys.services[1].deduplicated) - static_cast<double>(keys.queues[0].redeliveries)) <= 6);
}
