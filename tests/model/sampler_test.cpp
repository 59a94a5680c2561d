// Each distribution's sample mean and quantiles against its exact values.
// n = 400,000 draws with a fixed seed. Tolerances are 5 standard errors or
// more: for the mean, se = sd/sqrt(n) (sd/mean <= 1 here except the heavy
// tails, whose tolerance is wider); for a p-quantile,
// se = sqrt(p(1-p)/n) / f(q_p), which at p = 0.99 and n = 4e5 is about 1% of
// q for these shapes. A wrong formula (a rate for a mean, sigma of log10,
// a missed truncation) misses by far more.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "faultline/model/sampler.hpp"

using namespace faultline;

namespace {

constexpr int kDraws = 400000;

struct Sample {
  double mean = 0;
  std::vector<double> sorted;
  double q(double p) const { return sorted[static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size()))) - 1]; }
};

Sample draw(const DistSpec& spec, std::uint64_t seed = 7) {
  Sampler s(spec);
  Rng rng(seed);
  Sample out;
  out.sorted.reserve(kDraws);
  double sum = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double v = static_cast<double>(s.sample_ns(rng));
    CHECK_MESSAGE(v >= 0, "negative draw");
    sum += v;
    out.sorted.push_back(v);
  }
  std::sort(out.sorted.begin(), out.sorted.end());
  out.mean = sum / kDraws;
  return out;
}

void check_against_exact(const DistSpec& spec, double mean_tol, double q_tol) {
  const Sampler exact(spec);
  const Sample s = draw(spec);
  CHECK(s.mean == doctest::Approx(exact.mean_ns()).epsilon(mean_tol));
  for (double p : {0.5, 0.9, 0.99}) {
    CAPTURE(p);
    CHECK(s.q(p) == doctest::Approx(exact.quantile_ns(p)).epsilon(q_tol));
  }
}

DistSpec make(DistSpec::Kind k) {
  DistSpec d;
  d.kind = k;
  return d;
}

}  // namespace

TEST_CASE("constant") {
  DistSpec d = make(DistSpec::Kind::constant);
  d.value_ns = 5e6;
  const Sample s = draw(d);
  CHECK(s.sorted.front() == 5e6);
  CHECK(s.sorted.back() == 5e6);
}

TEST_CASE("exponential: mean and quantiles") {
  DistSpec d = make(DistSpec::Kind::exponential);
  d.mean_ns = 8e6;
  check_against_exact(d, 0.01, 0.02);
  CHECK(Sampler(d).quantile_ns(0.5) == doctest::Approx(8e6 * std::log(2.0)));
}

TEST_CASE("uniform") {
  DistSpec d = make(DistSpec::Kind::uniform);
  d.min_ns = 2e6;
  d.max_ns = 6e6;
  check_against_exact(d, 0.005, 0.01);
  CHECK(Sampler(d).mean_ns() == doctest::Approx(4e6));
}

TEST_CASE("normal - truncated at 0") {
  DistSpec d = make(DistSpec::Kind::normal);
  d.mean_ns = 10e6;
  d.stddev_ns = 2e6;
  check_against_exact(d, 0.005, 0.01);
  CHECK(Sampler(d).quantile_ns(0.5) == doctest::Approx(10e6).epsilon(1e-6));
  d.mean_ns = 1e6;  // heavy truncation: the mean moves up, never a negative draw
  d.stddev_ns = 2e6;
  check_against_exact(d, 0.01, 0.02);
  CHECK(Sampler(d).mean_ns() > 1.5e6);
}

TEST_CASE("lognormal from median and p99") {
  DistSpec d = make(DistSpec::Kind::lognormal);
  d.mu = std::log(5e-3);                          // median 5 ms
  d.sigma = std::log(40.0 / 5.0) / 2.3263478740408408;  // p99 40 ms
  const Sampler exact(d);
  CHECK(exact.quantile_ns(0.5) == doctest::Approx(5e6));
  CHECK(exact.quantile_ns(0.99) == doctest::Approx(40e6).epsilon(1e-6));
  check_against_exact(d, 0.02, 0.03);
}

TEST_CASE("pareto") {
  DistSpec d = make(DistSpec::Kind::pareto);
  d.scale_ns = 1e6;
  d.shape = 2.5;  // finite variance: the mean converges
  check_against_exact(d, 0.02, 0.03);
  d.shape = 1.0;
  CHECK(std::isinf(Sampler(d).mean_ns()));
  CHECK(Sampler(d).quantile_ns(0.99) == doctest::Approx(100e6));
}

TEST_CASE("mixture: bimodal tail") {
  DistSpec fast = make(DistSpec::Kind::constant);
  fast.value_ns = 5e6;
  DistSpec slow = make(DistSpec::Kind::exponential);
  slow.mean_ns = 500e6;
  DistSpec d = make(DistSpec::Kind::mixture);
  d.of.push_back({0.95, fast});
  d.of.push_back({0.05, slow});
  const Sampler exact(d);
  CHECK(exact.mean_ns() == doctest::Approx(0.95 * 5e6 + 0.05 * 500e6));
  const Sample s = draw(d);
  CHECK(s.mean == doctest::Approx(exact.mean_ns()).epsilon(0.03));
  CHECK(s.q(0.5) == 5e6);
  CHECK(s.q(0.99) == doctest::Approx(exact.quantile_ns(0.99)).epsilon(0.05));
  const double share_fast = static_cast<double>(std::count(s.sorted.begin(), s.sorted.end(), 5e6)) / kDraws;
  CHECK(share_fast == doctest::Approx(0.95).epsilon(0.005));
}

TEST_CASE("empirical: CDF points - linear between") {
  DistSpec d = make(DistSpec::Kind::empirical);
  d.points = {{0.5, 4e6}, {0.9, 12e6}, {0.99, 80e6}, {1.0, 300e6}};
  const Sampler exact(d);
  CHECK(exact.quantile_ns(0.5) == doctest::Approx(4e6));
  CHECK(exact.quantile_ns(0.7) == doctest::Approx(8e6));
  CHECK(exact.cdf(8e6) == doctest::Approx(0.7));
  check_against_exact(d, 0.02, 0.02);
}

TEST_CASE("the same seed draws the same values - another seed does not") {
  DistSpec d = make(DistSpec::Kind::exponential);
  d.mean_ns = 1e6;
  Sampler s(d);
  Rng a(3), b(3), c(4);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const auto x = s.sample_ns(a);
    CHECK(x == s.sample_ns(b));
    differs = differs || x != s.sample_ns(c);
  }
  CHECK(differs);
}
