// Retries: amplification across layers is exact, backoff and jitter formulas,
// orphaned work when callers time out.
#include <doctest/doctest.h>

#include "faultline/faultline.hpp"
#include "faultline/model/backoff.hpp"
#include "support/spec_builder.hpp"

using namespace faultline;
using namespace faultline::testing;

namespace {
/// web -> top -> mid -> bottom, 3 attempts on every edge, the bottom always failing.
Spec three_layers(double work_ms) {
  Spec s = base_spec(10);
  const int retry3 = add_retry(s, "three", 3);
  const int top = add_service(s, "top", 1000, constant_ms(work_ms));
  const int mid = add_service(s, "mid", 1000, constant_ms(work_ms));
  const int bottom = add_service(s, "bottom", 1000, constant_ms(work_ms));
  s.services[static_cast<std::size_t>(bottom)].error_rate = 1.0;
  add_call(s, top, mid, Duration::infinite(), retry3);
  add_call(s, mid, bottom, Duration::infinite(), retry3);
  const int c = add_open_client(s, "web", top, 100, ClientSpec::Arrival::uniform);
  s.clients[static_cast<std::size_t>(c)].retry = retry3;
  return s;
}
}  // namespace

TEST_CASE("3 attempts at each of 3 layers against an always-failing bottom: 27 bottom attempts per operation") {
  const RunResult r = run(three_layers(1));
  const auto& web = r.clients.at(0);
  // Operations start every 10 ms from 10 ms; each needs ~39 ms; the last few are in flight.
  REQUIRE(web.operations > 900);
  const std::uint64_t finished = web.operations - web.in_flight;
  CHECK(web.failed_error == finished);
  CHECK(web.attempts >= 3 * finished);
  CHECK(web.attempts <= 3 * web.operations);
  CHECK(r.services.at(0).arrivals == web.attempts);
  CHECK(r.services.at(2).errors <= r.services.at(2).arrivals);
  CHECK(r.services.at(2).errors >= 27 * finished);
  // Bottom arrivals per finished operation: exactly 27 (in-flight ones add a partial share).
  CHECK(r.services.at(2).arrivals >= 27 * finished);
  CHECK(r.services.at(2).arrivals <= 27 * web.operations);
}

TEST_CASE("amplification is exact when every operation has finished") {
  const RunResult r = run(three_layers(0));  // no work: every operation ends at once
  const auto& web = r.clients.at(0);
  REQUIRE(web.in_flight == 0);
  CHECK(web.operations == 999);  // every 10 ms from 10 ms to 9.99 s
  CHECK(r.services.at(0).arrivals == 3 * web.operations);
  CHECK(r.services.at(1).arrivals == 9 * web.operations);
  CHECK(r.services.at(2).arrivals == 27 * web.operations);
  CHECK(web.amplification == doctest::Approx(3.0));
}

TEST_CASE("backoff before jitter follows the precise semantics") {
  RetrySpec p;
  p.base = Duration::ms(50);
  p.max = Duration::s(2);
  p.backoff = RetrySpec::Backoff::constant;
  CHECK(backoff_before_jitter(p, 3) == Duration::ms(50));
  p.backoff = RetrySpec::Backoff::linear;
  CHECK(backoff_before_jitter(p, 3) == Duration::ms(150));
  p.backoff = RetrySpec::Backoff::exponential;
  p.multiplier = 2;
  CHECK(backoff_before_jitter(p, 1) == Duration::ms(50));
  CHECK(backoff_before_jitter(p, 4) == Duration::ms(400));
  CHECK(backoff_before_jitter(p, 10) == Duration::s(2));  // capped at max
  p.backoff = RetrySpec::Backoff::none;
  CHECK(backoff_before_jitter(p, 5) == Duration::zero());
}

TEST_CASE("jitter: none - full - equal - decorrelated stay within their formulas") {
  RetrySpec p;
  p.backoff = RetrySpec::Backoff::exponential;
  p.base = Duration::ms(100);
  p.multiplier = 2;
  p.max = Duration::s(1);
  Rng rng(3);
  p.jitter = RetrySpec::Jitter::none;
  CHECK(retry_sleep(p, 2, p.base, rng) == Duration::ms(200));

  double sum_full = 0, sum_equal = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    p.jitter = RetrySpec::Jitter::full;
    const Duration f = retry_sleep(p, 2, p.base, rng);
    CHECK_MESSAGE((f >= Duration::zero() && f <= Duration::ms(200)), "full jitter out of [0, b]");
    sum_full += f.millis();
    p.jitter = RetrySpec::Jitter::equal;
    const Duration e = retry_sleep(p, 2, p.base, rng);
    CHECK_MESSAGE((e >= Duration::ms(100) && e <= Duration::ms(200)), "equal jitter out of [b/2, b]");
    sum_equal += e.millis();
  }
  // Means: full b/2 = 100 ms, equal 3b/4 = 150 ms; standard error < 0.2 ms.
  CHECK(sum_full / n == doctest::Approx(100).epsilon(0.01));
  CHECK(sum_equal / n == doctest::Approx(150).epsilon(0.01));

  p.jitter = RetrySpec::Jitter::decorrelated;
  Duration prev = p.base;
  for (int i = 0; i < 1000; ++i) {
    const Duration d = retry_sleep(p, i + 1, prev, rng);
    const Duration hi = std::max(p.base, Duration::ns(3 * prev.count_ns()));
    CHECK_MESSAGE((d >= p.base && d <= std::min(hi, p.max)), "decorrelated out of [base, min(max, 3 prev)]");
    prev = d;
  }
}

