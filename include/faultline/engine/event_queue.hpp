#pragma once
// The future-event list: a binary heap while few events are pending, a radix
// heap over (time, seq) when many are.
//
// Why a radix heap: simulated time never goes back, so keys popped are
// monotone, which is all a radix heap needs. Push is O(1) (append to a bucket
// chosen by the highest bit where the key differs from the last popped key);
// an event moves down at most 64 times over its life, through contiguous
// vectors, so the cost per event barely grows with the number pending (a
// binary heap's cache misses make it ~3x slower at 10^6 pending than at 10^3).
// Events with equal times always share a bucket and keep insertion order, so
// ties come out by seq, first-in first-out.
//
// Why a binary heap too: with a handful pending (an M/M/1 queue holds two
// events) the radix heap redistributes a bucket on almost every pop; the
// binary heap is a quarter faster there (measured with a hold model alone: the
// two break even near 32 pending). Both order by (time, seq), so the mode
// never changes the order events run in; hysteresis between the thresholds
// bounds the moves.
#include <algorithm>
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
  static constexpr std::size_t kToRadix = 64;  // a push beyond this many pending moves to the radix heap
  static constexpr std::size_t kToHeap = 16;   // a pop below this many pending moves back

  /// Adds an event; `e.at` must be >= the time of the last popped event.
  void push(const Event& e) {
    assert(e.at.ns() >= last_ && "event scheduled before the last popped time");
    ++size_;
    if (small_) {
      if (heap_.size() < kToRadix) {
        heap_.push_back(e);
        std::push_heap(heap_.begin(), heap_.end(), Later{});
        return;
      }
      to_radix();
    }
    radix_push(e);
  }
  /// Removes and returns the earliest event (ties: lowest seq). Queue must not be empty.
  Event pop() {
    assert(size_ > 0);
    Event out;
    pop_before(Time::max(), out);
    return out;
  }
  /// Pops the earliest event into `out` if it is before `end`.
  bool pop_before(Time end, Event& out) {
    if (small_) {
      if (heap_.empty() || !(heap_.front().at < end)) return false;
      std::pop_heap(heap_.begin(), heap_.end(), Later{});
      out = heap_.back();
      heap_.pop_back();
      last_ = out.at.ns();
      --size_;
      return true;
    }
    if (size_ == 0) return false;
    if (head_ == buckets_[0].size() && !refill_before(end)) return false;
    const Event& e = buckets_[0][head_];
    if (!(e.at < end)) return false;
    out = e;
    ++head_;
    if (--size_ < kToHeap) to_heap();
    return true;
  }
  /// Time of the earliest event; queue must not be empty. Does not move the
  /// radix heap's base, so pushes at any time >= the last popped one stay valid.
  Time top_time() const;
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

 private:
  struct Later {  // std::*_heap build max-heaps: "later" first makes a min-heap on (time, seq)
    bool operator()(const Event& a, const Event& b) const { return a.at != b.at ? a.at > b.at : a.seq > b.seq; }
  };
  static constexpr int kBuckets = 65;
  int bucket_index(std::int64_t key) const {
    const auto diff = static_cast<std::uint64_t>(key) ^ static_cast<std::uint64_t>(last_);
    return diff == 0 ? 0 : 64 - std::countl_zero(diff);
  }
  void radix_push(const Event& e) {
    const int b = bucket_index(e.at.ns());
    buckets_[static_cast<std::size_t>(b)].push_back(e);
    if (b > 0) nonempty_ |= std::uint64_t{1} << (b - 1);  // bucket 0 is read through head_
  }
  // Bucket 0 is exhausted: redistribute the smallest non-empty bucket, unless
  // its earliest event is at or after `end`. Then nothing moves: the base
  // (last_) must not pass the engine's clock, which stops at `end`, or a push
  // between the two would land in the wrong bucket.
  bool refill_before(Time end);
  void to_radix();  // move every pending event from the binary heap into the buckets
  void to_heap();   // and back

  bool small_ = true;
  std::vector<Event> heap_;  // while small_
  std::array<std::vector<Event>, kBuckets> buckets_;
  std::uint64_t nonempty_ = 0;  // bit i-1 set when buckets_[i] (i >= 1) is not empty
  std::size_t head_ = 0;        // read position in buckets_[0]
  std::int64_t last_ = 0;       // key of the last popped event (all keys in buckets_[0] equal it)
  std::size_t size_ = 0;
};

}  // namespace faultline
