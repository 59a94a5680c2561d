#pragma once
// A slab of T addressed by index, with a free list and a generation per slot
// so stale references (a timeout for a call that already ended) are detected
// without searching anything. Memory grows with the peak number of live
// objects, never with simulated time.
#include <cassert>
#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>
#include <vector>

#include "faultline/model/index_list.hpp"

namespace faultline {

/// Reference to a pooled object: slot index + generation at allocation.
struct Handle {
  std::uint32_t index = 0;
  std::uint32_t gen = 0;
  std::uint64_t pack() const { return (static_cast<std::uint64_t>(gen) << 32) | index; }
  static Handle unpack(std::uint64_t v) {
    return Handle{static_cast<std::uint32_t>(v), static_cast<std::uint32_t>(v >> 32)};
  }
  friend bool operator==(Handle, Handle) = default;
};

/// T must have a public `std::uint32_t gen` member; the pool bumps it on free.
template <class T>
class Pool {
 public:
  Handle allocate() {
    if (free_.empty()) [[unlikely]] return grow();
    const std::uint32_t index = free_.back();
    free_.pop_back();
    // Rebuilt in place: `slots_[index] = T{}` would build a temporary and copy
    // it, and that copy stalls on store forwarding (measured: the hottest
    // instruction of a call's creation). Default-initialized, not
    // value-initialized: every member of a pooled type has an initializer, so
    // the two give the same members, but value-initialization zeroes the whole
    // slot first (GCC: `rep stosq`, slow to start on ~100 bytes) and then stores
    // the initializers again.
    T* slot = &slots_[index];
    const std::uint32_t gen = slot->gen;
    static_assert(std::is_trivially_destructible_v<T>);
    static_assert(!std::is_trivially_default_constructible_v<T>, "pooled types initialize every member");
    ::new (static_cast<void*>(slot)) T;
    slot->gen = gen;
    return Handle{index, gen};
  }
  void release(Handle h) {
    assert(alive(h) && "pool: releasing a stale handle");
    ++slots_[h.index].gen;  // every outstanding reference becomes stale
    free_.push_back(h.index);
  }
  bool alive(Handle h) const { return h.index < count_ && slots_[h.index].gen == h.gen; }
  T& operator[](Handle h) {
    assert(alive(h));
    return slots_[h.index];
  }
  T& at_index(std::uint32_t index) { return slots_[index]; }
  const T& at_index(std::uint32_t index) const { return slots_[index]; }

 private:
  // A new slot: rare once the pool has reached its peak, and kept out of line
  // so that allocate() stays small where it inlines (fewer registers saved).
  [[gnu::noinline]] Handle grow() {
    const std::uint32_t index = count_++;
    slots_.emplace_back();
    slots_.back().gen = 1;
    return Handle{index, 1};
  }
  std::vector<T> slots_;
  std::uint32_t count_ = 0;  // slots_.size(), kept: size() divides by sizeof(T), on every alive()
  IndexList free_;  // released slots, reused last-in first-out
};

}  // namespace faultline
