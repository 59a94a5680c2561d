#pragma once
// The per-attempt timeouts of one edge, in the order they expire.
//
// Every attempt on an edge gets the same timeout, so timeouts expire in the
// order they were set: a FIFO holds them, and the edge needs one engine event,
// for the earliest. Most attempts answer before their timeout; their entries
// become stale and are skipped when they reach the front, without ever costing
// an engine event (in an overloaded retry model that is 40% of all events).
// Memory grows with the attempts sent within one timeout, not with time.
#include <cassert>
#include <cstdint>
#include <vector>

#include "faultline/engine/time.hpp"
#include "faultline/model/pool.hpp"

namespace faultline {

class TimeoutFifo {
 public:
  struct Entry {
    Time at;
    Handle call;
    std::uint8_t attempt_no = 0;
  };

  TimeoutFifo() : ring_(8) {}

  bool empty() const { return count_ == 0; }
  std::size_t size() const { return count_; }
  /// Whether `at` can go at the back: not earlier than the last entry.
  bool fits(Time at) const { return count_ == 0 || !(at < back().at); }
  void push(Time at, Handle call, std::uint8_t attempt_no) {
    assert(fits(at));
    if (count_ == ring_.size()) grow();
    // Field by field: copying a just-built Entry stalls on store forwarding.
    Entry& slot = ring_[(head_ + count_) & (ring_.size() - 1)];
    slot.at = at;
    slot.call = call;
    slot.attempt_no = attempt_no;
    ++count_;
  }
  const Entry& front() const {
    assert(count_ > 0);
    return ring_[head_];
  }
  void pop() {
    assert(count_ > 0);
    head_ = (head_ + 1) & (ring_.size() - 1);
    --count_;
  }

  // The edge's one engine event: armed for the front's time, or not at all.
  bool armed = false;

 private:
  const Entry& back() const { return ring_[(head_ + count_ - 1) & (ring_.size() - 1)]; }
  void grow() {
    std::vector<Entry> bigger(ring_.size() * 2);
    for (std::size_t i = 0; i < count_; ++i) bigger[i] = ring_[(head_ + i) & (ring_.size() - 1)];
    ring_ = std::move(bigger);
    head_ = 0;
  }

  std::vector<Entry> ring_;  // power-of-two size
  std::size_t head_ = 0, count_ = 0;
};

}  // namespace faultline
