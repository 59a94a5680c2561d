#pragma once
// The small public face of faultline: load a scenario, run it, read the result.
#include <atomic>
#include <cstdint>
#include <functional>

#include "faultline/metrics/run_result.hpp"
#include "faultline/scenario/load.hpp"
#include "faultline/scenario/spec.hpp"

namespace spdlog {
class logger;
}

namespace faultline {

class TraceLog;

struct RunOptions {
  /// Set from another thread (Ctrl-C): the run stops soon after, marked partial.
  const std::atomic<bool>* stop = nullptr;
  /// Called every few tens of thousands of events: simulated seconds, fraction done, events so far.
  std::function<void(double simulated_s, double fraction, std::uint64_t events)> on_progress;
  /// Debug trace of events goes here when its level is debug or lower; may be null.
  spdlog::logger* logger = nullptr;
  /// Sampled operations as trace events (--trace); may be null.
  TraceLog* trace = nullptr;
};

/// Runs one scenario to its end (or until stopped) and returns what it measured.
RunResult run(const Spec& spec, const RunOptions& options = {});

}  // namespace faultline
