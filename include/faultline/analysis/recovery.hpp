#pragma once
// Recovery after faults: how long after the last fault ended a client's
// goodput came back (to 90% of its level before the first fault) and stayed.
#include <cstddef>

#include "faultline/metrics/run_result.hpp"

namespace faultline::analysis {

struct Recovery {
  bool applicable = false;  // there were faults that ended before the run did, and a level before them
  bool recovered = false;   // false: metastable, goodput never came back for the rest of the run
  double seconds = 0;       // from the end of the last fault to the start of the recovered sample
  double baseline_goodput = 0;
};

Recovery recovery(const RunResult& result, std::size_t client, double level = 0.9);

}  // namespace faultline::analysis
