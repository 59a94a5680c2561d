#pragma once
// Simulated time: integer nanoseconds, so runs are exact and portable.
#include <cstdint>
#include <compare>
#include <limits>

namespace faultline {

/// A span of simulated time in integer nanoseconds. `infinite()` means "never".
class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration ns(std::int64_t v) { return Duration(v); }
  static constexpr Duration us(double v) { return Duration(round(v * 1e3)); }
  static constexpr Duration ms(double v) { return Duration(round(v * 1e6)); }
  static constexpr Duration s(double v) { return Duration(round(v * 1e9)); }
  static constexpr Duration zero() { return Duration(0); }
  static constexpr Duration infinite() { return Duration(std::numeric_limits<std::int64_t>::max()); }

  constexpr std::int64_t count_ns() const { return ns_; }
  constexpr double seconds() const { return static_cast<double>(ns_) * 1e-9; }
  constexpr double millis() const { return static_cast<double>(ns_) * 1e-6; }
  constexpr bool is_infinite() const { return ns_ == std::numeric_limits<std::int64_t>::max(); }

  constexpr Duration operator+(Duration o) const { return Duration(ns_ + o.ns_); }
  constexpr Duration operator-(Duration o) const { return Duration(ns_ - o.ns_); }
  constexpr Duration& operator+=(Duration o) { ns_ += o.ns_; return *this; }
  constexpr Duration& operator-=(Duration o) { ns_ -= o.ns_; return *this; }
  constexpr auto operator<=>(const Duration&) const = default;

 private:
  constexpr explicit Duration(std::int64_t v) : ns_(v) {}
  // Round half away from zero without <cmath> (constexpr in C++20).
  static constexpr std::int64_t round(double v) {
    return static_cast<std::int64_t>(v < 0 ? v - 0.5 : v + 0.5);
  }
  std::int64_t ns_ = 0;
};

/// A point of simulated time: nanoseconds since the start of the run.
class Time {
 public:
  constexpr Time() = default;
  static constexpr Time from_ns(std::int64_t v) { return Time(v); }
  static constexpr Time zero() { return Time(0); }
  static constexpr Time max() { return Time(std::numeric_limits<std::int64_t>::max()); }

  constexpr std::int64_t ns() const { return ns_; }
  constexpr double seconds() const { return static_cast<double>(ns_) * 1e-9; }

  /// Saturates at Time::max() so that "now + infinite" stays "never".
  constexpr Time operator+(Duration d) const {
    if (d.is_infinite() || ns_ > std::numeric_limits<std::int64_t>::max() - d.count_ns()) return max();
    return Time(ns_ + d.count_ns());
  }
  constexpr Duration operator-(Time o) const { return Duration::ns(ns_ - o.ns_); }
  constexpr auto operator<=>(const Time&) const = default;

 private:
  constexpr explicit Time(std::int64_t v) : ns_(v) {}
  std::int64_t ns_ = 0;
};

}  // namespace faultline
