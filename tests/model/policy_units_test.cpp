// Each policy's state machine and arithmetic in isolation.
#include <doctest/doctest.h>

#include "faultline/model/adaptive_throttle.hpp"
#include "faultline/model/circuit_breaker.hpp"
#include "faultline/model/execution_store.hpp"
#include "faultline/model/retry_budget.hpp"
#include "support/spec_builder.hpp"
#include "support/sim_time.hpp"

using namespace faultline;
using namespace faultline::testing;

namespace {
using faultline::testing::at_s;
}  // namespace

TEST_CASE("circuit breaker: closed -> open at the failure share - with min_calls") {
  CircuitBreaker b(breaker(0.5, Duration::s(10), 4, Duration::s(5), 2));
  b.record(at_s(1), false);
  b.record(at_s(1), false);
  b.record(at_s(1), false);  // 3 failures of 3: below min_calls, still closed
  CHECK(b.state(at_s(1)) == CircuitBreaker::State::closed);
  CHECK(b.allow(at_s(1)));
  b.record(at_s(2), true);  // 4 outcomes, 3 failed = 75% >= 50%
  CHECK(b.state(at_s(2)) == CircuitBreaker::State::open);
  CHECK_FALSE(b.allow(at_s(2)));
  CHECK_FALSE(b.allow(at_s(6.99)));
  // After open_for: half-open, exactly half_open_probes calls go through.
  CHECK(b.state(at_s(7)) == CircuitBreaker::State::half_open);
  CHECK(b.allow(at_s(7)));
  CHECK(b.allow(at_s(7)));
  CHECK_FALSE(b.allow(at_s(7)));
  b.record(at_s(7.1), true);
  CHECK(b.state(at_s(7.1)) == CircuitBreaker::State::half_open);
  b.record(at_s(7.2), true);  // all probes succeeded
  CHECK(b.state(at_s(7.2)) == CircuitBreaker::State::closed);
  CHECK(b.transitions() == 3);
  // Closed with an empty window: one failure alone does not reopen it.
  b.record(at_s(8), false);
  CHECK(b.state(at_s(8)) == CircuitBreaker::State::closed);
}

TEST_CASE("circuit breaker: a failed probe reopens - old outcomes leave the window") {
  CircuitBreaker b(breaker(0.5, Duration::s(10), 2, Duration::s(5), 1));
  b.record(at_s(0), false);
  b.record(at_s(11), true);  // the failure at 0 s left the window at 10 s
  b.record(at_s(11), true);
  CHECK(b.state(at_s(11)) == CircuitBreaker::State::closed);
  b.record(at_s(12), false);
  b.record(at_s(12), false);  // 2 of 4 failed = 50%
  CHECK(b.state(at_s(12)) == CircuitBreaker::State::open);
  CHECK(b.allow(at_s(17)));
  b.record(at_s(17.5), false);
  CHECK(b.state(at_s(17.5)) == CircuitBreaker::State::open);
  CHECK_FALSE(b.allow(at_s(22)));
  CHECK(b.allow(at_s(22.5)));
}

TEST_CASE("retry budget: ratio of first attempts plus a reserve - expiring after ttl") {
  BudgetSpec spec;
  spec.enabled = true;
  spec.ratio = 0.1;
  spec.min_per_second = 1;
  spec.ttl = Duration::s(10);
  RetryBudget budget(spec);
  CHECK(budget.balance(at_s(0)) == doctest::Approx(10));  // reserve: 1/s x 10 s
  for (int i = 0; i < 100; ++i) budget.deposit(at_s(0.5));
  CHECK(budget.balance(at_s(0.5)) == doctest::Approx(20));
  int granted = 0;
  while (budget.try_withdraw(at_s(1))) ++granted;
  CHECK(granted == 20);
  CHECK_FALSE(budget.try_withdraw(at_s(1)));
  // Deposits and withdrawals leave the window after ttl: back to the reserve.
  CHECK(budget.balance(at_s(12)) == doctest::Approx(10));
}

TEST_CASE("gRPC retry throttling: retries stop at half the tokens") {
  ThrottlingSpec spec;
  spec.enabled = true;
  spec.max_tokens = 10;
  spec.token_ratio = 0.5;
  RetryThrottling t(spec);
  for (int i = 0; i < 4; ++i) t.on_failure();
  CHECK(t.tokens() == doctest::Approx(6));
  CHECK(t.retry_allowed());
  t.on_failure();
  CHECK_FALSE(t.retry_allowed());  // 5 is not > 10/2
  t.on_success();
  CHECK(t.tokens() == doctest::Approx(5.5));
  CHECK(t.retry_allowed());
  for (int i = 0; i < 100; ++i) t.on_success();
  CHECK(t.tokens() == doctest::Approx(10));  // capped
}

TEST_CASE("adaptive throttling: p = max(0 - (requests - k accepts) / (requests + 1))") {
  AdaptiveThrottleSpec spec;
  spec.enabled = true;
  spec.k = 2;
  spec.window = Duration::s(60);
  AdaptiveThrottle t(spec);
  Rng rng(1);
  CHECK(t.reject_probability(at_s(0)) == 0);
  for (int i = 0; i < 99; ++i) t.should_reject(at_s(1), rng);  // 99 requests, no accepts
  CHECK(t.reject_probability(at_s(1)) == doctest::Approx(99.0 / 100.0));
  for (int i = 0; i < 30; ++i) t.on_accept(at_s(1));
  CHECK(t.reject_probability(at_s(1)) == doctest::Approx((99.0 - 60.0) / 100.0));
  for (int i = 0; i < 30; ++i) t.on_accept(at_s(1));
  CHECK(t.reject_probability(at_s(1)) == 0);  // requests <= k x accepts
  CHECK(t.reject_probability(at_s(100)) == 0);  // the window forgot everything
}

TEST_CASE("execution store: dedupe within the ttl - run again after it") {
  ExecutionStore store(true, Duration::s(10));
  const Handle first{1, 1}, repeat{2, 1}, late{3, 1};
  Outcome stored;
  CHECK(store.on_arrival(7, first, at_s(0), stored) == ExecutionStore::Arrival::run);
  CHECK(store.on_arrival(7, repeat, at_s(0.1), stored) == ExecutionStore::Arrival::wait);
  CHECK_FALSE(store.on_executed(7, at_s(0.2)));
  std::vector<Handle> waiters;
  store.on_answered(7, first, at_s(0.2), Outcome{true, Reason::error}, waiters);
  REQUIRE(waiters.size() == 1);
  CHECK(waiters[0] == repeat);
  CHECK(store.on_arrival(7, late, at_s(10.2), stored) == ExecutionStore::Arrival::answered);
  CHECK(stored.success);
  CHECK(store.on_arrival(7, late, at_s(10.3), stored) == ExecutionStore::Arrival::run);  // ttl passed
  CHECK(store.on_executed(7, at_s(10.4)));  // the second execution is a duplicate
  // Entries expire: the store does not grow with the run.
  for (int op = 100; op < 200; ++op) {
    store.on_arrival(static_cast<std::uint64_t>(op), first, at_s(20), stored);
    std::vector<Handle> none;
    store.on_answered(static_cast<std::uint64_t>(op), first, at_s(20), Outcome{true, Reason::error}, none);
  }
  CHECK(store.size() >= 100);
  store.on_arrival(1000, first, at_s(100), stored);  // 2 x ttl after the last answers
  CHECK(store.size() <= 2);
}
