// The batch runner: each result in its job's slot whatever the thread count; a stop marks runs partial.
#include <doctest/doctest.h>

#include <atomic>

#include "faultline/analysis/batch.hpp"
#include "faultline/scenario/load.hpp"

using namespace faultline;
using namespace faultline::analysis;

namespace {
Spec short_spec() {
  return load_spec(std::string(FAULTLINE_SOURCE_DIR) + "/scenarios/timeout-orphans.yaml",
                   {Override{"simulation.duration", "5s"}, Override{"faults", "[]"}});
}
}  // namespace

TEST_CASE("batch: results land in their jobs' slots - the same for 1 and 3 threads") {
  const Spec spec = short_spec();
  std::vector<BatchJob> jobs;
  for (std::uint64_t seed : {5, 1, 9, 3, 7}) jobs.push_back(BatchJob{&spec, seed});
  int calls = 0, last_total = 0;
  BatchOptions one{1, [&](int, int total) { ++calls; last_total = total; }, nullptr};
  const auto a = run_batch(jobs, one);
  const auto b = run_batch(jobs, BatchOptions{3, {}, nullptr});
  REQUIRE(a.size() == jobs.size());
  CHECK(calls == 5);
  CHECK(last_total == 5);
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    CHECK(a[i].seed == jobs[i].seed);
    CHECK(a[i].engine.fingerprint == b[i].engine.fingerprint);
    CHECK(!a[i].partial);
  }
  CHECK(!any_partial(a));
  CHECK(a[0].engine.fingerprint != a[1].engine.fingerprint);
}

TEST_CASE("batch: a stop before the start leaves every run partial") {
  const Spec spec = short_spec();
  const std::vector<BatchJob> jobs = {BatchJob{&spec, 1}, BatchJob{&spec, 2}};
  std::atomic<bool> stop{true};
  const auto r = run_batch(jobs, BatchOptions{2, {}, &stop});
  CHECK(any_partial(r));
  CHECK(r[0].partial);
  CHECK(r[1].partial);
}
