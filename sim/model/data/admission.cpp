#include "faultline/model/data/admission.hpp"

#include <cassert>
#include <cmath>

namespace faultline::data {

TokenBucket::TokenBucket(double rate_per_s, std::uint32_t burst)
    : rate_(rate_per_s), cap_(static_cast<std::int64_t>(burst) * unit), level_(cap_) {
  assert(rate_per_s > 0);
}

void TokenBucket::refill(Time now) {
  const std::int64_t dt = (now - last_).count_ns();
  last_ = now;
  if (dt <= 0 || level_ >= cap_) return;
  // rate (tokens/s) x dt (ns) is in billionths of a token; exact in a double
  // below 2^53, and anything that large fills the bucket anyway.
  const double add = rate_ * static_cast<double>(dt);
  const std::int64_t room = cap_ - level_;
  level_ = add >= static_cast<double>(room) ? cap_ : level_ + static_cast<std::int64_t>(std::llround(add));
  if (level_ > cap_) level_ = cap_;
}

bool TokenBucket::try_take(Time now) {
  refill(now);
  if (level_ < unit) return false;
  level_ -= unit;
  return true;
}

double TokenBucket::tokens(Time now) {
  refill(now);
  return static_cast<double>(level_) / unit;
}

void TokenBucket::reconfigure(Time now, double rate_per_s, std::uint32_t burst) {
  assert(rate_per_s > 0);
  refill(now);
  rate_ = rate_per_s;
  cap_ = static_cast<std::int64_t>(burst) * unit;
  if (level_ > cap_) level_ = cap_;
}

Time CoDel::control_law(Time t) const {
  return t + Duration::ns(static_cast<std::int64_t>(
                 static_cast<double>(interval_.count_ns()) / std::sqrt(static_cast<double>(count_))));
}

// RFC 8289 dodequeue(): has the sojourn stayed above target for an interval?
bool CoDel::ok_to_drop(Time now, Duration sojourn) {
  if (sojourn < target_) {
    above_ = false;
    return false;
  }
  if (!above_) {
    above_ = true;
    first_above_ = now + interval_;
    return false;
  }
  return !(now < first_above_);
}

bool CoDel::drop(Time now, Duration sojourn) {
  const bool ok = ok_to_drop(now, sojourn);
  if (dropping_) {
    if (!ok) {
      dropping_ = false;
      return false;
    }
    if (now < drop_next_) return false;
    ++count_;
    ++drops_;
    drop_next_ = control_law(drop_next_);
    return true;
  }
  if (!ok) return false;
  // Enter the dropping state; resume near the last drop rate if it was recent.
  dropping_ = true;
  const std::uint32_t delta = count_ - last_count_;
  count_ = (delta > 1 && now - drop_next_ < Duration::ns(16 * interval_.count_ns())) ? delta : 1;
  drop_next_ = control_law(now);
  last_count_ = count_;
  ++drops_;
  return true;
}

}  // namespace faultline::data
