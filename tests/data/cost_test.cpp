// Cost to the cent on a case checked by hand.
#include <doctest/doctest.h>

#include <cmath>

#include "faultline/model/data/cost.hpp"
#include "support/sim_time.hpp"

using namespace faultline;
using namespace faultline::data;

namespace {
using faultline::testing::at_s;
long cents(double dollars) { return std::lround(dollars * 100); }
}  // namespace

TEST_CASE("replica meter: billed from the warmup's end to the run's end, from the decision to the removal") {
  ReplicaMeter m(at_s(10), at_s(3610), 2);  // one billed hour
  m.set(at_s(1810), 4);   // a scale-out decision at half time: billed at once
  m.set(at_s(2710), 3);   // a removed replica drained 900 s later
  // 2 x 1800 + 4 x 900 + 3 x 900 replica-seconds = 9900 = 2.75 h
  CHECK(m.replica_ns(at_s(3610)) == 9900LL * 1000000000LL);
  CHECK(m.replica_ns(at_s(5000)) == 9900LL * 1000000000LL);  // nothing after the end
  CHECK(m.replica_hours(at_s(3610)) == doctest::Approx(2.75));
  ReplicaMeter warm(at_s(10), at_s(20), 1);
  warm.set(at_s(5), 3);  // before the warmup's end: not billed until 10 s
  CHECK(warm.replica_ns(at_s(20)) == 30LL * 1000000000LL);
}

TEST_CASE("cost: replica-hours x price + requests x per-million, per million successes, to the cent") {
  // api: 2 replicas all hour, plus 2 from a decision at half time = 3 replica-hours at $0.10.
  ReplicaMeter api(at_s(10), at_s(3610), 2);
  api.set(at_s(1810), 4);
  // db: 1 replica at $1.20/h, 2.5 M requests at $0.40 per million.
  ReplicaMeter db(at_s(10), at_s(3610), 1);
  const auto s = total_cost({service_cost("api", {0.10, 0}, api.replica_hours(at_s(3610)), 2000000),
                             service_cost("db", {1.20, 0.40}, db.replica_hours(at_s(3610)), 2500000)},
                            2000000);
  REQUIRE(s.by_service.size() == 2);
  CHECK(s.by_service[0].replica_hours == doctest::Approx(3.0));
  CHECK(cents(s.by_service[0].cost) == 30);   // $0.30
  CHECK(cents(s.by_service[1].cost) == 220);  // $1.20 + $1.00
  CHECK(cents(s.total) == 250);
  CHECK(cents(s.per_million_succeeded) == 125);  // $2.50 / 2 M successes
  CHECK(total_cost({}, 0).per_million_succeeded == 0);
}
