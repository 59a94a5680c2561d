#pragma once
// Loading a scenario for a live run: the Spec, its text and its workshop cards.
#include <memory>
#include <string>

#include "faultline/live/live_run.hpp"

namespace faultline::cli {

/// Prints located errors and returns null on bad input. `speed` 0: the workshop's, else 1.
std::unique_ptr<live::LiveRun> load_live_run(const std::string& file, double speed);

}  // namespace faultline::cli
