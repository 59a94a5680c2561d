// The async queue's counters on small cases traced by hand.
#include <doctest/doctest.h>

#include "faultline/model/data/async_queue.hpp"
#include "support/sim_time.hpp"

using namespace faultline;
using namespace faultline::data;

namespace {
using faultline::testing::at_s;
QueueConfig at_least_once(std::uint32_t concurrency, double visibility_s, std::uint32_t max_receives) {
  QueueConfig c;
  c.concurrency = concurrency;
  c.visibility_timeout = Duration::s(visibility_s);
  c.max_receives = max_receives;
  return c;
}
}  // namespace

TEST_CASE("async queue: a slow consumer past the visibility timeout - redelivered exactly once, effect twice") {
  AsyncQueue q(at_least_once(2, 30, 5));
  CHECK(q.publish(at_s(0), 77) == AsyncQueue::Published::accepted);
  Receipt first, second, none;
  REQUIRE(q.take(at_s(0), first));
  CHECK(first.tag == 77);
  CHECK(first.receive == 1);
  CHECK_FALSE(q.take(at_s(1), none));  // nothing visible
  CHECK(q.next_deadline() == at_s(30));
  q.expire(at_s(29.9));
  CHECK(q.visible() == 0);
  q.expire(at_s(30));  // not acknowledged within 30 s: visible again
  CHECK(q.visible() == 1);
  REQUIRE(q.take(at_s(30), second));
  CHECK(second.receive == 2);
  Duration e2e;
  CHECK(q.finish(at_s(35), first, true, e2e) == AsyncQueue::Finished::acknowledged);  // the slow one ends
  CHECK(e2e == Duration::s(35));
  CHECK(q.finish(at_s(40), second, true, e2e) == AsyncQueue::Finished::already_done);  // second effect
  CHECK(q.deliveries() == 2);
  CHECK(q.redeliveries() == 1);
  CHECK(q.acknowledged() == 1);
  CHECK(q.duplicate_completions() == 1);
  CHECK(q.depth() == 0);
  CHECK(q.consuming() == 0);
  CHECK(q.next_deadline() == Time::max());  // the deadline of receive 2 is stale
  CHECK(q.dead_lettered() == 0);
}

TEST_CASE("async queue: dead-lettered on the failure of its max_receives-th delivery") {
  AsyncQueue q(at_least_once(1, 30, 3));
  q.publish(at_s(0), 1);
  q.publish(at_s(1), 2);
  Receipt r;
  Duration e2e;
  // Message 1 fails at once twice, then times out on its third delivery.
  REQUIRE(q.take(at_s(1), r));
  CHECK(r.tag == 1);
  CHECK(q.finish(at_s(2), r, false, e2e) == AsyncQueue::Finished::visible_again);
  REQUIRE(q.take(at_s(2), r));
  CHECK(r.tag == 2);  // back of the FIFO: message 2 first
  CHECK(q.finish(at_s(3), r, true, e2e) == AsyncQueue::Finished::acknowledged);
  CHECK(e2e == Duration::s(2));
  REQUIRE(q.take(at_s(3), r));
  CHECK(r.tag == 1);
  CHECK(r.receive == 2);
  CHECK(q.finish(at_s(4), r, false, e2e) == AsyncQueue::Finished::visible_again);
  REQUIRE(q.take(at_s(4), r));
  CHECK(r.receive == 3);
  CHECK(q.oldest_age(at_s(10)) == Duration::s(10));
  q.expire(at_s(34));  // third delivery unacknowledged: dead-lettered, not visible
  CHECK(q.dead_lettered() == 1);
  CHECK(q.depth() == 0);
  CHECK(q.visible() == 0);
  CHECK(q.oldest_age(at_s(40)) == Duration::zero());
  CHECK(q.finish(at_s(50), r, false, e2e) == AsyncQueue::Finished::ignored);
  CHECK(q.deliveries() == 4);
  CHECK(q.redeliveries() == 2);
}

TEST_CASE("async queue: at_most_once loses failures; shed_above and capacity reject; concurrency caps takes") {
  QueueConfig c;
  c.delivery = DeliveryMode::at_most_once;
  c.concurrency = 2;
  c.shed_above = 3;
  c.capacity = 10;
  AsyncQueue q(c);
  for (int i = 0; i < 5; ++i) q.publish(at_s(i), static_cast<std::uint64_t>(i));
  CHECK(q.published() == 3);
  CHECK(q.shed() == 2);
  Receipt a, b, none;
  REQUIRE(q.take(at_s(5), a));
  REQUIRE(q.take(at_s(5), b));
  CHECK_FALSE(q.take(at_s(5), none));  // two consumers busy
  CHECK(q.depth() == 1);               // delivered once: no longer held
  Duration e2e;
  CHECK(q.finish(at_s(6), a, false, e2e) == AsyncQueue::Finished::lost);
  CHECK(q.finish(at_s(6), b, true, e2e) == AsyncQueue::Finished::acknowledged);
  CHECK(e2e == Duration::s(5));
  CHECK(q.lost() == 1);
  CHECK(q.next_deadline() == Time::max());

  QueueConfig small;
  small.capacity = 2;
  AsyncQueue full(small);
  CHECK(full.publish(at_s(0), 1) == AsyncQueue::Published::accepted);
  CHECK(full.publish(at_s(0), 2) == AsyncQueue::Published::accepted);
  CHECK(full.publish(at_s(0), 3) == AsyncQueue::Published::shed);
}

TEST_CASE("async queue: a message acknowledged while visible again is never redelivered") {
  AsyncQueue q(at_least_once(2, 10, 5));
  q.publish(at_s(0), 5);
  Receipt r, none;
  REQUIRE(q.take(at_s(0), r));
  q.expire(at_s(10));
  CHECK(q.visible() == 1);
  Duration e2e;
  CHECK(q.finish(at_s(11), r, true, e2e) == AsyncQueue::Finished::acknowledged);
  CHECK(q.visible() == 0);
  CHECK_FALSE(q.take(at_s(12), none));
  CHECK(q.deliveries() == 1);
  // Slots are reused: many messages, memory bounded by the peak depth.
  for (int i = 0; i < 1000; ++i) {
    q.publish(at_s(20), static_cast<std::uint64_t>(i));
    REQUIRE(q.take(at_s(20), r));
    REQUIRE(q.finish(at_s(21), r, true, e2e) == AsyncQueue::Finished::acknowledged);
  }
  CHECK(q.depth() == 0);
}

TEST_CASE("async queue: newest() is the message the last accepted publish made, until it leaves") {
  AsyncQueue q(at_least_once(1, 30, 5));
  q.publish(at_s(0), 10);
  const Handle first = q.newest();
  q.publish(at_s(1), 11);
  const Handle second = q.newest();
  CHECK_FALSE(first == second);
  Receipt r;
  REQUIRE(q.take(at_s(1), r));
  CHECK(r.message == first);
  Duration e2e;
  CHECK(q.finish(at_s(2), r, true, e2e) == AsyncQueue::Finished::acknowledged);
  q.publish(at_s(3), 12);  // reuses the first message's slot, a new generation
  CHECK(q.newest().index == first.index);
  CHECK_FALSE(q.newest() == first);
}
