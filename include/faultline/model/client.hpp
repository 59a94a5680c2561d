#pragma once
// A client: creates operations (open loop by rate, closed loop by users),
// follows its schedule and bursts, and signals each operation's start and end.
#include <cstdint>
#include <vector>

#include "faultline/engine/event.hpp"
#include "faultline/engine/random.hpp"
#include "faultline/model/call.hpp"
#include "faultline/model/rate_profile.hpp"
#include "faultline/model/sampler.hpp"
#include "faultline/model/seams.hpp"
#include "faultline/model/signals.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

/// What clients share: the clock, the signals, the caller side, the operation ids.
struct ClientContext {
  Engine& engine;
  Signals& signals;
  Calls& calls;
  std::uint64_t next_op_id = 1;
};

class Client final : public EventHandler, public CallOwner {
 public:
  Client(ClientContext& context, std::uint32_t index, const ClientSpec& spec, std::uint32_t edge,
         Rng arrival_rng, Rng think_rng);
  /// Registers with the engine; `owner_id` is this client's id as a call owner.
  void attach(std::uint32_t owner_id);
  /// An operation ended (CallOwner).
  void call_done(const CallEnd& end, Outcome outcome) override;
  bool hold(const Owner&, TargetId, EventKind, std::uint64_t) override { return false; }  // never paused
  void on_event(EventKind kind, std::uint64_t payload) override;

  // Mid-run settings (Simulation::set), applied at the current time.
  /// Open loop: a constant rate from now on; later `rate` steps of the schedule no longer apply.
  void set_rate(double per_s);
  /// Closed loop: the user count from now on (later schedule steps still apply).
  void set_user_count(int users) { set_users(users); }
  std::uint32_t edge() const { return edge_; }
  bool open_loop() const { return spec_.loop == ClientSpec::Loop::open; }

 private:
  enum Kind : EventKind { kArrival = 1, kBurst = 2, kUserWake = 3, kUsersChange = 4 };
  static constexpr std::uint32_t kNoUser = 0xffffffffu;
  void start_operation(std::uint32_t user);
  void schedule_next_arrival();
  void set_users(int users);
  void wake_after_think(std::uint32_t user);
  /// Whether this closed-loop start would keep the clock at one instant for good (halts the run).
  bool stalled();

  ClientContext& ctx_;
  std::uint32_t owner_id_ = 0;
  std::uint32_t index_;
  const ClientSpec& spec_;
  std::uint32_t edge_;
  Rng arrival_rng_, think_rng_;
  Sampler think_;
  RateProfile profile_;
  TargetId self_ = 0;
  std::uint64_t arrival_gen_ = 0;
  std::vector<std::int64_t> burst_left_;  // operations of each burst not started yet  // bumped by set_rate: the pending arrival becomes stale
  // closed loop
  int target_users_ = 0;
  std::vector<bool> user_active_;
  // A user starting operation after operation at one instant: time would never advance.
  Time last_start_ = Time::max();
  std::uint32_t starts_at_last_ = 0;
  std::vector<std::pair<Time, int>> user_changes_;  // (when, users), in time order
};

}  // namespace faultline
