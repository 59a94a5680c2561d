#include "faultline/model/client.hpp"

#include <algorithm>
#include <cmath>

#include "faultline/engine/distributions.hpp"

namespace faultline {

namespace {
constexpr int kMaxRampSteps = 1000;  // a users ramp changes the count at most this many times
// Closed-loop operations started by one client at one instant beyond its user
// count times this: every operation ends as it starts and the users never
// wait, so simulated time cannot advance.
constexpr std::uint32_t kStallRounds = 1000;
constexpr std::int64_t kBurstChunk = 4096;
}

Client::Client(ClientContext& context, std::uint32_t index, const ClientSpec& spec, std::uint32_t edge, Rng arrival_rng,
               Rng think_rng)
    : ctx_(context),
      index_(index),
      spec_(spec),
      edge_(edge),
      arrival_rng_(arrival_rng),
      think_rng_(think_rng),
      think_(spec.think_time),
      profile_(spec.loop == ClientSpec::Loop::open ? spec.rate_per_s : 0.0, spec.schedule) {
  if (spec.loop != ClientSpec::Loop::closed) return;
  // The users schedule as a list of (time, count) changes; a ramp is a staircase.
  // A ramp cut short by the next users step stops where that step begins (as
  // a rate ramp does): the changes stay in time order.
  int current = spec.users;
  for (std::size_t i = 0; i < spec.schedule.size(); ++i) {
    const ScheduleStep& step = spec.schedule[i];
    if (step.users < 0) continue;
    Time next_step = Time::max();
    for (std::size_t j = i + 1; j < spec.schedule.size(); ++j) {
      if (spec.schedule[j].users >= 0) {
        next_step = Time::zero() + spec.schedule[j].at;
        break;
      }
    }
    const int delta = step.users - current;
    if (delta == 0) continue;
    const int steps = step.ramp > Duration::zero() ? std::min(std::abs(delta), kMaxRampSteps) : 1;
    int reached = current;
    for (int k = 1; k <= steps; ++k) {
      const double frac = static_cast<double>(k) / steps;
      const Time at = Time::zero() + step.at +
                      Duration::ns(static_cast<std::int64_t>(static_cast<double>(step.ramp.count_ns()) * frac));
      if (at >= next_step) break;
      reached = current + static_cast<int>(std::lround(delta * frac));
      user_changes_.emplace_back(at, reached);
    }
    current = reached;
  }
}

void Client::attach(std::uint32_t owner_id) {
  owner_id_ = owner_id;
  self_ = ctx_.engine.add_handler(this);
  for (std::size_t b = 0; b < spec_.bursts.size(); ++b) {
    burst_left_.push_back(spec_.bursts[b].count);
    ctx_.engine.schedule_at(Time::zero() + spec_.bursts[b].at, self_, kBurst, b);
  }
  if (spec_.loop == ClientSpec::Loop::open) {
    schedule_next_arrival();
  } else {
    set_users(spec_.users);
    if (!user_changes_.empty()) ctx_.engine.schedule_at(user_changes_.front().first, self_, kUsersChange, 0);
  }
}

void Client::schedule_next_arrival() {
  const double work = spec_.arrival == ClientSpec::Arrival::uniform ? 1.0 : dist::exponential(arrival_rng_, 1.0);
  if (auto at = profile_.next(ctx_.engine.now(), work)) {
    ctx_.engine.schedule_at(*at, self_, kArrival, arrival_gen_);
  }
}

void Client::set_rate(double per_s) {
  profile_ = RateProfile(per_s, {});
  ++arrival_gen_;  // Poisson arrivals are memoryless: drawing the next from now is exact
  schedule_next_arrival();
}

void Client::set_users(int users) {
  target_users_ = users;
  if (static_cast<int>(user_active_.size()) < users) user_active_.resize(static_cast<std::size_t>(users), false);
  // Users below the target that are idle start now; those above retire after their operation.
  for (int u = 0; u < users; ++u) {
    if (user_active_[static_cast<std::size_t>(u)]) continue;
    user_active_[static_cast<std::size_t>(u)] = true;
    wake_after_think(static_cast<std::uint32_t>(u));
  }
}

void Client::wake_after_think(std::uint32_t user) {
  ctx_.engine.schedule_after(Duration::ns(think_.sample_ns(think_rng_)), self_, kUserWake, user);
}

void Client::start_operation(std::uint32_t user) {
  ctx_.signals.operation_started(index_);
  const Handle call = ctx_.calls.create(edge_, Owner{owner_id_, index_, user}, ctx_.next_op_id++,
                                        ctx_.signals.in_window(), Time::max(), 0);
  ctx_.calls.send_first(call);
}

void Client::call_done(const CallEnd& end, Outcome outcome) {
  ctx_.signals.operation_ended(index_, end.counted, outcome, ctx_.engine.now() - end.started);
  const std::uint32_t user = end.owner.gen;
  if (user == kNoUser) return;
  if (static_cast<int>(user) < target_users_) {
    wake_after_think(user);
  } else {
    user_active_[user] = false;  // retired by a lower user count
  }
}

bool Client::stalled() {
  const Time now = ctx_.engine.now();
  if (now != last_start_) {
    last_start_ = now;
    starts_at_last_ = 0;
  }
  if (++starts_at_last_ <= kStallRounds * static_cast<std::uint32_t>(std::max(1, target_users_))) return false;
  ctx_.engine.halt("simulated time stopped advancing at " + std::to_string(now.seconds()) + " s: the users of client " +
                   spec_.name + " start operation after operation at that instant (each ends as it starts and "
                   "think_time is 0); give them a think_time, or a timeout/backoff that takes time");
  return true;
}

void Client::on_event(EventKind kind, std::uint64_t payload) {
  switch (kind) {
    case kArrival:
      if (payload != arrival_gen_) break;  // superseded by set_rate
      start_operation(kNoUser);
      schedule_next_arrival();
      break;
    case kBurst: {
      // At most kBurstChunk operations per event, the rest at the same instant
      // after what they started: a huge burst costs memory for what is in
      // flight, not for its whole count.
      std::int64_t& left = burst_left_[payload];
      const std::int64_t now = std::min(left, kBurstChunk);
      left -= now;
      for (std::int64_t i = 0; i < now; ++i) start_operation(kNoUser);
      if (left > 0) ctx_.engine.schedule_after(Duration::zero(), self_, kBurst, payload);
      break;
    }
    case kUserWake: {
      const auto user = static_cast<std::uint32_t>(payload);
      if (static_cast<int>(user) >= target_users_) {
        user_active_[user] = false;
        break;
      }
      if (stalled()) break;
      start_operation(user);
      break;
    }
    case kUsersChange: {
      set_users(user_changes_[payload].second);
      if (payload + 1 < user_changes_.size()) {
        ctx_.engine.schedule_at(user_changes_[payload + 1].first, self_, kUsersChange, payload + 1);
      }
      break;
    }
    default: break;
  }
}

}  // namespace faultline
