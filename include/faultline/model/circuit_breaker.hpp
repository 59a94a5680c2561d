#pragma once
// Circuit breaker per caller: closed -> open on a failure share over a sliding
// time window (with a minimum number of outcomes); open -> half-open after
// open_for; half-open lets half_open_probes calls through: all succeed ->
// closed with an empty window, any fails -> open again.
#include <cstdint>
#include <deque>

#include "faultline/engine/time.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

class CircuitBreaker {
 public:
  enum class State : std::uint8_t { closed = 0, half_open = 1, open = 2 };
  CircuitBreaker() = default;
  explicit CircuitBreaker(const BreakerSpec& spec) : spec_(spec) {}

  bool enabled() const { return spec_.enabled; }
  /// May a call go out now? Counts half-open probes as they are let through.
  bool allow(Time now);
  /// The outcome of a call that went out.
  void record(Time now, bool success);
  State state(Time now);
  std::uint64_t transitions() const { return transitions_; }

 private:
  void trim(Time now);
  void set_state(State s, Time now);

  BreakerSpec spec_;
  State state_ = State::closed;
  Time opened_at_;
  std::deque<std::pair<Time, bool>> window_;  // (when, failed): bounded by calls per window
  std::uint64_t failures_ = 0;
  int probes_sent_ = 0, probes_ok_ = 0;
  std::uint64_t transitions_ = 0;
};

}  // namespace faultline
