// The caller side (CallLayer) alone: a fake service side takes its attempts
// and answers them as each test scripts; a fake owner records how calls end.
#include <doctest/doctest.h>

#include <vector>

#include "faultline/model/call_layer.hpp"
#include "support/model_harness.hpp"
#include "support/spec_builder.hpp"

using namespace faultline;
using namespace faultline::testing;

namespace {

/// Takes attempts; answers each with the next scripted outcome at once, or keeps them.
class FakeService final : public AttemptSink {
 public:
  explicit FakeService(AnswerSink& callers) : callers_(callers) {}
  void accept(std::uint32_t replica, const AttemptRequest& request) override {
    received.push_back(request);
    replicas.push_back(replica);
    if (next < script.size()) callers_.answer(request.reply_to, request.attempt_no, script[next++], 0, true);
  }
  std::vector<Outcome> script;  // answers given at once, in order; none after it
  std::size_t next = 0;
  std::vector<AttemptRequest> received;
  std::vector<std::uint32_t> replicas;

 private:
  AnswerSink& callers_;
};

class FakeOwner final : public CallOwner {
 public:
  void call_done(const CallEnd& end, Outcome outcome) override { ended.push_back({end, outcome}); }
  bool hold(const Owner&, TargetId target, EventKind kind, std::uint64_t payload) override {
    if (!paused) return false;
    held.push_back({target, kind, payload});
    return true;
  }
  struct Ended {
    CallEnd end;
    Outcome outcome;
  };
  struct Held {
    TargetId target;
    EventKind kind;
    std::uint64_t payload;
  };
  std::vector<Ended> ended;
  std::vector<Held> held;
  bool paused = false;
};

struct Caller {
  explicit Caller(const RetrySpec* retry, Duration timeout = Duration::infinite(), int replicas = 1) {
    calls.attach();
    calls.route(0, &service);
    owner_id = calls.add_owner(&owner);
    EdgeConfig config;
    config.name = "web->db";
    config.target_replicas = replicas;
    config.timeout = timeout;
    config.retry = retry;
    config.from_client = true;
    edge = calls.add_edge(config, Rng(7));
  }
  Handle call(std::uint64_t op) {
    const Handle h = calls.create(edge, Owner{owner_id, 0, 0}, op, true, Time::max(), 0);
    calls.send_first(h);
    return h;
  }
  SignalHarness h;
  CallLayer calls{h.engine, h.signals};
  FakeService service{calls};
  FakeOwner owner;
  std::uint32_t owner_id = 0, edge = 0;
};

const Outcome kError{false, Reason::error};
const Outcome kOk{true, Reason::error};

}  // namespace

TEST_CASE("caller side: an error is retried and the call ends with the success") {
  RetrySpec retry;
  retry.max_attempts = 3;
  Caller c(&retry);
  c.service.script = {kError, kOk};
  c.call(42);
  c.h.engine.run_until(at_ms(1));  // a retry goes through an event even after a zero sleep
  REQUIRE(c.service.received.size() == 2);
  CHECK(c.service.received[0].attempt_no == 1);
  CHECK(c.service.received[1].attempt_no == 2);
  CHECK(c.service.received[1].op_id == 42);
  REQUIRE(c.owner.ended.size() == 1);
  CHECK(c.owner.ended[0].outcome.success);
  CHECK(c.owner.ended[0].end.op_id == 42);
}

TEST_CASE("caller side: without retries the first failure ends the call - an answer after the end is orphaned") {
  Caller c(nullptr);
  c.service.script = {kError};
  const Handle first = c.call(1);
  REQUIRE(c.owner.ended.size() == 1);
  CHECK(c.owner.ended[0].outcome.reason == Reason::error);
  CHECK_FALSE(c.calls.awaiting(first, 1));
  CHECK_FALSE(c.calls.answer(first, 1, kOk, 0, true));  // nobody waits: the service counts it orphaned
}

TEST_CASE("caller side: an unanswered attempt times out at the edge's timeout") {
  Caller c(nullptr, Duration::ms(100));
  const Handle h = c.call(1);
  CHECK(c.calls.awaiting(h, 1));
  c.h.engine.run_until(at_ms(99));
  CHECK(c.owner.ended.empty());
  c.h.engine.run_until(at_ms(101));
  REQUIRE(c.owner.ended.size() == 1);
  CHECK(c.owner.ended[0].outcome.reason == Reason::timeout);
}

TEST_CASE("caller side: a paused owner holds its call's timers - given back, they run") {
  Caller c(nullptr, Duration::ms(100));
  c.owner.paused = true;
  c.call(1);
  c.h.engine.run_until(at_ms(150));
  CHECK(c.owner.ended.empty());
  REQUIRE(c.owner.held.size() == 1);
  c.owner.paused = false;
  c.h.engine.dispatch(c.owner.held[0].target, c.owner.held[0].kind, c.owner.held[0].payload);
  REQUIRE(c.owner.ended.size() == 1);
  CHECK(c.owner.ended[0].outcome.reason == Reason::timeout);
}

TEST_CASE("caller side: a refusing partition fails attempts without reaching the service") {
  Caller c(nullptr);
  c.calls.network().begin_partition(c.edge, true);
  c.call(1);
  CHECK(c.service.received.empty());
  REQUIRE(c.owner.ended.size() == 1);
  CHECK(c.owner.ended[0].outcome.reason == Reason::error);
  c.calls.network().end_partition(c.edge);
  c.service.script = {kOk};
  c.call(2);
  CHECK(c.service.received.size() == 1);
}

TEST_CASE("caller side: round robin spreads attempts over the service's replicas") {
  Caller c(nullptr, Duration::infinite(), 3);
  c.service.script = {kOk, kOk, kOk, kOk};
  for (int i = 0; i < 4; ++i) c.call(static_cast<std::uint64_t>(i));
  CHECK(c.service.replicas == std::vector<std::uint32_t>{0, 1, 2, 0});
}
