#pragma once
// Recovery after faults, judged so that noise cannot flip it (docs/verdicts.md):
// a client's goodput, smoothed over a few intervals, against a threshold below
// its baseline that allows for the baseline's own spread; only a shortfall that
// lasts several intervals counts. Recovered: the last such shortfall ended
// before the run did. Metastable: it lasts to the end of the run.
#include <cstddef>
#include <string>

#include "faultline/metrics/run_result.hpp"

namespace faultline::analysis {

struct Recovery {
  bool applicable = false;  // faults that ended before the run did, a baseline, and time after them to judge
  bool affected = false;    // goodput fell short for a sustained stretch after the first fault began
  bool recovered = false;   // false with affected: metastable, the shortfall lasted to the end of the run
  double seconds = 0;       // from the end of the last fault to the recovery (0: before the faults ended)
  double baseline_goodput = 0;
  double threshold = 0;     // the smoothed goodput that counts as recovered
  std::string baseline_from;  // "before the first fault" or "the offered load" (a fault from the start)
};

/// Intervals in the moving average, and how many intervals below the threshold make a shortfall.
constexpr std::size_t kSmoothing = 5;
constexpr std::size_t kSustained = 5;

Recovery recovery(const RunResult& result, std::size_t client);

}  // namespace faultline::analysis
