// The cache against theory: LRU under zipf keys vs Che's approximation, a TTL
// cache vs its renewal formula, and the zipf sampler vs i^-s exactly.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "faultline/engine/distributions.hpp"
#include "faultline/model/data/cache.hpp"
#include "faultline/model/data/flat_index.hpp"
#include "faultline/model/data/key_sampler.hpp"
#include "support/sim_time.hpp"

using namespace faultline;
using namespace faultline::data;

namespace {
using faultline::testing::at_s;

std::vector<double> zipf_probabilities(std::uint64_t n, double s) {
  std::vector<double> p(n);
  double total = 0;
  for (std::uint64_t i = 0; i < n; ++i) total += p[i] = std::pow(static_cast<double>(i + 1), -s);
  for (double& v : p) v /= total;
  return p;
}

// Che's approximation: the characteristic time T solves sum(1 - e^(-p_i T)) = C;
// the hit ratio is sum(p_i (1 - e^(-p_i T))).
double che_hit_ratio(const std::vector<double>& p, double capacity) {
  auto occupied = [&](double t) {
    double sum = 0;
    for (double pi : p) sum += 1 - std::exp(-pi * t);
    return sum;
  };
  double lo = 0, hi = 1;
  while (occupied(hi) < capacity) hi *= 2;
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    (occupied(mid) < capacity ? lo : hi) = mid;
  }
  double ratio = 0;
  for (double pi : p) ratio += pi * (1 - std::exp(-pi * lo));
  return ratio;
}
}  // namespace

TEST_CASE("flat index: insert, find, erase with backward shift, growth past the reserve") {
  FlatIndex index(4);
  for (std::uint64_t k = 1; k <= 1000; ++k) index.insert(k * 7919, static_cast<std::uint32_t>(k));
  CHECK(index.size() == 1000);
  for (std::uint64_t k = 1; k <= 1000; k += 2) CHECK(index.erase(k * 7919));
  CHECK_FALSE(index.erase(3));
  for (std::uint64_t k = 1; k <= 1000; ++k)
    CHECK(index.find(k * 7919) == (k % 2 == 1 ? FlatIndex::npos : static_cast<std::uint32_t>(k)));
  index.assign(2 * 7919, 77);
  CHECK(index.find(2 * 7919) == 77);
  index.clear();
  CHECK(index.size() == 0);
  CHECK(index.find(2 * 7919) == FlatIndex::npos);
}

TEST_CASE("zipf keys: frequencies match i^-s exactly (s = 1.2, 1 and 0.5), uniform keys are uniform") {
  for (double s : {1.2, 1.0, 0.5}) {
    const std::uint64_t n = 10;
    const KeySampler keys = KeySampler::zipf(n, s);
    const auto p = zipf_probabilities(n, s);
    Rng rng(11);
    const int draws = 400000;
    std::vector<int> seen(n + 1, 0);
    for (int i = 0; i < draws; ++i) {
      const std::uint64_t k = keys.draw(rng);
      REQUIRE(k >= 1);
      REQUIRE(k <= n);
      ++seen[k];
    }
    for (std::uint64_t i = 1; i <= n; ++i) {
      const double expected = draws * p[i - 1];
      CHECK(std::fabs(seen[i] - expected) < 5 * std::sqrt(expected));
    }
  }
  const KeySampler uniform = KeySampler::uniform(4);
  Rng rng(3);
  std::vector<int> seen(5, 0);
  for (int i = 0; i < 40000; ++i) ++seen[uniform.draw(rng)];
  CHECK(seen[0] == 0);
  for (int k = 1; k <= 4; ++k) CHECK(std::abs(seen[k] - 10000) < 500);
}

TEST_CASE("zipf keys over 10^6 keys: O(1) setup, P(key 1) = 1 / H(N, s)") {
  const std::uint64_t n = 1000000;
  const KeySampler keys = KeySampler::zipf(n, 0.99);
  double harmonic = 0;
  for (std::uint64_t i = 1; i <= n; ++i) harmonic += std::pow(static_cast<double>(i), -0.99);
  Rng rng(5);
  const int draws = 500000;
  int ones = 0, top_thousand = 0;
  for (int i = 0; i < draws; ++i) {
    const std::uint64_t k = keys.draw(rng);
    ones += k == 1;
    top_thousand += k <= 1000;
  }
  double h1000 = 0;
  for (int i = 1; i <= 1000; ++i) h1000 += std::pow(i, -0.99);
  CHECK(ones / double(draws) == doctest::Approx(1 / harmonic).epsilon(0.02));
  CHECK(top_thousand / double(draws) == doctest::Approx(h1000 / harmonic).epsilon(0.01));
}

TEST_CASE("cache: LRU keeps the recently used, FIFO the recently inserted; TTL; flush") {
  Cache lru({2, Duration::infinite(), Eviction::lru});
  CHECK_FALSE(lru.read(at_s(0), 1));
  lru.fill(at_s(0), 1);
  lru.fill(at_s(0), 2);
  CHECK(lru.read(at_s(1), 1));  // 1 becomes the most recent
  lru.fill(at_s(1), 3);         // evicts 2
  CHECK(lru.contains(1));
  CHECK_FALSE(lru.contains(2));
  CHECK(lru.evictions() == 1);

  Cache fifo({2, Duration::infinite(), Eviction::fifo});
  fifo.fill(at_s(0), 1);
  fifo.fill(at_s(0), 2);
  CHECK(fifo.read(at_s(1), 1));  // a hit does not save it
  fifo.fill(at_s(1), 3);         // evicts 1, the oldest inserted
  CHECK_FALSE(fifo.contains(1));
  CHECK(fifo.contains(2));

  Cache ttl({4, Duration::s(10), Eviction::lru});
  ttl.fill(at_s(0), 7);
  CHECK(ttl.read(at_s(9.999), 7));
  CHECK_FALSE(ttl.read(at_s(10), 7));  // exactly ttl old: expired
  ttl.fill(at_s(10), 7);               // refreshed by the next fill
  CHECK(ttl.read(at_s(15), 7));
  CHECK(ttl.hits() == 2);
  CHECK(ttl.misses() == 1);
  CHECK(ttl.hit_ratio() == doctest::Approx(2.0 / 3.0));

  ttl.flush();
  CHECK(ttl.size() == 0);
  CHECK_FALSE(ttl.read(at_s(16), 7));
  for (std::uint64_t k = 1; k <= 6; ++k) ttl.fill(at_s(16), k);  // all four nodes usable again
  CHECK(ttl.size() == 4);
  CHECK(ttl.evictions() == 2);
}

