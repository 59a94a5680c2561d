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

#include "faultline/engine/time.hpp"
#include "faultline/model/pool.hpp"
#include "faultline/model/ring.hpp"

namespace faultline {

class TimeoutFifo {
 public:
  struct Entry {
    Time at;
    Handle call;
    std::uint8_t attempt_no = 0;
  };

  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }
  /// Whether `at` can go at the back: not earlier than the last entry.
  bool fits(Time at) const { return entries_.empty() || !(at < entries_.back().at); }
  void push(Time at, Handle call, std::uint8_t attempt_no) {
    assert(fits(at));
    Entry& e = entries_.push_back();
    e.at = at;
    e.call = call;
    e.attempt_no = attempt_no;
  }
  const Entry& front() const { return entries_.front(); }
  void pop() { entries_.pop_front(); }

  // The edge's one engine event: armed for the front's time, or not at all.
  bool armed = false;

 private:
  Ring<Entry> entries_;
};

}  // namespace faultline
