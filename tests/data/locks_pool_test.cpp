// Row locks and connection pools: FIFO grants and timeouts traced by hand, and
// one hot key locked by every request queueing exactly as M/M/1.
#include <doctest/doctest.h>

#include <queue>
#include <vector>

#include "faultline/engine/distributions.hpp"
#include "faultline/model/data/connection_pool.hpp"
#include "faultline/model/data/lock_table.hpp"
#include "support/sim_time.hpp"

using namespace faultline;
using namespace faultline::data;

namespace {
using faultline::testing::at_ms;
}  // namespace

TEST_CASE("lock table: one holder per key, FIFO waiters, timeouts leave from the middle") {
  LockTable locks(Duration::ms(100));
  CHECK(locks.acquire(at_ms(0), 42, 1));
  CHECK(locks.acquire(at_ms(0), 43, 2));  // another key: independent
  CHECK_FALSE(locks.acquire(at_ms(10), 42, 3));
  CHECK_FALSE(locks.acquire(at_ms(20), 42, 4));
  CHECK_FALSE(locks.acquire(at_ms(30), 42, 5));
  CHECK(locks.waiting() == 3);
  CHECK(locks.next_deadline() == at_ms(110));

  auto g = locks.release(at_ms(50), 42);  // 3 waited 40 ms
  REQUIRE(g.has_value());
  CHECK(g->tag == 3);
  CHECK(g->waited == Duration::ms(40));
  CHECK(locks.next_deadline() == at_ms(120));  // 3's deadline is stale now

  std::vector<std::uint64_t> timed_out;
  locks.expire(at_ms(125), [&](std::uint64_t key, const Grant& t) {
    CHECK(key == 42);
    CHECK(t.waited == Duration::ms(105));
    timed_out.push_back(t.tag);
  });
  CHECK(timed_out == std::vector<std::uint64_t>{4});
  g = locks.release(at_ms(126), 42);
  REQUIRE(g.has_value());
  CHECK(g->tag == 5);  // 4 left the middle; 5 is next
  CHECK_FALSE(locks.release(at_ms(127), 42).has_value());
  CHECK_FALSE(locks.release(at_ms(127), 43).has_value());
  CHECK(locks.locked() == 0);
  CHECK(locks.timeouts() == 1);
  CHECK(locks.next_deadline() == Time::max());
}

TEST_CASE("lock table: one hot key locked by every request waits like M/M/1 (Wq = rho / (mu - lambda))") {
  // Poisson arrivals at 0.6/ms, exponential holds of mean 1 ms, unlimited workers.
  const double lambda = 0.6, mean_hold = 1.0;
  LockTable locks(Duration::infinite());
  Rng arrivals(31), holds(32);
  struct Event {
    double t;
    bool release;
    bool operator>(const Event& o) const { return t > o.t; }
  };
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events;
  double next_arrival = dist::exponential(arrivals, 1 / lambda);
  double total_wait = 0;
  std::uint64_t requests = 0;
  const int n = 400000;
  std::uint64_t tag = 0;
  while (requests < static_cast<std::uint64_t>(n) || !events.empty()) {
    const bool arrive = requests < static_cast<std::uint64_t>(n) && (events.empty() || next_arrival < events.top().t);
    if (arrive) {
      const double t = next_arrival;
      next_arrival += dist::exponential(arrivals, 1 / lambda);
      ++requests;
      if (locks.acquire(at_ms(t), 7, ++tag)) events.push({t + dist::exponential(holds, mean_hold), true});
    } else {
      const double t = events.top().t;
      events.pop();
      if (auto g = locks.release(at_ms(t), 7)) {
        total_wait += g->waited.millis();
        events.push({t + dist::exponential(holds, mean_hold), true});
      }
    }
  }
  const double rho = lambda * mean_hold;
  const double wq = rho / (1 / mean_hold - lambda);  // 1.5 ms
  CHECK(total_wait / n == doctest::Approx(wq).epsilon(0.04));
  CHECK(locks.grants() == static_cast<std::uint64_t>(n));
  // The share that waited at all is rho (PASTA).
  CHECK(static_cast<double>(locks.waited_grants()) / n == doctest::Approx(rho).epsilon(0.01));
}

TEST_CASE("connection pool: size slots, FIFO waiters, wait_timeout fails the wait") {
  ConnectionPool pool(2, Duration::ms(500));
  CHECK(pool.acquire(at_ms(0), 1));
  CHECK(pool.acquire(at_ms(0), 2));
  CHECK_FALSE(pool.acquire(at_ms(100), 3));
  CHECK_FALSE(pool.acquire(at_ms(200), 4));
  CHECK(pool.in_use() == 2);
  CHECK(pool.waiting() == 2);
  auto g = pool.release(at_ms(300));
  REQUIRE(g.has_value());
  CHECK(g->tag == 3);
  CHECK(g->waited == Duration::ms(200));
  CHECK(pool.in_use() == 2);  // handed over, never idle
  CHECK(pool.next_deadline() == at_ms(700));
  std::vector<std::uint64_t> failed;
  pool.expire(at_ms(699), [&](const Grant& t) { failed.push_back(t.tag); });
  CHECK(failed.empty());
  pool.expire(at_ms(700), [&](const Grant& t) {
    failed.push_back(t.tag);
    CHECK(t.waited == Duration::ms(500));
  });
  CHECK(failed == std::vector<std::uint64_t>{4});
  CHECK_FALSE(pool.release(at_ms(800)).has_value());
  CHECK(pool.in_use() == 1);
  // A free connection with nobody queued is granted at once.
  CHECK(pool.acquire(at_ms(801), 5));
  CHECK(pool.timeouts() == 1);
  CHECK(pool.grants() == 4);
}
