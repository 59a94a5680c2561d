// The ring under the per-edge timeout FIFO and the replica queue: order, growth
// across the wrap, both ends, and the FIFO's `fits`.
#include <doctest/doctest.h>

#include "faultline/model/timeout_fifo.hpp"

using namespace faultline;

TEST_CASE("timeout FIFO keeps entries in order across growth and wrap-around") {
  TimeoutFifo q;
  std::uint32_t pushed = 0, popped = 0;
  // Interleave pushes and pops so the ring wraps before it grows, several times.
  for (int round = 0; round < 6; ++round) {
    for (int i = 0; i < 5 + round * 7; ++i, ++pushed) {
      REQUIRE(q.fits(Time::from_ns(pushed)));
      q.push(Time::from_ns(pushed), Handle{pushed, 1}, static_cast<std::uint8_t>(pushed % 200 + 1));
    }
    for (int i = 0; i < 3 + round * 5; ++i, ++popped) {
      REQUIRE(q.front().at == Time::from_ns(popped));
      REQUIRE(q.front().call.index == popped);
      REQUIRE(q.front().attempt_no == popped % 200 + 1);
      q.pop();
    }
    CHECK(q.size() == pushed - popped);
  }
  while (!q.empty()) {
    CHECK(q.front().call.index == popped++);
    q.pop();
  }
  CHECK(popped == pushed);
}

TEST_CASE("timeout FIFO: an earlier time does not fit behind a later one") {
  TimeoutFifo q;
  CHECK(q.fits(Time::from_ns(5)));
  q.push(Time::from_ns(10), Handle{1, 1}, 1);
  CHECK(q.fits(Time::from_ns(10)));  // equal times keep their order
  CHECK_FALSE(q.fits(Time::from_ns(9)));
}

TEST_CASE("ring: taken from the back it is last-in first-out - and survives growth") {
  Ring<int> r;
  for (int i = 0; i < 3; ++i) r.push_back(i);
  CHECK(r.pop_front() == 0);  // head moves, so the growth below wraps
  for (int i = 3; i < 40; ++i) r.push_back(i);
  CHECK(r.size() == 39);
  CHECK(r.pop_back() == 39);
  CHECK(r.pop_back() == 38);
  CHECK(r.pop_front() == 1);
  CHECK(r.front() == 2);
  CHECK(r.back() == 37);
  int expected = 2;
  while (!r.empty()) CHECK(r.pop_front() == expected++);
  CHECK(expected == 38);
}
