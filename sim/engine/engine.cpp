#include "faultline/engine/engine.hpp"

#include <cassert>

namespace faultline {

namespace {
// One multiply-xorshift round per field: cheap, and order-sensitive.
inline std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h * 0xff51afd7ed558ccdULL;
}
}  // namespace

TargetId Engine::add_handler(EventHandler* handler) {
  assert(handler != nullptr);
  handlers_.push_back(handler);
  return static_cast<TargetId>(handlers_.size() - 1);
}

void Engine::schedule_at(Time at, TargetId target, EventKind kind, std::uint64_t payload) {
  assert(at >= now_ && "schedule_at: time before now");
  assert(target < handlers_.size() && "schedule_at: unknown target");
  queue_.push(Event{at, next_seq_++, payload, target, kind});
}

Engine::StopReason Engine::run(Time end, Time clock, Checkpoint* checkpoint) {
  std::uint64_t next_check = events_ + kCheckpointEvery;
  Event e;
  while (queue_.pop_before(end, e)) {
    assert(e.at >= now_ && "time went back");
    now_ = e.at;
    ++events_;
    fingerprint_ = mix(fingerprint_, static_cast<std::uint64_t>(e.at.ns()) ^ (e.seq * 0x9e3779b97f4a7c15ULL) ^
                                         (((static_cast<std::uint64_t>(e.target) << 32) | e.kind) * 0xc2b2ae3d27d4eb4fULL));
    handlers_[e.target]->on_event(e.kind, e.payload);
    if (events_ >= next_check) {
      next_check = events_ + kCheckpointEvery;
      if (checkpoint != nullptr && !checkpoint->on_checkpoint(now_, events_)) return StopReason::stopped;
    }
  }
  if (clock > now_) now_ = clock;
  return StopReason::reached_end;
}

}  // namespace faultline
