// Stale reads: a read d after a write is stale with probability P(lag > d).
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "faultline/model/data/replication.hpp"
#include "faultline/model/sampler.hpp"
#include "support/sim_time.hpp"

using namespace faultline;
using namespace faultline::data;

namespace {
using faultline::testing::at_ms;
}  // namespace

TEST_CASE("replication: stale until the latest write reaches the replica (traced)") {
  ReplicationLog log(2);
  CHECK_FALSE(log.read(at_ms(0), 9, 0));  // never written: fresh
  const Duration lags1[] = {Duration::ms(100), Duration::ms(10)};
  log.write(at_ms(0), 9, lags1);
  CHECK(log.read(at_ms(50), 9, 0));
  CHECK_FALSE(log.read(at_ms(50), 9, 1));
  CHECK_FALSE(log.read(at_ms(100), 9, 0));  // arrived exactly now
  // A later write with a short lag does not hide an earlier one still in flight.
  const Duration lags2[] = {Duration::ms(1), Duration::ms(300)};
  log.write(at_ms(200), 9, lags2);
  CHECK_FALSE(log.read(at_ms(202), 9, 0));
  CHECK(log.read(at_ms(499), 9, 1));
  CHECK(log.reads() == 6);
  CHECK(log.stale_reads() == 2);
  CHECK(log.keys_written() == 1);
}

TEST_CASE("replication: the share of stale reads d after a write is P(lag > d)") {
  for (const char* shape : {"exponential", "lognormal"}) {
    DistSpec lag_spec;
    if (std::string(shape) == "exponential") {
      lag_spec.kind = DistSpec::Kind::exponential;
      lag_spec.mean_ns = 200e6;
    } else {
      lag_spec.kind = DistSpec::Kind::lognormal;
      lag_spec.mu = std::log(0.150);  // median 150 ms
      lag_spec.sigma = 0.77;
    }
    const Sampler lag(lag_spec);
    for (double d_ms : {50.0, 200.0, 600.0}) {
      ReplicationLog log(3, 100000);
      Rng rng(41);
      const int writes = 100000;
      for (int k = 0; k < writes; ++k) {
        const Time t = at_ms(k * 10.0);  // one write per key, reads on every replica d later
        Duration lags[3];
        for (Duration& l : lags) l = Duration::ns(lag.sample_ns(rng));
        log.write(t, static_cast<std::uint64_t>(k), lags);
        for (std::uint32_t r = 0; r < 3; ++r) log.read(t + Duration::ms(d_ms), static_cast<std::uint64_t>(k), r);
      }
      const double p = 1 - lag.cdf(d_ms * 1e6);
      INFO(shape << " d=" << d_ms << "ms P(lag > d)=" << p << " seen=" << log.stale_share());
      CHECK(std::fabs(log.stale_share() - p) < 4 * std::sqrt(p * (1 - p) / (3.0 * writes)) + 1e-4);
    }
  }
}
