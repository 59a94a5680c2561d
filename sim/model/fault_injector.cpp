#include "faultline/model/fault_injector.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "faultline/model/replica.hpp"
#include "faultline/model/world.hpp"

namespace faultline {

namespace {
const char* kind_name(FaultSpec::Kind k) {
  switch (k) {
    case FaultSpec::Kind::latency: return "latency";
    case FaultSpec::Kind::errors: return "errors";
    case FaultSpec::Kind::outage: return "outage";
    case FaultSpec::Kind::capacity: return "capacity";
    case FaultSpec::Kind::pause: return "pause";
    case FaultSpec::Kind::drop_responses: return "drop_responses";
  }
  return "?";
}
}  // namespace

FaultInjector::FaultInjector(World& world, const Spec& spec) : world_(world), spec_(spec) {}

void FaultInjector::attach() {
  self_ = world_.engine.add_handler(this);
  const Time end = Time::zero() + spec_.simulation.duration;
  for (std::uint32_t i = 0; i < spec_.faults.size(); ++i) {
    const FaultSpec& f = spec_.faults[i];
    const Time at = Time::zero() + f.at;
    if (at >= end) continue;
    world_.engine.schedule_at(at, self_, kBegin, i);
    const Time until = at + f.duration;
    if (until < end) world_.engine.schedule_at(until, self_, kEnd, i);
  }
}

std::vector<FaultWindow> FaultInjector::windows() const {
  std::vector<FaultWindow> out;
  const double end_s = spec_.simulation.duration.seconds();
  for (const FaultSpec& f : spec_.faults) {
    FaultWindow w;
    w.kind = kind_name(f.kind);
    w.target = spec_.services[static_cast<std::size_t>(f.target)].name;
    if (f.replica >= 0) w.target += "[" + std::to_string(f.replica) + "]";
    w.start_s = std::min(f.at.seconds(), end_s);
    w.end_s = f.duration.is_infinite() ? end_s : std::min((f.at + f.duration).seconds(), end_s);
    out.push_back(std::move(w));
  }
  return out;
}

std::vector<std::uint32_t> FaultInjector::replicas_of(const FaultSpec& fault) const {
  const auto& all = world_.services[static_cast<std::size_t>(fault.target)]->replicas();
  if (fault.replica < 0) return all;
  return {all[static_cast<std::size_t>(fault.replica)]};
}

void FaultInjector::begin(std::uint32_t index) {
  const FaultSpec& f = spec_.faults[index];
  if (world_.trace) {
    world_.trace->debug("[{:.9f}] fault {} on {} begins", world_.engine.now().seconds(), kind_name(f.kind),
                        spec_.services[static_cast<std::size_t>(f.target)].name);
  }
  for (std::uint32_t r : replicas_of(f)) {
    Replica& replica = *world_.replicas[r];
    switch (f.kind) {
      case FaultSpec::Kind::latency: replica.add_latency(index, f.add, f.multiply); break;
      case FaultSpec::Kind::errors: replica.add_errors(index, f.probability); break;
      case FaultSpec::Kind::drop_responses: replica.add_drop_responses(index, f.probability); break;
      case FaultSpec::Kind::capacity: replica.limit_workers(index, f.workers); break;
      case FaultSpec::Kind::outage: replica.begin_outage(f.mode == FaultSpec::OutageMode::refuse); break;
      case FaultSpec::Kind::pause: replica.pause(); break;
    }
  }
}

void FaultInjector::end(std::uint32_t index) {
  const FaultSpec& f = spec_.faults[index];
  if (world_.trace) {
    world_.trace->debug("[{:.9f}] fault {} on {} ends", world_.engine.now().seconds(), kind_name(f.kind),
                        spec_.services[static_cast<std::size_t>(f.target)].name);
  }
  for (std::uint32_t r : replicas_of(f)) {
    Replica& replica = *world_.replicas[r];
    switch (f.kind) {
      case FaultSpec::Kind::outage: replica.end_outage(); break;
      case FaultSpec::Kind::pause: replica.resume(); break;
      default: replica.remove_effect(index); break;
    }
  }
}

void FaultInjector::on_event(EventKind kind, std::uint64_t payload) {
  if (kind == kBegin) {
    begin(static_cast<std::uint32_t>(payload));
  } else {
    end(static_cast<std::uint32_t>(payload));
  }
}

}  // namespace faultline
