// The log-linear histogram: coverage of the buckets, relative error <= 1%
// against exact nearest-rank quantiles, merge and reset.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "faultline/engine/random.hpp"
#include "faultline/metrics/histogram.hpp"

using namespace faultline;

TEST_CASE("buckets are contiguous and cover every value") {
  for (int b = 1; b < Histogram::kBuckets; ++b) {
    CAPTURE(b);
    REQUIRE(Histogram::bucket_low(b) == Histogram::bucket_high(b - 1) + 1);
    if (Histogram::bucket_high(b) == std::numeric_limits<std::int64_t>::max()) break;
  }
  for (std::int64_t v : {std::int64_t{0}, std::int64_t{127}, std::int64_t{128}, std::int64_t{1000},
                         std::int64_t{123456789}, std::numeric_limits<std::int64_t>::max()}) {
    const int b = Histogram::bucket_of(v);
    CHECK(Histogram::bucket_low(b) <= v);
    CHECK(Histogram::bucket_high(b) >= v);
  }
}

TEST_CASE("quantiles within 1% of the exact nearest-rank values - from 1 ns to 10^12 ns") {
  Rng rng(11);
  Histogram h;
  std::vector<std::int64_t> values;
  for (int i = 0; i < 200000; ++i) {
    // log-uniform over 12 decades
    const auto v = static_cast<std::int64_t>(std::pow(10.0, rng.uniform(0.0, 12.0)));
    values.push_back(v);
    h.record(v);
  }
  std::sort(values.begin(), values.end());
  for (double p : {0.01, 0.5, 0.9, 0.99, 0.999}) {
    CAPTURE(p);
    const auto exact = static_cast<double>(values[static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size()))) - 1]);
    CHECK(std::fabs(h.quantile(p) - exact) <= 0.01 * exact + 0.5);
  }
  CHECK(h.count() == values.size());
  CHECK(h.min() == values.front());
  CHECK(h.max() == values.back());
}

TEST_CASE("mean is exact - merge equals recording everything - reset empties") {
  Histogram a, b, all;
  for (int i = 1; i <= 1000; ++i) {
    (i % 2 ? a : b).record(i * 1000);
    all.record(i * 1000);
  }
  CHECK(all.mean() == doctest::Approx(500500.0));
  a.merge(b);
  CHECK(a.count() == all.count());
  for (double p : {0.1, 0.5, 0.99}) CHECK(a.quantile(p) == all.quantile(p));
  CHECK(a.min() == 1000);
  CHECK(a.max() == 1000000);
  a.reset();
  CHECK(a.count() == 0);
  CHECK(a.quantile(0.5) == 0);
  CHECK(a.mean() == 0);
  a.record(42);
  CHECK(a.quantile(0.99) == 42);
}

TEST_CASE("empty and extreme inputs do not break it") {
  Histogram h;
  CHECK(h.quantile(0.5) == 0);
  CHECK(h.max() == 0);
  h.record(-5);  // recorded as 0
  h.record(std::numeric_limits<std::int64_t>::max());
  CHECK(h.count() == 2);
  CHECK(h.min() == 0);
  CHECK(h.quantile(1.0) == doctest::Approx(static_cast<double>(std::numeric_limits<std::int64_t>::max())).epsilon(0.005));
}