TEST_CASE("a caller that times out leaves orphaned work behind") {
  // One worker, 50 ms of work, callers wait 10 ms and give up: every attempt
  // the service finishes was done for nobody.
  Spec s = base_spec(20);
  const int svc = add_service(s, "slow", 1, constant_ms(50));
  const int c = add_open_client(s, "web", svc, 10, ClientSpec::Arrival::uniform);
  s.clients[static_cast<std::size_t>(c)].timeout = Duration::ms(10);
  const RunResult r = run(s);
  const auto& web = r.clients.at(0);
  const auto& slow = r.services.at(0);
  CHECK(web.succeeded == 0);
  CHECK(web.failed_timeout == web.operations);
  REQUIRE(slow.completed > 100);
  CHECK(slow.orphaned == slow.completed);
  CHECK(slow.utilization == doctest::Approx(0.5).epsilon(0.02));  // 10/s x 50 ms
}

TEST_CASE("retries stop at max_attempts and honour retry_on") {
  Spec s = base_spec(10);
  const int svc = add_service(s, "flaky", 100, constant_ms(1));
  s.services[0].error_rate = 1.0;
  const int retry = add_retry(s, "timeouts-only", 5);
  s.retry_policies[static_cast<std::size_t>(retry)].retry_on = reason_bit(Reason::timeout);
  const int c = add_open_client(s, "web", svc, 100, ClientSpec::Arrival::uniform);
  s.clients[static_cast<std::size_t>(c)].retry = retry;
  const RunResult r = run(s);
  CHECK(r.clients.at(0).amplification == doctest::Approx(1.0));  // errors are not retried
  s.retry_policies[static_cast<std::size_t>(retry)].retry_on = reason_bit(Reason::error);
  const RunResult r2 = run(s);
  CHECK(r2.clients.at(0).attempts == 5 * r2.clients.at(0).operations);
}

namespace {
/// 50 users, each operation 3 attempts of 100 ms against a service that never
/// answers in time, retried at once: everything ends by timeout or deadline.
Spec never_answers(Duration deadline) {
  Spec s = base_spec(10);
  const int slow = add_service(s, "slow", 1000, constant_ms(60'000));
  const int retry3 = add_retry(s, "three", 3);
  ClientSpec& c = s.clients[static_cast<std::size_t>(add_closed_client(s, "users", slow, 50))];
  c.timeout = Duration::ms(100);
  c.retry = retry3;
  c.policies.deadline = deadline;
  return s;
}
}  // namespace

TEST_CASE("timeouts fire exactly on time with many attempts in flight - a deadline cuts the last one short") {
  // Without a deadline an operation lasts exactly 3 x 100 ms: started at 0, 0.3, ..., 9.9 s.
  const RunResult plain = run(never_answers(Duration::infinite()));
  const auto& p = plain.clients.at(0);
  CHECK(p.operations == 50 * 34);
  CHECK(p.in_flight == 50);
  CHECK(p.failed_timeout == 50 * 33);
  CHECK(p.attempts == 3 * p.failed_timeout + 1 * p.in_flight);  // the last ones' first timeout is at 10 s
  CHECK(plain.services.at(0).arrivals == p.attempts);
  // A 250 ms deadline leaves the third attempt 50 ms: every operation lasts exactly 250 ms.
  const RunResult cut = run(never_answers(Duration::ms(250)));
  const auto& c = cut.clients.at(0);
  CHECK(c.operations == 50 * 40);
  CHECK(c.in_flight == 50);  // the last ones would end at exactly 10 s, the run's end
  CHECK(c.failed_timeout == 0);  // they end on the deadline, not a timeout
  CHECK(c.attempts == 3 * c.operations);  // the last ones sent their third at 9.95 s
  // Staggered attempts (one every 10 ms, 10 awaited at any time): each times out
  // 100 ms after it left, so exactly those sent in the last 100 ms are in flight.
  Spec open = base_spec(10);
  const int slow = add_service(open, "slow", 1000, constant_ms(60'000));
  const int web = add_open_client(open, "web", slow, 100, ClientSpec::Arrival::uniform);
  open.clients[static_cast<std::size_t>(web)].timeout = Duration::ms(100);
  const RunResult o = run(open);
  CHECK(o.clients.at(0).operations == 999);
  CHECK(o.clients.at(0).in_flight == 10);  // sent at 9.90 ... 9.99 s
  CHECK(o.clients.at(0).failed_timeout == 989);
}
