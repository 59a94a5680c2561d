#pragma once
// Applies faults through the replicas' and edges' verbs; models contain no
// fault branches of their own. Scheduled faults (the scenario's) begin and end
// through engine events; faults injected mid-run (Simulation::inject_fault)
// begin at once and end through an event or clear().
#include <cstdint>
#include <string>
#include <vector>

#include "faultline/engine/event.hpp"
#include "faultline/metrics/run_result.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

class CallLayer;
class ServiceSide;
class Replica;
class Signals;
class Engine;

class FaultInjector final : public EventHandler {
 public:
  FaultInjector(Engine& engine, Signals& signals, CallLayer& callers, ServiceSide& services, const Spec& spec);
  void attach();
  /// Every fault's window, clipped to the run, for reports (scheduled faults
  /// that never began included, as planned).
  std::vector<FaultWindow> windows() const;
  /// The faults begun by `now`, an active one ending at `now`.
  std::vector<FaultWindow> applied(Time now) const;

  /// Starts `fault` now (its `at` is replaced by now); returns its id.
  std::uint32_t inject(FaultSpec fault);
  /// Ends fault `id` now (or cancels it if it has not begun); false if unknown or over.
  bool clear(std::uint32_t id);

  void on_event(EventKind kind, std::uint64_t payload) override;

 private:
  enum Kind : EventKind { kBegin = 1, kEnd = 2 };
  enum class State : std::uint8_t { pending, active, over };
  struct Entry {
    FaultSpec spec;
    State state = State::pending;
    std::string kind, target;  // names for windows and traces, made once
  };
  Entry make_entry(const FaultSpec& fault) const;
  std::vector<Replica*> replicas_of(const FaultSpec& fault) const;
  std::vector<std::uint32_t> edges_of(const FaultSpec& fault) const;
  void begin(std::uint32_t index);
  void end(std::uint32_t index);
  FaultWindow window(const Entry& e, double end_s) const;

  Engine& engine_;
  Signals& signals_;
  CallLayer& callers_;    // edges, and their network
  ServiceSide& services_;
  const Spec& spec_;  // names only; outlives the run (Simulation owns it)
  Time end_;
  std::vector<Entry> faults_;  // the scenario's, then injected ones; the index is the id
  TargetId self_ = 0;
};

}  // namespace faultline
