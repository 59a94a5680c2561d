#pragma once
// One run that can be advanced step by step and acted on while it runs: the
// live server, `watch` and `replay` drive it; faultline::run() is
// Simulation(spec).advance_to(end) followed by finish().
// Every action goes through the same verbs as scheduled faults, so a run with
// recorded actions replays to the same fingerprint.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "faultline/engine/time.hpp"
#include "faultline/faultline.hpp"
#include "faultline/metrics/run_result.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

class Simulation {
 public:
  Simulation(const Spec& spec, const RunOptions& options = {});
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  /// Runs every event before `t` (clipped to the scenario's end); false if stopped.
  bool advance_to(Time t);
  Time now() const;
  Time end() const;
  bool done() const;

  /// The time series so far (complete sample intervals only) and the fault windows
  /// applied so far: cheap enough to read once per sample interval.
  const TimeSeries& series() const;

  /// Starts a fault now (its `at` is ignored; `duration` counts from now).
  /// Returns its id, which `clear_fault` takes.
  std::uint32_t inject_fault(const FaultSpec& fault);
  /// Ends a fault early (a scheduled or an injected one); false if unknown or over.
  bool clear_fault(std::uint32_t id);
  /// Changes a setting mid-run. `path` is a --set path ("clients.web.rate",
  /// "services.ledger.workers", "retry_policies.eager.max_attempts"); `value`
  /// as in YAML. Returns an error message, or nullopt when applied.
  std::optional<std::string> set(const std::string& path, const std::string& value);

  /// Ends the run where it is and collects the result (partial if before end()).
  RunResult finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace faultline
