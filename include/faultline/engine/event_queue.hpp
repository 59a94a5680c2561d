#pragma once
// The future-event list: a radix heap over (time, seq).
//
// Why a radix heap: simulated time never goes back, so keys popped are
// monotone, which is all a radix heap needs. Push is O(1) (append to a bucket
// chosen by the highest bit where the key differs from the last popped key);
// an event moves down at most 64 times over its life, through contiguous
// vectors, so the cost per event barely grows with the number pending (a
// binary heap's cache misses make it ~3x slower at 10^6 pending than at 10^3).
// Events with equal times always share a bucket and keep insertion order, so
// ties come out by seq, first-in first-out.
#include <array>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "faultline/engine/event.hpp"

namespace faultline {

class EventQueue {
 public:
  /// Adds an event; `e.at` must be >= the time of the last popped event.
  void push(const Event& e) {
    assert(e.at.ns() >= last_ && "event scheduled before the last popped time");
    const int b = bucket_index(e.at.ns());
    buckets_[static_cast<std::size_t>(b)].push_back(e);
    if (b > 0) nonempty_ |= std::uint64_t{1} << (b - 1);  // bucket 0 is read through head_
    ++size_;
  }
  /// Removes and returns the earliest event (ties: lowest seq). Queue must not be empty.
  Event pop() {
    assert(size_ > 0);
    if (head_ == buckets_[0].size()) refill();
    --size_;
    return buckets_[0][head_++];
  }
  /// Pops the earliest event into `out` if it is before `end`.
  bool pop_before(Time end, Event& out) {
    if (size_ == 0) return false;
    if (head_ == buckets_[0].size()) refill();
    const Event& e = buckets_[0][head_];
    if (!(e.at < end)) return false;
    out = e;
    ++head_;
    --size_;
    return true;
  }
  /// Time of the earliest event; queue must not be empty.
  Time top_time() {
    assert(size_ > 0);
    if (head_ == buckets_[0].size()) refill();
    return buckets_[0][head_].at;
  }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

 private:
  static constexpr int kBuckets = 65;
  int bucket_index(std::int64_t key) const {
    const auto diff = static_cast<std::uint64_t>(key) ^ static_cast<std::uint64_t>(last_);
    return diff == 0 ? 0 : 64 - std::countl_zero(diff);
  }
  void refill();  // bucket 0 is exhausted: redistribute the smallest non-empty bucket

  std::array<std::vector<Event>, kBuckets> buckets_;
  std::uint64_t nonempty_ = 0;  // bit i-1 set when buckets_[i] (i >= 1) is not empty
  std::size_t head_ = 0;        // read position in buckets_[0]
  std::int64_t last_ = 0;       // key of the last refill (all keys in buckets_[0] equal it)
  std::size_t size_ = 0;
};

}  // namespace faultline
