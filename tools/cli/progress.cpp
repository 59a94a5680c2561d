#include "progress.hpp"

#include <cstdio>

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

}  // namespace faultline::cli
