#pragma once
// Ctrl-C and SIGTERM stop a run softly: it ends where it is and what it has is
// written, marked partial. A second signal kills at once.
#include <atomic>

namespace faultline::cli {

/// Set by SIGINT or SIGTERM between catch_stop_signals() and release_stop_signals().
const std::atomic<bool>& stop_requested();
void catch_stop_signals();
void release_stop_signals();

}  // namespace faultline::cli
