#pragma once
// [data-tier] One queue of `queues:` in the running model, around the tested
// data::AsyncQueue. It is three things at once:
//   - the AttemptSink of its publish edges (a service's `publish: NAME`, a
//     client's `target: queue:NAME`): a publish is answered at once, success
//     when the queue takes the message, `rejected` when it is full or shedding;
//   - the CallOwner of its consumer edge: each delivery is a call to the
//     consumer service, made through the Calls seam; success acknowledges;
//   - an EventHandler for the visibility timeouts (one event for the earliest)
//     and for consumers resting after a failure that took no time.
// A message keeps the publisher's op_id and call site across deliveries, so a
// redelivery repeats the consumer call's site: duplicates and idempotency keys
// on the consumer service see it as a repeat of the same execution.
#include <cstdint>
#include <string>
#include <vector>

#include "faultline/engine/event.hpp"
#include "faultline/metrics/histogram.hpp"
#include "faultline/metrics/run_result.hpp"
#include "faultline/model/data/async_queue.hpp"
#include "faultline/model/pool.hpp"
#include "faultline/model/seams.hpp"
#include "faultline/model/signals.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

/// How the model turns a spec into the class's configuration.
data::QueueConfig queue_config(const AsyncQueueSpec& spec);

class QueueComponent final : public EventHandler, public AttemptSink, public CallOwner {
 public:
  /// A consumer whose call failed the instant it was made (refused, rejected,
  /// short-circuited) waits this long before it takes another message, so a
  /// down consumer service does not make the queue spin at one instant.
  static constexpr Duration kRestAfterInstantFailure = Duration::ms(1);

  QueueComponent(Engine& engine, Signals& signals, Calls& calls, AnswerSink& answers, const AsyncQueueSpec& spec,
                 std::uint32_t consumer_edge);
  /// Registers with the engine; `owner_id` is this queue's id as a call owner.
  void attach(std::uint32_t owner_id);

  void accept(std::uint32_t replica, const AttemptRequest& request) override;  // a publish
  void call_done(const CallEnd& end, Outcome outcome) override;                 // a delivery ended
  bool hold(const Owner&, TargetId, EventKind, std::uint64_t) override { return false; }  // never paused
  void on_event(EventKind kind, std::uint64_t payload) override;

  /// Messages visible or being consumed (at_most_once: deliveries in progress included).
  std::uint32_t depth() const;
  double oldest_age_ms(Time now) { return queue_.oldest_age(now).millis(); }
  QueueSummary summary(Time end);
  const data::AsyncQueue& queue() const { return queue_; }
  const std::string& name() const { return spec_.name; }
  /// Mid-run settings (Simulation::set): the queue's configuration from `spec`
  /// (data::AsyncQueue::reconfigure), applied now; more consumers start at once.
  void reconfigure(const AsyncQueueSpec& spec);

 private:
  enum Kind : EventKind { kVisibility = 1, kRest = 2 };
  struct MessageInfo {  // per message slot of the AsyncQueue: who published it
    std::uint64_t op_id = 0;
    std::uint64_t site = 0;
  };
  struct Delivery {
    std::uint32_t gen = 0;
    data::Receipt receipt;
  };
  struct Counters {
    std::uint64_t published = 0, rejected = 0, deliveries = 0, redeliveries = 0, acknowledged = 0, duplicates = 0,
                  dead_lettered = 0, lost = 0;
  };
  Counters totals() const;
  /// Counts from here on go to the summary (called first at every entry point).
  void mark_window();
  void note_depth();
  void deliver();
  void arm();

  Engine& engine_;
  Signals& signals_;
  Calls& calls_;
  AnswerSink& answers_;
  const AsyncQueueSpec& spec_;
  std::uint32_t edge_;
  std::uint32_t owner_id_ = 0;
  TargetId self_ = 0;
  data::AsyncQueue queue_;
  std::vector<MessageInfo> info_;  // by message slot index; grows to the peak depth
  Pool<Delivery> deliveries_;
  std::uint32_t resting_ = 0;      // consumers resting after an instant failure
  bool delivering_ = false;        // deliver() is on the stack: a nested call returns at once
  bool armed_ = false;             // a visibility event is pending
  std::uint64_t arm_gen_ = 0;      // the pending visibility event's payload; a reconfigure outdates it
  bool windowed_ = false;
  Counters at_window_;
  std::uint32_t depth_max_ = 0;
  Histogram end_to_end_;           // in the window, acknowledged messages
};

}  // namespace faultline
