#pragma once
// [data-tier] `autoscale` on a service: the HPA rule (data::Autoscaler) driving
// the running model. The builder makes `max` replica slots; the first
// `serving` take work (the callers' balancers count only those), the next
// `starting` ones take work after `provision_delay`, and a slot scaled in takes
// no new work, finishes what it holds, then goes (Replica::drain).
// Evaluations at k x evaluate_every read the metric's mean over the window
// from the recorder's running areas, divided by the replica-time of the
// replicas taking work. Billing (data::ReplicaMeter) counts replicas starting or
// serving plus those still draining, from the decision on. With replication the
// HPA scales the primaries; the read replicas stay, take work and are billed all run.
#include <cstdint>
#include <string>
#include <vector>

#include "faultline/engine/event.hpp"
#include "faultline/metrics/run_result.hpp"
#include "faultline/model/data/autoscaler.hpp"
#include "faultline/model/data/cost.hpp"
#include "faultline/model/replica.hpp"
#include "faultline/model/ring.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

struct Model;
class Balancer;

class ServiceAutoscaler final : public EventHandler, public DrainListener {
 public:
  ServiceAutoscaler(Model& model, const Spec& spec, std::uint32_t service);
  void on_event(EventKind kind, std::uint64_t payload) override;
  void drained(std::uint32_t replica_index) override;
  void undrained(std::uint32_t replica_index) override;

  std::uint32_t service() const { return service_; }
  std::uint32_t serving() const { return scaler_.serving(); }
  std::uint32_t current() const { return scaler_.current(); }
  /// Mid-run (Simulation::set): min and max from the next evaluation on; max
  /// at most the slots built (`autoscale.max` at load).
  void set_bounds(std::uint32_t min, std::uint32_t max) {
    scaler_.set_bounds(min, max);
    spec_.min = static_cast<int>(min);
    spec_.max = static_cast<int>(max);
  }
  std::uint32_t slots() const { return static_cast<std::uint32_t>(slots_.size()); }
  /// Its summary figures and decisions, up to `end`.
  void report(Time end, ServiceSummary& out, std::vector<ScaleEvent>& events) const;

 private:
  struct Snapshot {
    Time at;
    double metric = 0;         // the metric's running integral (see metric_integral)
    std::int64_t taking_ns = 0;  // replica-ns of replicas taking work
  };
  void advance(Time now);
  double metric_integral();
  void evaluate(Time now);
  void take_ready(Time now);
  void set_active(std::uint32_t serving);
  void bill(Time now);
  void schedule_next();

  Engine& engine_;
  Signals& signals_;
  Recorder& recorder_;
  std::uint32_t service_;
  std::string name_;
  AutoscaleSpec spec_;
  int workers_;
  std::vector<Replica*> slots_;  // the primaries' (`max`); read replicas come after them
  std::uint32_t fixed_;         // read replicas: always taking work, billed all run, not scaled
  std::uint32_t first_index_;  // global index of slot 0
  std::vector<Balancer*> balancers_;
  data::Autoscaler scaler_;
  data::ReplicaMeter meter_;
  TargetId self_ = 0;

  std::vector<char> draining_;  // per slot: an instance scaled in, still holding work
  std::uint32_t draining_count_ = 0;
  std::uint32_t active_;        // slots taking work, as the balancers were told
  Time last_;
  std::int64_t taking_ns_ = 0;  // running integral of replicas taking work
  std::int64_t held_ns_ = 0;    // running integral of slots taking work or draining
  Ring<Snapshot> snapshots_;    // at 0 and at k x evaluate_every - window
  Time next_eval_, next_snap_;
  std::uint32_t max_current_;
  std::vector<ScaleEvent> events_;
  Ring<std::pair<std::size_t, std::uint32_t>> waiting_;  // scale-outs: event, replicas not yet ready
};

/// The build step (kComponents): one ServiceAutoscaler per service with
/// `autoscale`; a report (Model::reports) fills their figures and decisions.
void build_autoscalers(Model& model, const Spec& spec);

}  // namespace faultline
