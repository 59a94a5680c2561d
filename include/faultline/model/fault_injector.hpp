#pragma once
// Applies the scenario's faults at their times through the replicas' verbs;
// models contain no fault branches of their own.
#include <vector>

#include "faultline/engine/event.hpp"
#include "faultline/metrics/run_result.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

struct World;

class FaultInjector final : public EventHandler {
 public:
  FaultInjector(World& world, const Spec& spec);
  void attach();
  /// The fault windows, clipped to the run, for reports.
  std::vector<FaultWindow> windows() const;
  void on_event(EventKind kind, std::uint64_t payload) override;

 private:
  enum Kind : EventKind { kBegin = 1, kEnd = 2 };
  std::vector<std::uint32_t> replicas_of(const FaultSpec& fault) const;
  std::vector<std::uint32_t> edges_of(const FaultSpec& fault) const;
  void begin(std::uint32_t index);
  void end(std::uint32_t index);

  World& world_;
  const Spec& spec_;
  TargetId self_ = 0;
};

}  // namespace faultline
