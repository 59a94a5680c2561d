#pragma once
// Many runs at once: (spec, seed) jobs on a pool of threads, each result in
// the slot of its job, so the output does not depend on the thread count or
// on which run finished first. compare and sweep run through it.
#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "faultline/metrics/run_result.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline::analysis {

struct BatchJob {
  const Spec* spec = nullptr;  // outlives the batch
  std::uint64_t seed = 0;      // replaces spec->simulation.seed
};

struct BatchOptions {
  int jobs = 1;                              // threads; clamped to [1, number of jobs]
  std::function<void(int, int)> on_progress; // (runs done, runs in all), called under a lock
  const std::atomic<bool>* stop = nullptr;   // set (Ctrl-C, SIGTERM): runs stop, the rest do not start
};

/// results[i] is jobs[i]'s run; a run stopped or never started is marked partial.
std::vector<RunResult> run_batch(const std::vector<BatchJob>& jobs, const BatchOptions& options);

/// True when any run was stopped or never started.
bool any_partial(const std::vector<RunResult>& results);

}  // namespace faultline::analysis
