// Same seed + same spec = the same run, event for event; another seed differs.
#include <doctest/doctest.h>

#include "faultline/faultline.hpp"
#include "support/spec_builder.hpp"

using namespace faultline;
using namespace faultline::testing;

namespace {
Spec storm(std::uint64_t seed) {
  Spec s = base_spec(20, seed);
  const int retry = add_jittered_retry(s, "retry", 3, Duration::ms(10));
  const int api = add_service(s, "api", 8, exponential_ms(2), 50);
  const int db = add_service(s, "db", 4, exponential_ms(5), 20);
  add_call(s, api, db, Duration::ms(50), retry);
  const int c = add_open_client(s, "web", api, 600);
  s.clients[static_cast<std::size_t>(c)].timeout = Duration::ms(200);
  s.clients[static_cast<std::size_t>(c)].retry = retry;
  add_fault(s, FaultSpec::Kind::latency, db, 5, 5).add = Duration::ms(20);
  return s;
}
}  // namespace

TEST_CASE("same seed: identical fingerprint - counters and time series") {
  const RunResult a = run(storm(42));
  const RunResult b = run(storm(42));
  CHECK(a.engine.events == b.engine.events);
  CHECK(a.engine.fingerprint == b.engine.fingerprint);
  CHECK(a.clients.at(0).succeeded == b.clients.at(0).succeeded);
  CHECK(a.clients.at(0).latency.p99_ms == b.clients.at(0).latency.p99_ms);
  CHECK(a.services.at(1).orphaned == b.services.at(1).orphaned);
  REQUIRE(a.timeseries.series.size() == b.timeseries.series.size());
  for (std::size_t i = 0; i < a.timeseries.series.size(); ++i) {
    const auto& x = a.timeseries.series[i].values;
    const auto& y = b.timeseries.series[i].values;
    REQUIRE(x.size() == y.size());
    for (std::size_t k = 0; k < x.size(); ++k) {
      if (x[k] != x[k] && y[k] != y[k]) continue;  // both "no data"
      CHECK(x[k] == y[k]);
    }
  }
}

TEST_CASE("another seed: a different run") {
  const RunResult a = run(storm(42));
  const RunResult b = run(storm(43));
  CHECK(a.engine.fingerprint != b.engine.fingerprint);
  CHECK(a.clients.at(0).operations != b.clients.at(0).operations);
}
