// Units of the scenario format: durations, rates, probabilities.
#include <doctest/doctest.h>

#include "faultline/scenario/units.hpp"

using namespace faultline;
using namespace faultline::units;

TEST_CASE("durations: every unit, decimals, exponents, rounding to ns") {
  CHECK(parse_duration("10ns").value == Duration::ns(10));
  CHECK(parse_duration("250us").value == Duration::us(250));
  CHECK(parse_duration("5ms").value == Duration::ms(5));
  CHECK(parse_duration("1.5s").value == Duration::ms(1500));
  CHECK(parse_duration("2m").value == Duration::s(120));
  CHECK(parse_duration("1h").value == Duration::s(3600));
  CHECK(parse_duration("2.5e3ms").value == Duration::s(2.5));
  CHECK(parse_duration("0.4ns").value == Duration::ns(0));
  CHECK(parse_duration("1.6ns").value == Duration::ns(2));
  CHECK(parse_duration(" 3s ").value == Duration::s(3));
  CHECK(parse_duration("0s").value == Duration::zero());
}

TEST_CASE("durations: what is refused and why") {
  CHECK(parse_duration("10").error.find("bare number 10") != std::string::npos);
  CHECK(parse_duration("0").error.find("bare number") != std::string::npos);
  CHECK(parse_duration("10 parsecs").error.find("unknown duration unit") != std::string::npos);
  CHECK(parse_duration("-1s").error.find(">= 0") != std::string::npos);
  CHECK(parse_duration("1e400s").error.find("too long") != std::string::npos);
  CHECK(parse_duration("2000000000s").error.find("too long") != std::string::npos);
  CHECK_FALSE(parse_duration("ms").value);
  CHECK_FALSE(parse_duration("nan s").value);
  CHECK_FALSE(parse_duration("infs").value);
  CHECK_FALSE(parse_duration("0x10s").value);
}

TEST_CASE("rates: per second, per millisecond, per minute, per hour") {
  CHECK(*parse_rate("800/s").value == doctest::Approx(800));
  CHECK(*parse_rate("3/ms").value == doctest::Approx(3000));
  CHECK(*parse_rate("1200/m").value == doctest::Approx(20));
  CHECK(*parse_rate("36/h").value == doctest::Approx(0.01));
  CHECK(*parse_rate("0/s").value == 0);
  CHECK(parse_rate("800").error.find("bare number 800") != std::string::npos);
  CHECK(parse_rate("800/fortnight").error.find("unknown rate unit") != std::string::npos);
  CHECK(parse_rate("-1/s").error.find(">= 0") != std::string::npos);
  CHECK(parse_rate("1e12/s").error.find("too high") != std::string::npos);
  CHECK_FALSE(parse_rate("fast/s").value);
}

TEST_CASE("probabilities: fractions and percentages within [0, 1]") {
  CHECK(*parse_probability("0.05").value == doctest::Approx(0.05));
  CHECK(*parse_probability("5%").value == doctest::Approx(0.05));
  CHECK(*parse_probability("100%").value == doctest::Approx(1));
  CHECK(*parse_probability("0").value == 0);
  CHECK(parse_probability("1.5").error.find("between 0 and 1") != std::string::npos);
  CHECK(parse_probability("150%").error.find("between 0 and 1") != std::string::npos);
  CHECK(parse_probability("-0.1").error.find("between 0 and 1") != std::string::npos);
  CHECK_FALSE(parse_probability("often").value);
}
