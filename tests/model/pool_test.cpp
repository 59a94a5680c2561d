// The slab under attempts, calls and the components' records: a reused slot
// comes back with every member at its initializer (allocate() default-
// initializes in place, so a member without one would keep the last owner's
// value), and handles to a released slot go stale.
#include <doctest/doctest.h>

#include <cstring>

#include "faultline/model/attempt.hpp"
#include "faultline/model/call.hpp"
#include "faultline/model/pool.hpp"

using namespace faultline;

namespace {
/// A slot allocated, scribbled over (every byte but the generation: what a
/// previous owner may leave), released and allocated again: the same slot.
template <class T>
Handle reused_slot(Pool<T>& pool) {
  const Handle first = pool.allocate();
  T& slot = pool[first];
  const std::uint32_t gen = slot.gen;
  std::memset(static_cast<void*>(&slot), 0xA5, sizeof(T));
  slot.gen = gen;
  pool.release(first);
  const Handle again = pool.allocate();
  REQUIRE(again.index == first.index);
  CHECK(again.gen == first.gen + 1);
  CHECK_FALSE(pool.alive(first));
  return again;
}
}  // namespace

TEST_CASE("a reused attempt slot is a fresh Attempt") {
  Pool<Attempt> pool;
  const Attempt& a = pool[reused_slot(pool)];
  const Attempt fresh{};
  CHECK(a.reply_to == fresh.reply_to);
  CHECK(a.attempt_no == fresh.attempt_no);
  CHECK(a.phase == fresh.phase);
  CHECK(a.next_call == fresh.next_call);
  CHECK(a.replica == fresh.replica);
  CHECK(a.slot == fresh.slot);
  CHECK(a.op_id == fresh.op_id);
  CHECK(a.site == fresh.site);
  CHECK(a.key == fresh.key);
  CHECK(a.deadline == fresh.deadline);
  CHECK(a.arrived == fresh.arrived);
  CHECK(a.work_ends == fresh.work_ends);
  CHECK(a.remaining == fresh.remaining);
  CHECK(a.downstream == fresh.downstream);
  CHECK(a.data_key == fresh.data_key);
  CHECK(a.op == fresh.op);
  CHECK(a.lock == fresh.lock);
  CHECK(a.connection == fresh.connection);
}

TEST_CASE("a reused call slot is a fresh Call") {
  Pool<Call> pool;
  const Call& c = pool[reused_slot(pool)];
  const Call fresh{};
  CHECK(c.edge == fresh.edge);
  CHECK(c.owner.sink == fresh.owner.sink);
  CHECK(c.owner.index == fresh.owner.index);
  CHECK(c.owner.gen == fresh.owner.gen);
  CHECK(c.op_id == fresh.op_id);
  CHECK(c.site == fresh.site);
  CHECK(c.started == fresh.started);
  CHECK(c.prev_sleep == fresh.prev_sleep);
  CHECK(c.deadline == fresh.deadline);
  CHECK(c.attempts_sent == fresh.attempts_sent);
  CHECK(c.hedges_sent == fresh.hedges_sent);
  CHECK(c.in_flight_count == fresh.in_flight_count);
  for (int i = 0; i < kMaxInFlight; ++i) {
    CHECK(c.in_flight[i].attempt_no == fresh.in_flight[i].attempt_no);
    CHECK(c.in_flight[i].replica == fresh.in_flight[i].replica);
  }
  CHECK(c.last_reason == fresh.last_reason);
  CHECK(c.counted == fresh.counted);
}
