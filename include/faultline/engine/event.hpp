#pragma once
// An event is a small value: when, the tie-breaking sequence, whom, what, and
// a 64-bit payload (typically a pool index + generation). No allocation.
#include <cstdint>

#include "faultline/engine/time.hpp"

namespace faultline {

using TargetId = std::uint32_t;
using EventKind = std::uint32_t;

struct Event {
  Time at;
  std::uint64_t seq = 0;      // insertion order: ties at the same time run first-in first-out
  std::uint64_t payload = 0;
  TargetId target = 0;
  EventKind kind = 0;
};

/// Whoever owns events of a target id. Dispatch is one virtual call per event.
class EventHandler {
 public:
  virtual ~EventHandler() = default;
  virtual void on_event(EventKind kind, std::uint64_t payload) = 0;
};

}  // namespace faultline
