// Load-dependent latency by arithmetic; admission: the token bucket's
// admitted count (rate x t + burst), the concurrency cap, CoDel traced by hand.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "faultline/engine/distributions.hpp"
#include "faultline/model/data/admission.hpp"
#include "faultline/model/data/load_dependent.hpp"
#include "support/sim_time.hpp"

using namespace faultline;
using namespace faultline::data;

namespace {
using faultline::testing::at_ms;
}  // namespace

TEST_CASE("load dependent: linear, polynomial and exponential multipliers as the format defines") {
  CHECK(load_multiplier({LoadMode::linear, 2, 0}, 0.5) == doctest::Approx(2.0));
  CHECK(load_multiplier({LoadMode::linear, 2, 0}, 0.0) == doctest::Approx(1.0));
  CHECK(load_multiplier({LoadMode::polynomial, 3, 2}, 0.5) == doctest::Approx(1.75));
  CHECK(load_multiplier({LoadMode::polynomial, 4, 3}, 1.0) == doctest::Approx(5.0));
  CHECK(load_multiplier({LoadMode::exponential, 2, 0}, 1.0) == doctest::Approx(std::exp(2.0)));
  CHECK(load_multiplier({LoadMode::exponential, 2, 0}, 0.0) == doctest::Approx(1.0));
  // u counts the request being started: 3 busy of 4, the 4th starting -> u = 1.
  CHECK(utilization_at_start(3, 4) == doctest::Approx(1.0));
  CHECK(utilization_at_start(0, 4) == doctest::Approx(0.25));
  CHECK(scale_service_time(Duration::ms(10), 2.5) == Duration::ms(25));
  CHECK(scale_service_time(Duration::ns(3), 1.5) == Duration::ns(5));  // 4.5 rounds up
}

TEST_CASE("token bucket: admitted over 0..t is exactly floor(rate x t) + burst under dense arrivals") {
  struct Case {
    double rate;
    std::uint32_t burst;
    std::int64_t expected;
  };
  // Arrivals every 100 us for 10 s, both ends included. (With burst 1 the
  // bucket would sit full between a token and the next arrival, losing that
  // refill as a real bucket does: the formula is then an upper bound.)
  for (const Case& c : {Case{500, 100, 5100}, Case{3, 5, 35}, Case{1000.0 / 3.0, 7, 3340}}) {
    TokenBucket bucket(c.rate, c.burst);
    std::int64_t admitted = 0;
    for (int k = 0; k <= 100000; ++k) admitted += bucket.try_take(Time::zero() + Duration::us(100.0 * k));
    INFO("rate " << c.rate << " burst " << c.burst);
    CHECK(admitted == c.expected);
  }
}

TEST_CASE("token bucket: starts full, never admits more than rate x t + burst on any prefix") {
  TokenBucket bucket(100, 20);
  for (int i = 0; i < 20; ++i) CHECK(bucket.try_take(Time::zero()));
  CHECK_FALSE(bucket.try_take(Time::zero()));
  CHECK_FALSE(bucket.try_take(at_ms(9.999)));
  CHECK(bucket.try_take(at_ms(10)));  // one token per 10 ms
  CHECK(bucket.tokens(at_ms(10)) == doctest::Approx(0.0));
  CHECK(bucket.tokens(at_ms(1000)) == doctest::Approx(20.0));  // capped at burst

  TokenBucket poisson(200, 50);
  Rng rng(9);
  double t = 0;
  std::int64_t admitted = 0;
  for (int i = 0; i < 100000; ++i) {
    t += dist::exponential(rng, 1.0 / 1000);  // 5x the rate
    admitted += poisson.try_take(Time::zero() + Duration::s(t));
    REQUIRE(static_cast<double>(admitted) <= 200 * t + 50 + 1e-9);
  }
  CHECK(static_cast<double>(admitted) == doctest::Approx(200 * t + 50).epsilon(0.001));
}

TEST_CASE("max_concurrency: an arrival finding the cap in service + queued is rejected") {
  ConcurrencyLimit cap(3);
  CHECK(cap.admits(0));
  CHECK(cap.admits(2));
  CHECK_FALSE(cap.admits(3));
}

TEST_CASE("CoDel: traced by hand - drops at interval, then interval/sqrt(count); resumes count on re-entry") {
  CoDel codel(Duration::ms(5), Duration::ms(100));
  std::vector<int> drops;
  for (int t = 0; t < 400; ++t)
    if (codel.drop(at_ms(t), Duration::ms(10))) drops.push_back(t);
  // first above at 0 -> first drop at 100; then 100 + 100/sqrt(2) = 270.7,
  // + 100/sqrt(3) = 328.4, + 100/sqrt(4) = 378.4: served each millisecond.
  CHECK(drops == std::vector<int>{100, 200, 271, 329, 379});
  CHECK(codel.dropping());
  CHECK_FALSE(codel.drop(at_ms(400), Duration::ms(1)));  // below target: stop
  CHECK_FALSE(codel.dropping());
  drops.clear();
  for (int t = 401; t < 620; ++t)
    if (codel.drop(at_ms(t), Duration::ms(10))) drops.push_back(t);
  // Above again from 401 -> 501; count resumes at 5 - 1 = 4: next at 501 + 50,
  // then + 100/sqrt(5) = 595.7.
  CHECK(drops == std::vector<int>{501, 551, 596});
  CHECK(codel.drops() == 8);
  codel.on_empty();
  CHECK_FALSE(codel.dropping());
  CHECK_FALSE(codel.drop(at_ms(700), Duration::ms(50)));  // a new episode waits an interval
}
