// The engine: dispatch by target, run_until, checkpoints, fingerprints.
#include <doctest/doctest.h>

#include <vector>

#include "faultline/engine/engine.hpp"

using namespace faultline;

namespace {
struct Recorder final : EventHandler {
  Engine* engine = nullptr;
  std::vector<std::pair<std::int64_t, EventKind>> seen;
  void on_event(EventKind kind, std::uint64_t payload) override {
    seen.emplace_back(engine->now().ns(), kind);
    if (payload > 0) engine->schedule_after(Duration::ns(10), engine->add_handler(this) - 1, kind, payload - 1);
  }
};
struct StopAt final : Checkpoint {
  std::uint64_t at;
  bool on_checkpoint(Time, std::uint64_t events) override { return events < at; }
};
}  // namespace

TEST_CASE("events go to their target's handler in time order, ties by insertion") {
  Engine e;
  Recorder a, b;
  a.engine = b.engine = &e;
  const TargetId ta = e.add_handler(&a);
  const TargetId tb = e.add_handler(&b);
  e.schedule_at(Time::from_ns(30), ta, 1, 0);
  e.schedule_at(Time::from_ns(10), tb, 2, 0);
  e.schedule_at(Time::from_ns(10), ta, 3, 0);
  CHECK(e.run_until(Time::from_ns(100)) == Engine::StopReason::reached_end);
  REQUIRE(a.seen.size() == 2);
  CHECK(a.seen[0] == std::make_pair(std::int64_t{10}, EventKind{3}));
  CHECK(a.seen[1] == std::make_pair(std::int64_t{30}, EventKind{1}));
  CHECK(b.seen.size() == 1);
  CHECK(e.event_count() == 3);
  CHECK(e.now() == Time::from_ns(100));
}

TEST_CASE("run_until runs events before the end only, and can be resumed") {
  Engine e;
  Recorder a;
  a.engine = &e;
  const TargetId t = e.add_handler(&a);
  e.schedule_at(Time::from_ns(50), t, 1, 0);
  e.schedule_at(Time::from_ns(100), t, 1, 0);
  e.run_until(Time::from_ns(100));
  CHECK(a.seen.size() == 1);
  CHECK(e.pending() == 1);
  e.run_until(Time::from_ns(101));
  CHECK(a.seen.size() == 2);
}

TEST_CASE("a checkpoint can stop the run") {
  Engine e;
  struct Loop final : EventHandler {
    Engine* engine;
    TargetId self = 0;
    void on_event(EventKind, std::uint64_t) override { engine->schedule_after(Duration::ns(1), self, 1, 0); }
  } loop;
  loop.engine = &e;
  loop.self = e.add_handler(&loop);
  e.schedule_at(Time::zero(), loop.self, 1, 0);
  StopAt stop;
  stop.at = 3 * Engine::kCheckpointEvery;
  CHECK(e.run_until(Time::max(), &stop) == Engine::StopReason::stopped);
  CHECK(e.event_count() == 3 * Engine::kCheckpointEvery);
}

TEST_CASE("fingerprints: equal runs match, a different event differs") {
  auto fp = [](std::int64_t second_time) {
    Engine e;
    Recorder a;
    a.engine = &e;
    const TargetId t = e.add_handler(&a);
    e.schedule_at(Time::from_ns(5), t, 1, 0);
    e.schedule_at(Time::from_ns(second_time), t, 2, 0);
    e.run_until(Time::from_ns(1000));
    return e.fingerprint();
  };
  CHECK(fp(7) == fp(7));
  CHECK(fp(7) != fp(8));
}