TEST_CASE("cache: memory follows capacity, not a key space of 10^6") {
  Cache cache({1000, Duration::infinite(), Eviction::lru});
  const KeySampler keys = KeySampler::zipf(1000000, 0.9);
  Rng rng(2);
  for (int i = 0; i < 200000; ++i) {
    const std::uint64_t k = keys.draw(rng);
    if (!cache.read(Time::zero(), k)) cache.fill(Time::zero(), k);
  }
  CHECK(cache.size() == 1000);
  // Nodes for 1000 entries, an index of at most 2048 cells: independent of 10^6.
  CHECK(sizeof(Cache) < 256);
}

TEST_CASE("cache: LRU hit ratio under zipf keys matches Che's approximation within 2%") {
  struct Case {
    std::uint64_t keys;
    double s;
    std::uint32_t capacity;
  };
  for (const Case& c : {Case{10000, 0.8, 1000}, Case{10000, 1.1, 100}, Case{5000, 0.6, 2000}}) {
    Cache cache({c.capacity, Duration::infinite(), Eviction::lru});
    const KeySampler keys = KeySampler::zipf(c.keys, c.s);
    Rng rng(17);
    auto one = [&] {
      const std::uint64_t k = keys.draw(rng);
      if (!cache.read(Time::zero(), k)) cache.fill(Time::zero(), k);
    };
    for (int i = 0; i < 200000; ++i) one();  // warm
    cache.reset_counters();
    for (int i = 0; i < 1000000; ++i) one();
    const double che = che_hit_ratio(zipf_probabilities(c.keys, c.s), c.capacity);
    INFO("keys=" << c.keys << " s=" << c.s << " capacity=" << c.capacity << " che=" << che
                 << " simulated=" << cache.hit_ratio());
    CHECK(cache.hit_ratio() == doctest::Approx(che).epsilon(0.02));
  }
}

TEST_CASE("cache: a TTL cache's hit ratio per key is 1 - 1/(1 + rate_k x ttl)") {
  // Poisson reads at 1000/s over zipf(0.9) keys; unbounded capacity, ttl 1 s.
  const std::uint64_t n = 1000;
  const double rate = 1000, ttl_s = 1;
  const auto p = zipf_probabilities(n, 0.9);
  Cache cache({static_cast<std::uint32_t>(n), Duration::s(ttl_s), Eviction::lru});
  const KeySampler keys = KeySampler::zipf(n, 0.9);
  Rng rng(23);
  std::vector<std::uint64_t> reads(n + 1, 0), hits(n + 1, 0);
  double t = 0;
  for (int i = 0; i < 3000000; ++i) {
    t += dist::exponential(rng, 1.0 / rate);
    const std::uint64_t k = keys.draw(rng);
    const Time now = at_s(t);
    ++reads[k];
    if (cache.read(now, k)) ++hits[k];
    else cache.fill(now, k);
  }
  double expected_total = 0;
  for (std::uint64_t k = 1; k <= n; ++k) expected_total += p[k - 1] * (1 - 1 / (1 + rate * p[k - 1] * ttl_s));
  CHECK(cache.hit_ratio() == doctest::Approx(expected_total).epsilon(0.01));
  for (std::uint64_t k : {1, 10, 100, 1000}) {
    const double expected = 1 - 1 / (1 + rate * p[k - 1] * ttl_s);
    const double seen = static_cast<double>(hits[k]) / static_cast<double>(reads[k]);
    INFO("key " << k << " reads " << reads[k]);
    CHECK(std::fabs(seen - expected) < 4 * std::sqrt(expected * (1 - expected) / static_cast<double>(reads[k])) + 0.005);
  }
}

TEST_CASE("fill table: one fill per key in flight, waiters released in order") {
  FillTable fills(2);
  CHECK(fills.start_or_wait(5, 100));
  CHECK_FALSE(fills.start_or_wait(5, 101));
  CHECK_FALSE(fills.start_or_wait(5, 102));
  CHECK(fills.start_or_wait(6, 200));
  CHECK(fills.in_flight() == 2);
  CHECK(fills.waiting() == 2);
  std::vector<std::uint64_t> released;
  fills.finish(5, [&](std::uint64_t w) { released.push_back(w); });
  CHECK(released == std::vector<std::uint64_t>{101, 102});
  CHECK_FALSE(fills.in_flight(5));
  CHECK(fills.in_flight() == 1);
  CHECK(fills.waiting() == 0);
  CHECK(fills.start_or_wait(5, 103));  // a new fill reuses the slots
  CHECK_FALSE(fills.start_or_wait(5, 104));
  released.clear();
  fills.finish(5, [&](std::uint64_t w) { released.push_back(w); });
  CHECK(released == std::vector<std::uint64_t>{104});
}
