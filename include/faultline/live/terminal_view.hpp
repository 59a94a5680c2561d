#pragma once
// `faultline watch`: the live run as a terminal screen (tables and sparklines).
#include <string>

#include "faultline/live/live_run.hpp"

namespace faultline::live {

/// One full screen of text for the run's current state; `color`: ANSI colours.
std::string render_terminal(const LiveRun& run, bool color);

}  // namespace faultline::live
