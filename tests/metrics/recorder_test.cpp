// What the recorder counts around the warmup: the summary holds operations
// started after it; the time series holds everything that ended in each interval.
#include <doctest/doctest.h>

#include "faultline/faultline.hpp"
#include "support/spec_builder.hpp"

using namespace faultline;
using namespace faultline::testing;

TEST_CASE("latency: the summary counts operations started after the warmup - each interval all that ended in it") {
  Spec s = base_spec(10);
  s.simulation.warmup = Duration::s(5);
  const int svc = add_service(s, "svc", 1000, constant_ms(1));
  add_open_client(s, "web", svc, 100, ClientSpec::Arrival::uniform);  // every 10 ms
  FaultSpec& slow = add_fault(s, FaultSpec::Kind::latency, svc, 0, 5);  // +200 ms during the warmup only
  slow.add = Duration::ms(200);
  const RunResult r = run(s);
  const auto& web = r.clients.at(0);
  // Started at 5.00 ... 9.99 s, each 1 ms: 500 operations, none slowed.
  CHECK(web.operations == 500);
  CHECK(web.latency.count == web.succeeded);
  CHECK(web.succeeded == 500);
  CHECK(web.latency.max_ms == doctest::Approx(1.0).epsilon(0.01));
  // The interval [5 s, 6 s) also holds the slow operations started before 5 s
  // that ended in it (started 4.81 ... 4.99 s: 19 of the ~119 that ended there).
  const Series* p99 = r.timeseries.find("clients.web", "p99_ms");
  REQUIRE(p99 != nullptr);
  REQUIRE(p99->values.size() == 10);
  CHECK(p99->values[5] == doctest::Approx(201.0).epsilon(0.01));
  CHECK(p99->values[6] == doctest::Approx(1.0).epsilon(0.01));
  CHECK(p99->values[2] == doctest::Approx(201.0).epsilon(0.01));
}
