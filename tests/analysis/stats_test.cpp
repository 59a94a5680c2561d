// Confidence-interval arithmetic against values computed by hand.
#include <doctest/doctest.h>

#include <cmath>

#include "faultline/analysis/stats.hpp"

using namespace faultline::analysis;

TEST_CASE("mean and 95% CI of known samples") {
  // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample sd sqrt(32/7) = 2.13809, t(7) = 2.365
  const Interval i = interval({2, 4, 4, 4, 5, 5, 7, 9});
  CHECK(i.n == 8);
  CHECK(i.mean == doctest::Approx(5.0));
  CHECK(i.half_width == doctest::Approx(2.365 * std::sqrt(32.0 / 7.0) / std::sqrt(8.0)).epsilon(1e-9));
  CHECK(t975(1) == doctest::Approx(12.706));
  CHECK(t975(19) == doctest::Approx(2.093));
  CHECK(t975(1000) == doctest::Approx(1.96).epsilon(0.002));
}

TEST_CASE("one sample has no interval - non-finite samples are left out") {
  const Interval one = interval({3.5});
  CHECK(one.mean == 3.5);
  CHECK(one.half_width == 0);
  const Interval some = interval({1, NAN, 3, INFINITY});
  CHECK(some.n == 2);
  CHECK(some.mean == 2);
  CHECK(std::isnan(interval({}).mean));
}

TEST_CASE("paired differences") {
  const Interval d = paired_difference({10, 20, 30}, {11, 22, 33});  // differences 1, 2, 3
  CHECK(d.mean == doctest::Approx(2));
  CHECK(d.half_width == doctest::Approx(4.303 * 1.0 / std::sqrt(3.0)));
  const Interval same = paired_difference({1, 5, 9}, {1, 5, 9});
  CHECK(same.mean == 0);
  CHECK(same.half_width == 0);
}
