#include "faultline/model/fault_injector.hpp"

#include <algorithm>

#include "faultline/model/call_layer.hpp"
#include "faultline/model/replica.hpp"
#include "faultline/scenario/names.hpp"

namespace faultline {

namespace {
bool is_edge_fault(const FaultSpec& f) {
  return f.kind == FaultSpec::Kind::partition || f.kind == FaultSpec::Kind::network_delay;
}
}  // namespace

FaultInjector::FaultInjector(Engine& engine, Signals& signals, CallLayer& callers, ServiceSide& services,
                             const Spec& spec)
    : engine_(engine), signals_(signals), callers_(callers), services_(services), spec_(spec), end_(Time::zero() + spec.simulation.duration) {
  for (const FaultSpec& f : spec.faults) faults_.push_back(make_entry(f));
}

// Names made once per fault, not per event.
FaultInjector::Entry FaultInjector::make_entry(const FaultSpec& f) const {
  Entry e;
  e.spec = f;
  e.kind = fault_kind_name(f.kind);
  if (is_edge_fault(f)) {
    e.target = (f.from_client ? spec_.clients[static_cast<std::size_t>(f.from)].name
                              : spec_.services[static_cast<std::size_t>(f.from)].name) +
               "->" + spec_.services[static_cast<std::size_t>(f.to)].name;
  } else if (f.kind == FaultSpec::Kind::cache_flush) {  // [data-tier]
    e.target = spec_.caches[static_cast<std::size_t>(f.target)].name;
  } else {
    e.target = spec_.services[static_cast<std::size_t>(f.target)].name;
    if (f.replica >= 0) e.target += "[" + std::to_string(f.replica) + "]";
  }
  return e;
}

std::vector<std::uint32_t> FaultInjector::edges_of(const FaultSpec& fault) const {
  std::vector<std::uint32_t> out;
  const auto& edges = callers_.edges();
  for (std::uint32_t e = 0; e < edges.size(); ++e) {
    const EdgeConfig& c = edges[e].config;
    if (c.from_client == fault.from_client && static_cast<int>(c.from) == fault.from &&
        static_cast<int>(c.target_service) == fault.to) {
      out.push_back(e);
    }
  }
  return out;
}

void FaultInjector::attach() {
  self_ = engine_.add_handler(this);
  for (std::uint32_t i = 0; i < faults_.size(); ++i) {
    const FaultSpec& f = faults_[i].spec;
    const Time at = Time::zero() + f.at;
    if (at >= end_) continue;
    engine_.schedule_at(at, self_, kBegin, i);
    const Time until = at + f.duration;
    if (until < end_) engine_.schedule_at(until, self_, kEnd, i);
  }
}

FaultWindow FaultInjector::window(const Entry& e, double end_s) const {
  FaultWindow w;
  w.kind = e.kind;
  w.target = e.target;
  w.start_s = std::min(e.spec.at.seconds(), end_s);
  w.end_s = e.spec.duration.is_infinite() ? end_s : std::min((e.spec.at + e.spec.duration).seconds(), end_s);
  return w;
}

std::vector<FaultWindow> FaultInjector::windows() const {
  std::vector<FaultWindow> out;
  for (const Entry& e : faults_) out.push_back(window(e, end_.seconds()));
  return out;
}

std::vector<FaultWindow> FaultInjector::applied(Time now) const {
  std::vector<FaultWindow> out;
  for (const Entry& e : faults_) {
    if (e.state != State::pending) out.push_back(window(e, now.seconds()));
  }
  return out;
}

std::uint32_t FaultInjector::inject(FaultSpec fault) {
  const Time now = engine_.now();
  fault.at = now - Time::zero();
  faults_.push_back(make_entry(fault));
  const auto id = static_cast<std::uint32_t>(faults_.size() - 1);
  begin(id);
  const Time until = now + fault.duration;
  if (!fault.duration.is_infinite() && until < end_) engine_.schedule_at(until, self_, kEnd, id);
  return id;
}

bool FaultInjector::clear(std::uint32_t id) {
  if (id >= faults_.size()) return false;
  Entry& e = faults_[id];
  const Duration since = engine_.now() - (Time::zero() + e.spec.at);
  switch (e.state) {
    case State::over: return false;
    case State::pending:  // never begins: an empty window where it was planned
      e.state = State::over;
      e.spec.duration = Duration::zero();
      return true;
    case State::active:
      end(id);
      e.spec.duration = since;
      return true;
  }
  return false;
}

std::vector<Replica*> FaultInjector::replicas_of(const FaultSpec& fault) const {
  const auto& all = services_.service(static_cast<std::uint32_t>(fault.target)).replicas();
  if (fault.replica < 0) return all;
  return {all[static_cast<std::size_t>(fault.replica)]};
}

void FaultInjector::begin(std::uint32_t index) {
  faults_[index].state = State::active;
  const FaultSpec& f = faults_[index].spec;
  signals_.fault_applied(faults_[index].kind.c_str(), index, faults_[index].target, true);
  // [data-tier] The cache flushes itself at that time (cache_component.cpp): here only its window and signal.
  if (f.kind == FaultSpec::Kind::cache_flush) return;
  if (is_edge_fault(f)) {
    for (std::uint32_t e : edges_of(f)) {
      if (f.kind == FaultSpec::Kind::partition) {
        callers_.network().begin_partition(e, f.mode == FaultSpec::OutageMode::refuse);
      } else {
        callers_.network().add_delay(e, f.add);
      }
    }
    return;
  }
  for (Replica* r : replicas_of(f)) {
    Replica& replica = *r;
    switch (f.kind) {
      case FaultSpec::Kind::latency: replica.add_latency(index, f.add, f.multiply); break;
      case FaultSpec::Kind::errors: replica.add_errors(index, f.probability); break;
      case FaultSpec::Kind::drop_responses: replica.add_drop_responses(index, f.probability); break;
      case FaultSpec::Kind::capacity: replica.limit_workers(index, f.workers); break;
      case FaultSpec::Kind::outage: replica.begin_outage(f.mode == FaultSpec::OutageMode::refuse); break;
      case FaultSpec::Kind::pause: replica.pause(); break;
      case FaultSpec::Kind::partition:
      case FaultSpec::Kind::network_delay:
      case FaultSpec::Kind::cache_flush: break;  // edge faults and flushes, handled above
    }
  }
}

void FaultInjector::end(std::uint32_t index) {
  faults_[index].state = State::over;
  const FaultSpec& f = faults_[index].spec;
  signals_.fault_applied(faults_[index].kind.c_str(), index, faults_[index].target, false);
  if (f.kind == FaultSpec::Kind::cache_flush) return;  // [data-tier]
  if (is_edge_fault(f)) {
    for (std::uint32_t e : edges_of(f)) {
      if (f.kind == FaultSpec::Kind::partition) {
        callers_.network().end_partition(e);
      } else {
        callers_.network().remove_delay(e, f.add);
      }
    }
    return;
  }
  for (Replica* r : replicas_of(f)) {
    Replica& replica = *r;
    switch (f.kind) {
      case FaultSpec::Kind::outage: replica.end_outage(); break;
      case FaultSpec::Kind::pause: replica.resume(); break;
      default: replica.remove_effect(index); break;
    }
  }
}

void FaultInjector::on_event(EventKind kind, std::uint64_t payload) {
  const auto index = static_cast<std::uint32_t>(payload);
  const Entry& e = faults_[index];
  // Cleared early (Simulation::clear_fault): its scheduled begin or end is void.
  if (kind == kBegin ? e.state != State::pending : e.state != State::active) return;
  if (kind == kBegin) {
    begin(index);
  } else {
    end(index);
  }
}

}  // namespace faultline
