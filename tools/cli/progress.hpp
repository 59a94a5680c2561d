#pragma once
// A one-line progress report on stderr for long runs (terminals only).
#include <chrono>
#include <cstdint>
#include <functional>

namespace faultline::cli {

class ProgressLine {
 public:
  explicit ProgressLine(bool enabled);
  ~ProgressLine();
  /// Redraws at most a few times a second, and only once the run has taken over a second.
  void update(double simulated_s, double fraction, std::uint64_t events);
  void clear();

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  bool shown_ = false;
  Clock::time_point start_, last_draw_;
};

/// A progress bar on stderr for many runs, called with (runs done, runs in all); empty when disabled.
std::function<void(int, int)> progress_bar(bool enabled);

}  // namespace faultline::cli
