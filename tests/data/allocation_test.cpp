// The data tier's hot path allocates nothing once its slabs have grown to the
// peak they need: counted by replacing the global operator new in the test
// binary (a counter, nothing else changes).
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "faultline/model/data/admission.hpp"
#include "faultline/model/data/async_queue.hpp"
#include "faultline/model/data/autoscaler.hpp"
#include "faultline/model/data/cache.hpp"
#include "faultline/model/data/connection_pool.hpp"
#include "faultline/model/data/key_sampler.hpp"
#include "faultline/model/data/lock_table.hpp"
#include "faultline/model/data/replication.hpp"

namespace {
std::atomic<std::uint64_t> g_allocations{0};
}  // namespace

// Every form that pairs with the deletes below allocates with malloc here:
// a form left to the library (std::stable_sort's nothrow buffer) would be
// freed by these deletes, which AddressSanitizer rightly reports.
void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size) { return operator new(size); }
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return operator new(size, tag); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

using namespace faultline;
using namespace faultline::data;

namespace {
Time at_us(std::int64_t us) { return Time::zero() + Duration::us(static_cast<double>(us)); }

// Runs `round` twice: the first grows every slab to its peak; the second must
// not allocate at all.
template <class F>
std::uint64_t allocations_of_second_round(F&& round) {
  round(0);
  const std::uint64_t before = g_allocations.load();
  round(1);
  return g_allocations.load() - before;
}
}  // namespace

TEST_CASE("data tier: no allocation per operation once warm - cache, fills, keys") {
  Cache cache({1000, Duration::s(1), Eviction::lru});
  FillTable fills(16);
  const KeySampler keys = KeySampler::zipf(1000000, 0.99);
  Rng rng(1);
  CHECK(allocations_of_second_round([&](int r) {
          for (int i = 0; i < 100000; ++i) {
            const Time now = at_us(r * 1000000 + i);
            const std::uint64_t k = keys.draw(rng);
            if (!cache.read(now, k)) {
              if (fills.start_or_wait(k, static_cast<std::uint64_t>(i))) fills.start_or_wait(k, 1);
              fills.finish(k, [](std::uint64_t) {});
              cache.fill(now, k);
            }
            if (i % 50000 == 0) cache.flush();
          }
        }) == 0);
}

TEST_CASE("data tier: no allocation per operation once warm - locks, pool, queue, replication, admission") {
  LockTable locks(Duration::ms(5), 8);
  ConnectionPool pool(4, Duration::ms(5));
  QueueConfig qc;
  qc.concurrency = 8;
  qc.visibility_timeout = Duration::ms(3);
  qc.max_receives = 3;
  AsyncQueue queue(qc);
  ReplicationLog replicas(2, 64);
  TokenBucket bucket(1000, 10);
  CoDel codel(Duration::ms(5), Duration::ms(100));
  Autoscaler scaler(AutoscaleConfig{}, 2);
  Rng rng(2);
  bool held[4] = {false, false, false, false};
  CHECK(allocations_of_second_round([&](int r) {
          for (int i = 0; i < 50000; ++i) {
            const Time now = at_us(r * 100000000LL + i * 100);
            const std::uint64_t key = rng.below(4);
            locks.expire(now, [](std::uint64_t, const Grant&) {});
            if (held[key]) {
              if (!locks.release(now, key)) held[key] = false;  // else a waiter holds it now
            } else {
              held[key] = locks.acquire(now, key, static_cast<std::uint64_t>(i));
            }
            if (!held[key]) held[key] = locks.acquire(now, key, static_cast<std::uint64_t>(i));  // free: granted
            if (rng.bernoulli(0.5) && held[(key + 1) % 4]) locks.acquire(now, (key + 1) % 4, 7);  // a waiter
            if (!pool.acquire(now, static_cast<std::uint64_t>(i))) pool.expire(now, [](const Grant&) {});
            if (pool.in_use() == 4) pool.release(now);
            queue.publish(now, static_cast<std::uint64_t>(i));
            Receipt receipt;
            Duration e2e;
            queue.expire(now);
            while (queue.take(now, receipt)) queue.finish(now, receipt, rng.bernoulli(0.7), e2e);  // drains
            const Duration lags[2] = {Duration::ms(1), Duration::ms(2)};
            replicas.write(now, key, lags);
            replicas.read(now, key, 1);
            bucket.try_take(now);
            codel.drop(now, Duration::ms(static_cast<double>(i % 10)));
            if (i % 1000 == 0) scaler.evaluate(now, 0.3 + 0.1 * static_cast<double>(i % 7));
            scaler.take_ready(now);
          }
        }) == 0);
}
