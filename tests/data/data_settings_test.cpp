// The data tier's classes changed mid-run (Simulation::set through the
// components): a cache's capacity and ttl, a queue's visibility timeout, a
// pool's size, a wait list's timeout, a token bucket's rate; traced by hand.
#include <doctest/doctest.h>

#include <vector>

#include "faultline/model/data/admission.hpp"
#include "faultline/model/data/async_queue.hpp"
#include "faultline/model/data/cache.hpp"
#include "faultline/model/data/connection_pool.hpp"
#include "faultline/model/data/lock_table.hpp"
#include "support/sim_time.hpp"

using namespace faultline;
using namespace faultline::data;

namespace {
using faultline::testing::at_ms;
}  // namespace

TEST_CASE("cache: a smaller capacity evicts from the tail until the entries fit; a larger one holds more") {
  Cache c(CacheConfig{4, Duration::infinite(), Eviction::lru});
  for (std::uint64_t k = 1; k <= 4; ++k) c.fill(at_ms(0), k);
  CHECK(c.read(at_ms(1), 1));  // 1 is the most recently used: 2 is the tail
  CHECK(c.set_capacity(2) == 2);
  CHECK(c.size() == 2);
  CHECK(c.evictions() == 2);
  CHECK(c.contains(1));
  CHECK(c.contains(4));
  CHECK_FALSE(c.contains(2));
  CHECK_FALSE(c.contains(3));
  c.fill(at_ms(2), 5);  // full at 2: a new key evicts the tail (4)
  CHECK(c.size() == 2);
  CHECK_FALSE(c.contains(4));
  CHECK(c.set_capacity(5) == 0);
  for (std::uint64_t k = 6; k <= 8; ++k) c.fill(at_ms(3), k);
  CHECK(c.size() == 5);
  CHECK(c.evictions() == 3);
  c.fill(at_ms(4), 9);
  CHECK(c.size() == 5);
  CHECK(c.evictions() == 4);
  c.flush();  // every node, those added too, is free again
  for (std::uint64_t k = 10; k <= 14; ++k) c.fill(at_ms(5), k);
  CHECK(c.size() == 5);
  CHECK(c.evictions() == 4);
}

TEST_CASE("cache: a new ttl judges every entry by the time it was stored") {
  Cache c(CacheConfig{4, Duration::infinite(), Eviction::lru});
  c.fill(at_ms(0), 1);
  CHECK(c.read(at_ms(500), 1));
  c.set_ttl(Duration::ms(100));
  CHECK_FALSE(c.read(at_ms(501), 1));  // stored at 0: 501 ms old
  c.fill(at_ms(600), 1);
  CHECK(c.read(at_ms(650), 1));
}

TEST_CASE("async queue: a new visibility timeout moves the deadlines of deliveries in flight") {
  QueueConfig cfg;
  cfg.concurrency = 2;
  cfg.visibility_timeout = Duration::s(30);
  AsyncQueue q(cfg);
  q.publish(at_ms(0), 1);
  q.publish(at_ms(0), 2);
  Receipt a, b;
  REQUIRE(q.take(at_ms(0), a));
  REQUIRE(q.take(at_ms(1000), b));
  CHECK(q.next_deadline() == at_ms(30000));
  cfg.visibility_timeout = Duration::s(2);
  q.reconfigure(cfg);
  CHECK(q.next_deadline() == at_ms(2000));  // delivered at 0, now a 2 s timeout
  q.expire(at_ms(2500));
  CHECK(q.visible() == 1);  // the first is visible again, the second (due at 3 s) not yet
  q.expire(at_ms(3000));
  CHECK(q.visible() == 2);
  CHECK(q.next_deadline() == Time::max());
}

TEST_CASE("connection pool: a larger size grants waiters; a smaller one closes connections as they come back") {
  ConnectionPool pool(1, Duration::ms(500));
  CHECK(pool.acquire(at_ms(0), 1));
  CHECK_FALSE(pool.acquire(at_ms(10), 2));
  CHECK_FALSE(pool.acquire(at_ms(20), 3));
  CHECK_FALSE(pool.grant_spare(at_ms(30)).has_value());  // no room yet
  pool.set_size(2);
  const auto g = pool.grant_spare(at_ms(30));
  REQUIRE(g.has_value());
  CHECK(g->tag == 2);
  CHECK(g->waited == Duration::ms(20));
  CHECK_FALSE(pool.grant_spare(at_ms(30)).has_value());
  CHECK(pool.in_use() == 2);
  pool.set_size(1);
  CHECK_FALSE(pool.release(at_ms(40)).has_value());  // 2 in use > 1: it closes, 3 still waits
  CHECK(pool.in_use() == 1);
  CHECK(pool.waiting() == 1);
  const auto h = pool.release(at_ms(50));  // now at the size: handed to the waiter
  REQUIRE(h.has_value());
  CHECK(h->tag == 3);
}

TEST_CASE("lock table: a new timeout applies to the waits in progress, counted from when each began") {
  LockTable t(Duration::s(50));
  CHECK(t.acquire(at_ms(0), 7, 1));
  CHECK_FALSE(t.acquire(at_ms(100), 7, 2));
  CHECK_FALSE(t.acquire(at_ms(200), 7, 3));
  CHECK(t.next_deadline() == at_ms(50100));
  t.set_timeout(Duration::ms(150));
  CHECK(t.next_deadline() == at_ms(250));
  std::vector<std::uint64_t> failed;
  t.expire(at_ms(300), [&](std::uint64_t, const Grant& g) { failed.push_back(g.tag); });
  CHECK(failed == std::vector<std::uint64_t>{2});
  t.set_timeout(Duration::infinite());
  CHECK(t.next_deadline() == Time::max());
  t.set_timeout(Duration::ms(400));  // from none: deadlines from when each wait began
  CHECK(t.next_deadline() == at_ms(600));
}

TEST_CASE("token bucket: a new rate counts from the change; tokens above a new burst are lost") {
  TokenBucket b(10, 10);  // starts full: 10 tokens
  for (int i = 0; i < 10; ++i) CHECK(b.try_take(at_ms(0)));
  CHECK_FALSE(b.try_take(at_ms(0)));
  b.reconfigure(at_ms(500), 100, 2);  // 5 tokens refilled at 10/s by 500 ms, then capped at 2
  CHECK(b.tokens(at_ms(500)) == doctest::Approx(2));
  CHECK(b.try_take(at_ms(500)));
  CHECK(b.try_take(at_ms(500)));
  CHECK_FALSE(b.try_take(at_ms(500)));
  CHECK(b.tokens(at_ms(510)) == doctest::Approx(1));  // 100/s: one token in 10 ms
}
