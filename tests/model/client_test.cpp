// Clients: evenly spaced and Poisson arrivals, ramps, bursts, closed loops.
#include <doctest/doctest.h>

#include "faultline/faultline.hpp"
#include "faultline/model/rate_profile.hpp"
#include "support/spec_builder.hpp"

using namespace faultline;
using namespace faultline::testing;

TEST_CASE("rate profile: steps and ramps integrate to the right number of arrivals") {
  ScheduleStep up;
  up.at = Duration::s(10);
  up.rate_per_s = 300;
  up.ramp = Duration::s(10);
  RateProfile p(100, {up});
  CHECK(p.rate_per_s_at(Time::zero() + Duration::s(5)) == doctest::Approx(100));
  CHECK(p.rate_per_s_at(Time::zero() + Duration::s(15)) == doctest::Approx(200));
  CHECK(p.rate_per_s_at(Time::zero() + Duration::s(30)) == doctest::Approx(300));
  // Unit work per arrival (evenly spaced): count arrivals in [0, 30 s).
  Time t = Time::zero();
  int n = 0;
  while (auto next = p.next(t, 1.0)) {
    if (*next >= Time::zero() + Duration::s(30)) break;
    t = *next;
    ++n;
  }
  // 100/s x 10 s + the ramp's 2000 + 300/s x 10 s = 6000.
  CHECK(n == doctest::Approx(6000).epsilon(0.001));
  RateProfile off(0, {});
  CHECK_FALSE(off.next(Time::zero(), 1.0).has_value());
}

TEST_CASE("open loop: uniform arrivals are exactly 1/rate apart, Poisson ones average the rate") {
  Spec s = base_spec(10);
  const int svc = add_service(s, "db", 100, constant_ms(1));
  add_open_client(s, "even", svc, 100, ClientSpec::Arrival::uniform);
  add_open_client(s, "random", svc, 1000);
  const RunResult r = run(s);
  CHECK(r.clients.at(0).operations == 999);  // at 10 ms, 20 ms, ... 9.99 s
  CHECK(static_cast<double>(r.clients.at(1).operations) == doctest::Approx(10000).epsilon(0.03));
}

TEST_CASE("schedules change the rate - bursts add operations at once") {
  Spec s = base_spec(30);
  const int svc = add_service(s, "db", 1000, constant_ms(1));
  const int c = add_open_client(s, "web", svc, 0, ClientSpec::Arrival::uniform);  // starts idle
  ScheduleStep up;
  up.at = Duration::s(10);
  up.rate_per_s = 200;
  s.clients[static_cast<std::size_t>(c)].schedule.push_back(up);
  BurstSpec burst;
  burst.at = Duration::s(5);
  burst.count = 500;
  s.clients[static_cast<std::size_t>(c)].bursts.push_back(burst);
  const RunResult r = run(s);
  const auto& ops = r.timeseries.series.at(0).values;  // operations_per_s
  CHECK(r.timeseries.series.at(0).metric == "operations_per_s");
  CHECK(ops.at(3) == 0);
  CHECK(ops.at(5) == 500);
  CHECK(ops.at(20) == doctest::Approx(200));
  // Evenly spaced arrivals come one gap after the rate starts (10.005 s): the
  // 4000th falls at 30 s exactly, the end, which is outside [0, 30 s).
  CHECK(r.clients.at(0).operations == 500 + 3999);
}

TEST_CASE("closed loop: throughput follows users / (think time + response time)") {
  Spec s = base_spec(60);
  const int svc = add_service(s, "db", 100, constant_ms(10));
  add_closed_client(s, "users", svc, 50, constant_ms(90));
  const RunResult r = run(s);
  // Each user: 90 ms think + 10 ms work = 10 operations per second.
  CHECK(r.clients.at(0).goodput_per_s == doctest::Approx(500).epsilon(0.01));
  CHECK(r.clients.at(0).in_flight <= 50);
  // Halve the users at 30 s.
  ScheduleStep down;
  down.at = Duration::s(30);
  down.users = 25;
  s.clients[0].schedule.push_back(down);
  const RunResult half = run(s);
  const auto& good = half.timeseries.series.at(1).values;
  CHECK(half.timeseries.series.at(1).metric == "goodput_per_s");
  CHECK(good.at(20) == doctest::Approx(500).epsilon(0.02));
  CHECK(good.at(45) == doctest::Approx(250).epsilon(0.02));
}
