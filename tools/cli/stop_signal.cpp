#include "stop_signal.hpp"

#include <csignal>

namespace faultline::cli {

namespace {
std::atomic<bool> g_interrupted{false};

extern "C" void on_stop_signal(int) {
  g_interrupted.store(true);
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C (or SIGTERM) kills at once
  std::signal(SIGTERM, SIG_DFL);
}
}  // namespace

const std::atomic<bool>& stop_requested() { return g_interrupted; }

void catch_stop_signals() {
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
}

void release_stop_signals() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

}  // namespace faultline::cli
