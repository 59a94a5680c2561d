#pragma once
// Per service, by operation id: how many times the side effect ran
// (duplicates), and with idempotency keys the first result, so that a repeat
// waits for a running first attempt or gets its stored answer within the ttl.
// Entries expire after 2 x ttl, so the store's size follows the rate times the
// ttl, not the length of the run.
#include <cstdint>
#include <deque>
#include <unordered_map>
#include <vector>

#include "faultline/engine/time.hpp"
#include "faultline/model/call.hpp"
#include "faultline/model/pool.hpp"

namespace faultline {

class ExecutionStore {
 public:
  enum class Arrival { run, wait, answered };

  ExecutionStore(bool keys, Duration ttl) : keys_(keys), ttl_(ttl) {}

  /// With keys: what to do with an attempt of `op` arriving now. `run` makes
  /// this attempt the owner of the operation's execution; `answered` fills
  /// `stored` with the first result.
  Arrival on_arrival(std::uint64_t op, Handle attempt, Time now, Outcome& stored);
  /// The side effect ran once more for `op`; true when that is a duplicate.
  bool on_executed(std::uint64_t op, Time now);
  /// The owner attempt answered: keep the result, hand back the waiters.
  void on_answered(std::uint64_t op, Handle attempt, Time now, Outcome outcome, std::vector<Handle>& waiters);
  /// The owner attempt was lost before answering: forget it, hand back the waiters.
  void on_lost(std::uint64_t op, Handle attempt, std::vector<Handle>& waiters);
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::uint32_t executions = 0;
    bool running = false;
    bool answered = false;
    Handle owner;
    Outcome outcome;
    Time done_at;
    std::vector<Handle> waiters;
  };
  void expire(Time now);
  /// Executions are remembered for twice the ttl, so a repeat that comes after
  /// the stored answer expired still counts as a duplicate.
  Duration retention() const { return ttl_ + ttl_; }
  Entry& touch(std::uint64_t op, Time now);

  bool keys_;
  Duration ttl_;
  std::unordered_map<std::uint64_t, Entry> entries_;  // looked up only: never iterated into output
  std::deque<std::pair<Time, std::uint64_t>> expiry_; // (when to look again, op)
};

}  // namespace faultline
