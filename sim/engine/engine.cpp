#include "faultline/engine/engine.hpp"

#include <cassert>
#include <stdexcept>
#include <string>

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
  // On in every build (one compare): an event in the past would run out of
  // order and silently corrupt the run.
  if (at < now_) [[unlikely]] scheduled_in_past(at, target, kind);
  assert(target < handlers_.size() && "schedule_at: unknown target");
  queue_.push(Event{at, next_seq_++, payload, target, kind});
}

void Engine::scheduled_in_past(Time at, TargetId target, EventKind kind) const {
  throw std::logic_error("engine: an event for handler " + std::to_string(target) + " (kind " + std::to_string(kind) +
                         ") was scheduled at " + std::to_string(at.seconds()) + " s, before now (" +
                         std::to_string(now_.seconds()) + " s); this is a bug in the model");
}

Engine::StopReason Engine::run(Time end, Time clock, Checkpoint* checkpoint) {
  next_check_ = halt_reason_.empty() ? events_ + kCheckpointEvery : 0;
  Event e;
  while (queue_.pop_before(end, e)) {
    if (e.at >= next_tick_) [[unlikely]] tick_before(e.at + Duration::ns(1));  // ticks at e.at run first
    assert(e.at >= now_ && "time went back");
    now_ = e.at;
    ++events_;
    fingerprint_ = mix(fingerprint_, static_cast<std::uint64_t>(e.at.ns()) ^ (e.seq * 0x9e3779b97f4a7c15ULL) ^
                                         (((static_cast<std::uint64_t>(e.target) << 32) | e.kind) * 0xc2b2ae3d27d4eb4fULL));
    handlers_[e.target]->on_event(e.kind, e.payload);
    if (events_ >= next_check_) [[unlikely]] {
      next_check_ = events_ + kCheckpointEvery;
      if (!halt_reason_.empty()) return StopReason::halted;
      if (checkpoint != nullptr && !checkpoint->on_checkpoint(now_, events_)) return StopReason::stopped;
    }
  }
  if (!halt_reason_.empty()) return StopReason::halted;  // halted since the last checkpoint
  tick_before(end);
  if (clock > now_) now_ = clock;
  return StopReason::reached_end;
}

}  // namespace faultline
