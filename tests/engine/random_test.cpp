// Random streams: reproducible, independent by name, uniform enough.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "faultline/engine/random.hpp"

using namespace faultline;

TEST_CASE("the same seed and name give the same stream, whatever else exists") {
  Rng a = stream_for(42, "services.ledger[0].work");
  Rng noise = stream_for(42, "services.api[0].work");  // created in between: must not matter
  for (int i = 0; i < 10; ++i) noise.next();
  Rng b = stream_for(42, "services.ledger[0].work");
  for (int i = 0; i < 1000; ++i) REQUIRE(a.next() == b.next());
}

TEST_CASE("other names, seeds and replications give other streams") {
  const std::uint64_t base = stream_for(42, "x").next();
  CHECK(stream_for(43, "x").next() != base);
  CHECK(stream_for(42, "y").next() != base);
  CHECK(stream_for(42, "x", 1).next() != base);
}

TEST_CASE("uniform draws stay in range and fill 20 bins evenly (chi-square)") {
  Rng r(9);
  std::vector<int> bins(20, 0);
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double u = r.uniform();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    REQUIRE(r.uniform_open0() > 0.0);
    ++bins[static_cast<std::size_t>(u * 20)];
  }
  double chi2 = 0;
  const double expected = n / 20.0;
  for (int b : bins) chi2 += (b - expected) * (b - expected) / expected;
  // 19 degrees of freedom: P(chi2 > 43.8) = 0.001.
  CHECK(chi2 < 43.8);
  for (int i = 0; i < 1000; ++i) CHECK(r.below(7) < 7);
}
