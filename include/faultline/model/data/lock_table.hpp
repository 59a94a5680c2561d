#pragma once
// Exclusive row locks (`locks: {share, timeout}`): one holder per key, waiters
// served FIFO per key, a wait longer than `timeout` fails (as `error`). A key
// has a slot only while locked, so memory follows the locks held and waiting,
// not the key space; grant, release and timeout are O(1).
#include <cstdint>
#include <optional>
#include <vector>

#include "faultline/model/data/flat_index.hpp"
#include "faultline/model/data/wait_list.hpp"

namespace faultline::data {

class LockTable {
 public:
  explicit LockTable(Duration timeout, std::size_t expected_locked = 64);

  /// `tag` wants the lock on `key`: true = granted now; false = it waits.
  bool acquire(Time now, std::uint64_t key, std::uint64_t tag);
  /// The holder of `key` releases it: the oldest waiter gets it (returned), or
  /// the key is unlocked.
  std::optional<Grant> release(Time now, std::uint64_t key);
  /// Fails the waits older than the timeout: `on_timeout(key, grant)`.
  template <class F>
  void expire(Time now, F&& on_timeout) {
    waiters_.expire(
        now, [this](std::uint32_t slot) -> WaitList::Fifo& { return slots_[slot].waiters; },
        [&](std::uint32_t slot, const Grant& g) {
          ++timeouts_;
          on_timeout(slots_[slot].key, g);
        });
  }
  Time next_deadline() { return waiters_.next_deadline(); }
  /// Mid-run: a new wait timeout, for the waits in progress too (WaitList::set_timeout).
  void set_timeout(Duration timeout) { waiters_.set_timeout(timeout); }

  std::size_t locked() const { return index_.size(); }
  std::size_t waiting() const { return waiters_.waiting(); }
  std::uint64_t grants() const { return grants_; }
  std::uint64_t waited_grants() const { return waited_grants_; }
  std::uint64_t timeouts() const { return timeouts_; }

 private:
  struct Slot {
    std::uint64_t key = 0;
    WaitList::Fifo waiters;
    std::uint32_t next_free = FlatIndex::npos;
  };
  FlatIndex index_;
  std::vector<Slot> slots_;
  std::uint32_t free_ = FlatIndex::npos;
  WaitList waiters_;
  std::uint64_t grants_ = 0, waited_grants_ = 0, timeouts_ = 0;
};

}  // namespace faultline::data
