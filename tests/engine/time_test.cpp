// Time and Duration: integer nanoseconds, exact units, "never" saturates.
#include <doctest/doctest.h>

#include "faultline/engine/time.hpp"

using namespace faultline;

TEST_CASE("units convert exactly to nanoseconds") {
  CHECK(Duration::us(250).count_ns() == 250000);
  CHECK(Duration::ms(1.5).count_ns() == 1500000);
  CHECK(Duration::s(2).count_ns() == 2000000000);
  CHECK(Duration::s(0.1).seconds() == doctest::Approx(0.1));
  CHECK(Duration::ms(5).millis() == 5.0);
}

TEST_CASE("adding infinite or overflowing durations saturates at Time::max") {
  const Time t = Time::from_ns(1000);
  CHECK(t + Duration::infinite() == Time::max());
  CHECK(Time::max() + Duration::ns(1) == Time::max());
  CHECK((t + Duration::ns(5)).ns() == 1005);
  CHECK((Time::from_ns(10) - Time::from_ns(4)) == Duration::ns(6));
  CHECK(Duration::infinite().is_infinite());
  CHECK(Duration::zero() < Duration::ns(1));
}
