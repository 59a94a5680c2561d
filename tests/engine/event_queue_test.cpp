// The event queue (binary heap when small, radix heap when large) against a
// reference priority queue on (time, seq).
#include <doctest/doctest.h>

#include <queue>
#include <vector>

#include "faultline/engine/event_queue.hpp"
#include "faultline/engine/random.hpp"

using namespace faultline;

namespace {
struct Later {
  bool operator()(const Event& a, const Event& b) const {
    return a.at != b.at ? a.at > b.at : a.seq > b.seq;
  }
};
}  // namespace

TEST_CASE("pops in (time, seq) order, like a reference heap, with pushes interleaved") {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    Rng rng(seed);
    EventQueue q;
    std::priority_queue<Event, std::vector<Event>, Later> ref;
    std::uint64_t seq = 0;
    std::int64_t now = 0;
    for (int step = 0; step < 200000; ++step) {
      // Phases that grow and drain the queue, so it crosses between its binary
      // heap and radix heap modes many times in both directions.
      const double p_push = (step / 2000) % 2 == 0 ? 0.56 : 0.44;
      const bool push = ref.empty() || rng.uniform() < p_push;
      if (push) {
        // Many equal times (small offsets) and a few far ones.
        const std::int64_t offset = rng.uniform() < 0.3 ? static_cast<std::int64_t>(rng.below(4))
                                                        : static_cast<std::int64_t>(rng.below(1u << 30));
        const Event e{Time::from_ns(now + offset), seq++, seq * 7, static_cast<TargetId>(rng.below(5)), 1};
        q.push(e);
        ref.push(e);
      } else {
        const Event a = q.pop();
        const Event b = ref.top();
        ref.pop();
        REQUIRE(a.at == b.at);
        REQUIRE(a.seq == b.seq);
        REQUIRE(a.payload == b.payload);
        now = a.at.ns();
      }
      REQUIRE(q.size() == ref.size());
    }
  }
}

TEST_CASE("ties come out first-in first-out in both modes") {
  for (std::uint64_t n : {std::uint64_t{10}, std::uint64_t{EventQueue::kToRadix * 4}}) {
    CAPTURE(n);
    EventQueue q;
    for (std::uint64_t i = 0; i < n; ++i) q.push(Event{Time::from_ns(5), i, i, 0, 0});
    q.push(Event{Time::from_ns(1), n, n, 0, 0});
    CHECK(q.pop().seq == n);
    for (std::uint64_t i = 0; i < n; ++i) CHECK(q.pop().seq == i);
    CHECK(q.empty());
  }
}

TEST_CASE("the move to the radix heap keeps ties in insertion order") {
  // Pushed out of time order, so the binary heap's array is not in seq order
  // when it overflows; ties must still come out first-in first-out.
  EventQueue q;
  std::uint64_t seq = 0;
  for (int i = 0; i < 200; ++i) q.push(Event{Time::from_ns(100 - (i % 3) * 10), seq++, 0, 0, 0});
  std::int64_t last_time = 0;
  std::uint64_t last_seq = 0;
  while (!q.empty()) {
    const Event e = q.pop();
    if (e.at.ns() == last_time) CHECK(e.seq > last_seq);
    CHECK(e.at.ns() >= last_time);
    last_time = e.at.ns();
    last_seq = e.seq;
  }
}

TEST_CASE("pop_before stops at the end time and leaves the event") {
  EventQueue q;
  q.push(Event{Time::from_ns(10), 0, 0, 0, 0});
  q.push(Event{Time::from_ns(20), 1, 0, 0, 0});
  Event e;
  CHECK(q.pop_before(Time::from_ns(15), e));
  CHECK(e.at == Time::from_ns(10));
  CHECK_FALSE(q.pop_before(Time::from_ns(15), e));
  CHECK(q.size() == 1);
  CHECK(q.top_time() == Time::from_ns(20));
}

TEST_CASE("pop_before that stops early takes later pushes before the events it left (runs paused mid-way)") {
  // A run stops at `end` with events pending; a setting changed then schedules
  // at end + d, before those events. Both modes must hand that one out first.
  for (std::uint64_t n : {std::uint64_t{3}, std::uint64_t{EventQueue::kToRadix * 4}}) {
    CAPTURE(n);
    EventQueue q;
    std::uint64_t seq = 0;
    for (std::uint64_t i = 0; i < n; ++i) q.push(Event{Time::from_ns(1000 + static_cast<std::int64_t>(i)), seq++, 0, 0, 0});
    Event e;
    CHECK_FALSE(q.pop_before(Time::from_ns(500), e));
    q.push(Event{Time::from_ns(600), seq++, 7, 0, 0});
    CHECK(q.top_time() == Time::from_ns(600));
    CHECK(q.pop().payload == 7);
    CHECK(q.pop().at == Time::from_ns(1000));
  }
}

TEST_CASE("pop_before with random ends and pushes at or after each end, like a reference heap") {
  for (std::uint64_t seed : {4u, 5u}) {
    CAPTURE(seed);
    Rng rng(seed);
    EventQueue q;
    std::priority_queue<Event, std::vector<Event>, Later> ref;
    std::uint64_t seq = 0;
    std::int64_t now = 0;  // the engine's clock: the last popped time, or the last end reached
    for (int step = 0; step < 100000; ++step) {
      const double p_push = (step / 2000) % 2 == 0 ? 0.56 : 0.44;
      if (ref.empty() || rng.uniform() < p_push) {
        const Event e{Time::from_ns(now + static_cast<std::int64_t>(rng.below(1u << 20))), seq++, seq, 0, 1};
        q.push(e);
        ref.push(e);
        continue;
      }
      const std::int64_t end = now + static_cast<std::int64_t>(rng.below(1u << 20));
      Event a;
      const bool popped = q.pop_before(Time::from_ns(end), a);
      REQUIRE(popped == (ref.top().at.ns() < end));
      if (popped) {
        REQUIRE(a.seq == ref.top().seq);
        ref.pop();
        now = a.at.ns();
      } else {
        now = end;
      }
      REQUIRE(q.size() == ref.size());
    }
  }
}

TEST_CASE("the suite runs with asserts on: the test binary has its own copy of the library without NDEBUG") {
#ifdef NDEBUG
  FAIL("NDEBUG is defined: the library's asserts (this queue's order, the pools' handles) would go unchecked");
#else
  CHECK(true);  // compiled with the library's flags (PUBLIC options of faultline_core_checked)
#endif
}
