// compare's best mark: only where the best beats the runner-up beyond its confidence interval.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "faultline/analysis/compare.hpp"

using namespace faultline::analysis;

TEST_CASE("best mark: a clear winner is marked - ties, noise and one seed are not") {
  // Higher is better; paired by seed.
  CHECK(clear_best({{10, 11, 12, 13}, {20, 21, 22, 23}}, true) == 1);
  CHECK(clear_best({{10, 11, 12, 13}, {20, 21, 22, 23}}, false) == 0);
  CHECK(clear_best({{5, 5, 5}, {5, 5, 5}, {5, 5, 5}}, true) == -1);  // all equal
  CHECK(clear_best({{10, 20, 10, 20}, {20, 10, 21, 10}}, true) == -1);  // best by a hair, within the noise
  CHECK(clear_best({{10}, {20}}, true) == -1);                          // one seed: no interval
  // Against the runner-up, not the worst: a close second leaves the best unmarked.
  CHECK(clear_best({{1, 1, 1, 1}, {30, 31, 29, 30}, {30, 30, 30, 31}}, true) == -1);
  // Recovery: a variant that recovers on every seed beats one that never does (infinite).
  const double never = std::numeric_limits<double>::infinity();
  CHECK(clear_best({{2, 3, 2, 3}, {never, never, never, never}}, false) == 0);
}
