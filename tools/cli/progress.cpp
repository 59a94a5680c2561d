#include "progress.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

namespace faultline::cli {

ProgressLine::ProgressLine(bool enabled) : enabled_(enabled), start_(Clock::now()), last_draw_(start_) {}

ProgressLine::~ProgressLine() { clear(); }

void ProgressLine::update(double simulated_s, double fraction, std::uint64_t events) {
  if (!enabled_) return;
  const auto now = Clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  if (elapsed < 1.0 || std::chrono::duration<double>(now - last_draw_).count() < 0.2) return;
  last_draw_ = now;
  shown_ = true;
  const double rate = static_cast<double>(events) / elapsed;
  const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
  std::fprintf(stderr, "\r\033[K  simulated %.1f s  %3.0f%%  %.2f M events/s  eta %.0f s", simulated_s,
               fraction * 100, rate / 1e6, eta);
  std::fflush(stderr);
}

void ProgressLine::clear() {
  if (!shown_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  shown_ = false;
}

std::function<void(int, int)> progress_bar(bool enabled) {
  if (!enabled) return {};
  const auto start = std::chrono::steady_clock::now();
  return [start](int done, int total) {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double rate = done / std::max(elapsed, 1e-9);
    const int width = 30, filled = done * width / std::max(total, 1);
    std::fprintf(stderr, "\r\033[K  [%s%s] %d/%d runs  %.1f runs/s  eta %.0f s",
                 std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(width - filled), '.').c_str(), done, total, rate,
                 (total - done) / rate);
    if (done == total) std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  };
}

}  // namespace faultline::cli
