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

  // Saturating: legal values (a long service time times a large latency
  // multiplier, overlapping huge `add`s) must not overflow into the past.
  constexpr Duration operator+(Duration o) const { return Duration(saturate_add(ns_, o.ns_)); }
  constexpr Duration operator-(Duration o) const {
    return Duration(o.ns_ == kMin ? kMax : saturate_add(ns_, -o.ns_));
  }
  constexpr Duration& operator+=(Duration o) { return *this = *this + o; }
  constexpr Duration& operator-=(Duration o) { return *this = *this - o; }
  /// From a double number of nanoseconds, clamped to the representable range.
  static constexpr Duration from_ns_clamped(double v) {
    if (!(v < 9.2e18)) return infinite();
    if (v < -9.2e18) return Duration(kMin);
    return Duration(round(v));
  }
  constexpr auto operator<=>(const Duration&) const = default;

 private:
  constexpr explicit Duration(std::int64_t v) : ns_(v) {}
  // Round half away from zero without <cmath> (constexpr in C++20).
  static constexpr std::int64_t round(double v) {
    return static_cast<std::int64_t>(v < 0 ? v - 0.5 : v + 0.5);
  }
  static constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  static constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  static constexpr std::int64_t saturate_add(std::int64_t a, std::int64_t b) {
    std::int64_t out = 0;
    if (__builtin_add_overflow(a, b, &out)) return b > 0 ? kMax : kMin;
    return out;
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
