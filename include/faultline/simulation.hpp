#pragma once
// One run that can be advanced step by step and acted on while it runs: the
// live server, `watch` and `replay` drive it; faultline::run() is
// Simulation(spec).advance_to(end) followed by finish().
//
// Actions (inject_fault, clear_fault, set) apply at once, at now(): every event
// at or before now() has run, none after it. The same actions given after
// advance_to to the same times replay to the same run (same fingerprint), so a
// live session is recorded as a list of (time, action).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "faultline/engine/time.hpp"
#include "faultline/faultline.hpp"
#include "faultline/metrics/run_result.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

class Simulation {
 public:
  /// Copies the spec: the caller's may go away.
  /// Throws LoadFailure when the spec breaks a rule of validate(Spec).
  explicit Simulation(const Spec& spec, const RunOptions& options = {});
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  /// Runs every event at or before `t` and sets the clock to `t`; false if
  /// stopped (RunOptions::stop). `t` is clipped to end(), and events at end()
  /// never run (as in one run).
  bool advance_to(Time t);
  Time now() const;
  Time end() const;
  bool done() const;

  /// The time series so far (complete sample intervals only): cheap to read
  /// once per sample interval (a reference, no copy).
  const TimeSeries& series() const;
  /// The fault windows begun so far; an active one ends at now().
  std::vector<FaultWindow> faults() const;

  /// Starts a fault now (its `at` is ignored; `duration` counts from now;
  /// infinite: until cleared or the end). Returns its id, which `clear_fault`
  /// takes: the scenario's faults are 0..n-1 in file order, injected ones follow.
  /// Throws std::invalid_argument when its target indices are out of range.
  std::uint32_t inject_fault(const FaultSpec& fault);
  /// Ends a fault now (a scheduled or an injected one; one not yet begun never
  /// begins); false if unknown or already over.
  bool clear_fault(std::uint32_t id);
  /// Changes a setting now. `path` is a --set path; `value` as in YAML ("800/s",
  /// "4", "300ms"). Paths that can change: see kSettablePaths in
  /// faultline/model/settings.hpp (client rate/users/timeout, service
  /// workers/error_rate/queue.capacity/calls[i].timeout, retry policy fields); any other path,
  /// services.NAME.replicas among them, is refused with a message saying so.
  /// Returns an error message, or nullopt when applied.
  std::optional<std::string> set(const std::string& path, const std::string& value);

  /// Ends the run where it is and collects the result (partial if before end()).
  /// Call once; the simulation is done after it.
  RunResult finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace faultline
