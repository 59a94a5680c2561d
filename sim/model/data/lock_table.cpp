#include "faultline/model/data/lock_table.hpp"

#include <cassert>

namespace faultline::data {

LockTable::LockTable(Duration timeout, std::size_t expected_locked)
    : index_(expected_locked), waiters_(timeout, expected_locked) {
  slots_.reserve(expected_locked);
}

bool LockTable::acquire(Time now, std::uint64_t key, std::uint64_t tag) {
  const std::uint32_t s = index_.find(key);
  if (s != FlatIndex::npos) {
    waiters_.push(slots_[s].waiters, now, tag, s);
    return false;
  }
  std::uint32_t slot;
  if (free_ != FlatIndex::npos) {
    slot = free_;
    free_ = slots_[slot].next_free;
  } else {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  slots_[slot].key = key;
  slots_[slot].waiters = WaitList::Fifo{};
  index_.insert(key, slot);
  ++grants_;
  return true;
}

std::optional<Grant> LockTable::release(Time now, std::uint64_t key) {
  const std::uint32_t s = index_.find(key);
  assert(s != FlatIndex::npos && "lock table: releasing a key that is not locked");
  if (s == FlatIndex::npos) return std::nullopt;  // release builds: a no-op, not a crash
  if (slots_[s].waiters.size > 0) {
    ++grants_;
    ++waited_grants_;
    return waiters_.pop(slots_[s].waiters, now);
  }
  index_.erase(key);
  slots_[s].next_free = free_;
  free_ = s;
  return std::nullopt;
}

}  // namespace faultline::data
