// The engine and the service model against closed-form queueing theory.
//
// Tolerances: for M/M/1 at rho = 0.8 the variance of the mean sojourn time of n
// customers is about rho(2 + 5rho - 4rho^2 + rho^3) / (1 - rho)^4 / (n mu^2)
// (Daley, 1968; autocorrelation included). With n = 3.2e6 customers that gives a
// relative standard error of about 0.6% for W; we allow 3% (5 standard errors),
// so a correct engine passes with any seed and a wrong formula (say FIFO vs
// LIFO mix-up, a lost customer, an off-by-one in time) does not. M/M/c and
// M/D/1 have smaller variances at the same load; M/M/c/K blocking is a
// proportion estimated from ~2e6 arrivals with standard error < 0.1 points.
#include <doctest/doctest.h>

#include <cmath>

#include "faultline/faultline.hpp"
#include "support/spec_builder.hpp"

using namespace faultline;
using namespace faultline::testing;

namespace {

double factorial(int n) { return n <= 1 ? 1.0 : n * factorial(n - 1); }

/// Erlang C probability of waiting for M/M/c with offered load a = lambda/mu.
double erlang_c(int c, double a) {
  double sum = 0;
  for (int k = 0; k < c; ++k) sum += std::pow(a, k) / factorial(k);
  const double top = std::pow(a, c) / factorial(c) / (1 - a / c);
  return top / (sum + top);
}

/// M/M/c/K blocking probability (K = servers + waiting places).
double mmck_blocking(int c, int K, double a) {
  double p0_inv = 0;
  for (int n = 0; n <= K; ++n) {
    p0_inv += n <= c ? std::pow(a, n) / factorial(n) : std::pow(a, n) / (factorial(c) * std::pow(c, n - c));
  }
  return std::pow(a, K) / (factorial(c) * std::pow(c, K - c)) / p0_inv;
}

RunResult run_single(int workers, DistSpec service, double rate_per_s, double duration_s,
                     std::int64_t capacity = QueueSpec::kUnbounded) {
  Spec s = base_spec(duration_s, 7);
  s.simulation.warmup = Duration::s(10);
  const int svc = add_service(s, "server", workers, service, capacity);
  add_open_client(s, "source", svc, rate_per_s);
  return run(s);
}

}  // namespace

TEST_CASE("M/M/1 at rho = 0.8: mean sojourn - its quantiles - queue length - utilization") {
  // lambda = 800/s, mu = 1000/s: W = 1/(mu - lambda) = 5 ms, sojourn ~ Exp(200/s),
  // Wq = 4 ms, Lq = lambda Wq = 3.2, utilization 0.8.
  const RunResult r = run_single(1, exponential_ms(1.0), 800, 4010);
  const auto& c = r.clients.at(0);
  const auto& s = r.services.at(0);
  CHECK(c.latency.mean_ms == doctest::Approx(5.0).epsilon(0.03));
  CHECK(c.latency.p50_ms == doctest::Approx(5.0 * std::log(2.0)).epsilon(0.03));
  CHECK(c.latency.p99_ms == doctest::Approx(5.0 * std::log(100.0)).epsilon(0.05));
  CHECK(s.queue_wait_mean_ms == doctest::Approx(4.0).epsilon(0.04));
  CHECK(s.queue_length_mean == doctest::Approx(3.2).epsilon(0.04));
  CHECK(s.utilization == doctest::Approx(0.8).epsilon(0.01));
  CHECK(s.cpu_utilization == doctest::Approx(0.8).epsilon(0.01));
  CHECK(c.goodput_per_s == doctest::Approx(800).epsilon(0.01));
  CHECK(c.failed_error + c.failed_rejected + c.failed_timeout == 0);
}

TEST_CASE("M/M/c with c = 4 at rho = 0.8 matches Erlang C") {
  const int c = 4;
  const double lambda = 3200, mu = 1000;
  const double wq_ms = erlang_c(c, lambda / mu) / (c * mu - lambda) * 1e3;
  const RunResult r = run_single(c, exponential_ms(1.0), lambda, 1010);
  CHECK(r.services.at(0).queue_wait_mean_ms == doctest::Approx(wq_ms).epsilon(0.04));
  CHECK(r.clients.at(0).latency.mean_ms == doctest::Approx(wq_ms + 1.0).epsilon(0.03));
  CHECK(r.services.at(0).utilization == doctest::Approx(0.8).epsilon(0.01));
}

TEST_CASE("M/M/c/K blocking probability: c = 2 - K = 5 - offered load 2") {
  const double expected = mmck_blocking(2, 5, 2.0);  // about 0.19
  const RunResult r = run_single(2, exponential_ms(1.0), 2000, 1010, 3);
  const auto& s = r.services.at(0);
  const double blocked = static_cast<double>(s.rejected) / static_cast<double>(s.arrivals);
  CHECK(blocked == doctest::Approx(expected).epsilon(0.02));
  CHECK(s.queue_length_max == 3);
  CHECK(r.clients.at(0).failed_rejected == s.rejected);
}

TEST_CASE("M/D/1 at rho = 0.8 matches Pollaczek-Khinchine") {
  // Wq = rho / (2 mu (1 - rho)) = 2 ms for deterministic 1 ms service.
  const RunResult r = run_single(1, constant_ms(1.0), 800, 1010);
  CHECK(r.services.at(0).queue_wait_mean_ms == doctest::Approx(2.0).epsilon(0.03));
  CHECK(r.clients.at(0).latency.mean_ms == doctest::Approx(3.0).epsilon(0.02));
}
