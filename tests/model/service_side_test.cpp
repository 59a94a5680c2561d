// The service side (ServiceSide, Service, Replica) alone: a fake caller side
// sends attempts and records answers and the downstream calls made.
#include <doctest/doctest.h>

#include <vector>

#include "faultline/model/replica.hpp"
#include "support/model_harness.hpp"
#include "support/spec_builder.hpp"

using namespace faultline;
using namespace faultline::testing;

namespace {

class FakeCallers final : public AnswerSink, public Calls {
 public:
  struct Answer {
    Time at;
    std::uint32_t call;
    Outcome outcome;
  };
  explicit FakeCallers(Engine& engine) : engine_(engine) {}
  bool answer(Handle call, std::uint8_t, Outcome outcome, std::uint32_t, bool) override {
    answers.push_back({engine_.now(), call.index, outcome});
    return waiting;
  }
  bool awaiting(Handle, std::uint8_t) const override { return waiting; }
  Handle create(std::uint32_t edge, Owner owner, std::uint64_t, bool, Time, std::uint64_t) override {
    created.push_back({edge, owner});
    return Handle{static_cast<std::uint32_t>(created.size()), 1};
  }
  void send_first(Handle) override {}
  void abandon(Handle call) override { abandoned.push_back(call.index); }
  struct Created {
    std::uint32_t edge;
    Owner owner;
  };
  std::vector<Answer> answers;
  std::vector<Created> created;
  std::vector<std::uint32_t> abandoned;
  bool waiting = true;

 private:
  Engine& engine_;
};

struct Services {
  explicit Services(std::int64_t queue, std::vector<std::uint32_t> call_edges = {}) {
    side.connect(&callers, &callers, 5);
    Replica::Config rc;
    rc.workers = 1;
    rc.queue_capacity = queue;
    rc.call_edges = std::move(call_edges);
    Replica& r = side.add_replica(rc, Sampler(constant_ms(10)), Rng(1), Rng(2), Rng(3));
    r.attach();
    service = &side.add_service({&r}, false, Duration::s(1));
  }
  void send(std::uint32_t call) { service->accept(0, AttemptRequest{Handle{call, 1}, 1, call, 0, Time::max()}); }
  SignalHarness h;
  FakeCallers callers{h.engine};
  ServiceSide side{h.engine, h.signals};
  Service* service = nullptr;
};

}  // namespace

TEST_CASE("service side: one worker serves attempts in turn - a full queue rejects at once") {
  Services s(1);
  s.send(1);
  s.send(2);
  s.send(3);  // the worker is busy and the one waiting place taken
  REQUIRE(s.callers.answers.size() == 1);
  CHECK(s.callers.answers[0].call == 3);
  CHECK(s.callers.answers[0].outcome.reason == Reason::rejected);
  s.h.engine.run_until(at_ms(100));
  REQUIRE(s.callers.answers.size() == 3);
  CHECK(s.callers.answers[1].call == 1);
  CHECK(s.callers.answers[1].at == at_ms(10));
  CHECK(s.callers.answers[2].call == 2);
  CHECK(s.callers.answers[2].at == at_ms(20));
  CHECK(s.callers.answers[2].outcome.success);
}

TEST_CASE("service side: own work, then a downstream call holding the worker, then the answer") {
  Services s(QueueSpec::kUnbounded, {4});
  s.send(1);
  s.h.engine.run_until(at_ms(50));
  REQUIRE(s.callers.created.size() == 1);  // after 10 ms of own work
  CHECK(s.callers.created[0].edge == 4);
  CHECK(s.callers.created[0].owner.sink == 5);
  CHECK(s.callers.answers.empty());
  s.side.call_done(CallEnd{s.callers.created[0].owner, 1, at_ms(10), false}, Outcome{true, Reason::error});
  REQUIRE(s.callers.answers.size() == 1);
  CHECK(s.callers.answers[0].outcome.success);
  CHECK(s.callers.answers[0].at == at_ms(50));
}

TEST_CASE("service side: a paused replica holds a downstream call's timer and gives it back at resume") {
  Services s(QueueSpec::kUnbounded, {0});
  s.send(1);
  s.h.engine.run_until(at_ms(20));
  const Owner owner = s.callers.created.at(0).owner;
  s.side.replicas()[0]->pause();
  struct Probe final : EventHandler {
    int runs = 0;
    void on_event(EventKind, std::uint64_t) override { ++runs; }
  } probe;
  const TargetId probe_id = s.h.engine.add_handler(&probe);
  CHECK(s.side.hold(owner, probe_id, 1, 0));
  CHECK(probe.runs == 0);
  s.side.replicas()[0]->resume();
  CHECK(probe.runs == 1);
  CHECK_FALSE(s.side.hold(owner, probe_id, 1, 0));  // running again: nothing held
}

TEST_CASE("service side: a silent outage answers nothing and abandons the downstream calls in progress") {
  Services s(QueueSpec::kUnbounded, {0});
  s.send(1);
  s.h.engine.run_until(at_ms(20));
  s.side.replicas()[0]->begin_outage(false);
  CHECK(s.callers.abandoned.size() == 1);
  CHECK(s.callers.answers.empty());  // blackhole: no answer
}
