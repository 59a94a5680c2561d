#include "faultline/model/circuit_breaker.hpp"

namespace faultline {

void CircuitBreaker::set_state(State s, Time now) {
  if (s == state_) return;
  state_ = s;
  ++transitions_;
  if (s == State::open) opened_at_ = now;
  if (s == State::half_open) probes_sent_ = probes_ok_ = 0;
  if (s == State::closed) {
    window_.clear();
    failures_ = 0;
  }
}

CircuitBreaker::State CircuitBreaker::state(Time now) {
  if (state_ == State::open && now >= opened_at_ + spec_.open_for) set_state(State::half_open, now);
  return state_;
}

bool CircuitBreaker::allow(Time now) {
  if (!spec_.enabled) return true;
  switch (state(now)) {
    case State::closed: return true;
    case State::open: return false;
    case State::half_open:
      if (probes_sent_ >= spec_.half_open_probes) return false;
      ++probes_sent_;
      return true;
  }
  return true;
}

void CircuitBreaker::trim(Time now) {
  while (!window_.empty() && window_.front().first + spec_.window <= now) {
    if (window_.front().second) --failures_;
    window_.pop_front();
  }
}

void CircuitBreaker::record(Time now, bool success) {
  if (!spec_.enabled) return;
  switch (state(now)) {
    case State::open: return;  // late answers of calls sent before it opened
    case State::half_open:
      if (!success) {
        set_state(State::open, now);
      } else if (++probes_ok_ >= spec_.half_open_probes) {
        set_state(State::closed, now);
      }
      return;
    case State::closed: break;
  }
  trim(now);
  window_.emplace_back(now, !success);
  if (!success) ++failures_;
  const auto n = window_.size();
  if (n >= static_cast<std::size_t>(spec_.min_calls) &&
      static_cast<double>(failures_) >= spec_.failure_rate * static_cast<double>(n)) {
    set_state(State::open, now);
  }
}

}  // namespace faultline
