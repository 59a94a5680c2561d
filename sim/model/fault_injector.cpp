#include "faultline/model/fault_injector.hpp"

#include "faultline/scenario/names.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "faultline/model/call_layer.hpp"
#include "faultline/model/replica.hpp"
#include "faultline/model/trace_log.hpp"
#include "faultline/model/world.hpp"

namespace faultline {

namespace {
bool is_edge_fault(const FaultSpec& f) {
  return f.kind == FaultSpec::Kind::partition || f.kind == FaultSpec::Kind::network_delay;
}
}  // namespace

std::vector<std::uint32_t> FaultInjector::edges_of(const FaultSpec& fault) const {
  std::vector<std::uint32_t> out;
  const auto& edges = world_.call_layer->edges();
  for (std::uint32_t e = 0; e < edges.size(); ++e) {
    if (edges[e].from_client == fault.from_client && static_cast<int>(edges[e].from) == fault.from &&
        static_cast<int>(edges[e].target_service) == fault.to) {
      out.push_back(e);
    }
  }
  return out;
}

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
    w.kind = fault_kind_name(f.kind);
    if (is_edge_fault(f)) {
      w.target = (f.from_client ? spec_.clients[static_cast<std::size_t>(f.from)].name
                                : spec_.services[static_cast<std::size_t>(f.from)].name) +
                 "->" + spec_.services[static_cast<std::size_t>(f.to)].name;
    } else {
      w.target = spec_.services[static_cast<std::size_t>(f.target)].name;
      if (f.replica >= 0) w.target += "[" + std::to_string(f.replica) + "]";
    }
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
  if (world_.trace) world_.trace->debug("[{:.9f}] fault {} #{} begins", world_.engine.now().seconds(), fault_kind_name(f.kind), index);
  if (is_edge_fault(f)) {
    for (std::uint32_t e : edges_of(f)) {
      if (f.kind == FaultSpec::Kind::partition) {
        world_.call_layer->begin_partition(e, f.mode == FaultSpec::OutageMode::refuse);
      } else {
        world_.call_layer->add_delay(e, f.add);
      }
    }
    return;
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
      case FaultSpec::Kind::partition:
      case FaultSpec::Kind::network_delay: break;  // edge faults, handled above
    }
  }
}

void FaultInjector::end(std::uint32_t index) {
  const FaultSpec& f = spec_.faults[index];
  if (world_.trace) world_.trace->debug("[{:.9f}] fault {} #{} ends", world_.engine.now().seconds(), fault_kind_name(f.kind), index);
  if (is_edge_fault(f)) {
    for (std::uint32_t e : edges_of(f)) {
      if (f.kind == FaultSpec::Kind::partition) {
        world_.call_layer->end_partition(e);
      } else {
        world_.call_layer->remove_delay(e, f.add);
      }
    }
    return;
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
  if (world_.trace_log != nullptr) {
    const FaultWindow w = windows()[payload];
    world_.trace_log->instant("fault " + w.kind + " on " + w.target + (kind == kBegin ? " begins" : " ends"), "fault",
                              world_.engine.now(), "");
  }
  if (kind == kBegin) {
    begin(static_cast<std::uint32_t>(payload));
  } else {
    end(static_cast<std::uint32_t>(payload));
  }
}

}  // namespace faultline
