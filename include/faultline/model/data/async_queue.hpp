#pragma once
// An asynchronous queue (`queues:`): publish, consumers taking messages in FIFO
// order up to `concurrency` at once, acknowledgement when the consumer call
// succeeds. at_least_once: a message not acknowledged within the visibility
// timeout of its delivery, or whose consumer call failed, becomes visible again
// (at the back), and after `max_receives` deliveries it is dead-lettered.
// at_most_once: delivered once; a failure loses it.
//
// `depth` counts the messages the queue holds: visible or being consumed. A
// message lives in a pooled slot on a list in publish order (its head is the
// oldest), a visible one also in a FIFO ring; visibility deadlines all have the
// same length, so they expire in order from one ring (one engine event for the
// earliest). Acknowledging frees the slot; ring entries of freed slots are
// skipped when they reach the front. Publish, take, finish: O(1), no
// allocation once the slabs have grown to the peak depth.
#include <cstdint>

#include "faultline/engine/time.hpp"
#include "faultline/model/pool.hpp"
#include "faultline/model/ring.hpp"

namespace faultline::data {

enum class DeliveryMode : std::uint8_t { at_most_once, at_least_once };

struct QueueConfig {
  std::uint32_t capacity = 100000;
  std::uint32_t shed_above = 0xFFFFFFFFu;  // reject new messages at this depth
  std::uint32_t concurrency = 1;           // consumer calls at once
  DeliveryMode delivery = DeliveryMode::at_least_once;
  Duration visibility_timeout = Duration::s(30);
  std::uint32_t max_receives = 0xFFFFFFFFu;  // deliveries before dead-lettering
};

/// One delivery of a message to a consumer.
struct Receipt {
  Handle message;
  std::uint64_t tag = 0;  // the publisher's tag (an operation id)
  Time published;
  std::uint32_t receive = 0;  // 1 for the first delivery
};

class AsyncQueue {
 public:
  enum class Published : std::uint8_t { accepted, shed };
  enum class Finished : std::uint8_t {
    acknowledged,    // the message is done; end-to-end time returned
    already_done,    // a later or earlier delivery acknowledged it first: the effect happened twice
    visible_again,   // failed: it will be delivered again
    dead_lettered,   // failed on its max_receives-th delivery
    lost,            // at_most_once: failed, gone
    ignored,         // a failure of a delivery that was already superseded
  };

  explicit AsyncQueue(const QueueConfig& config) : config_(config) {}

  /// Accepted while depth < shed_above and depth < capacity; else shed (the
  /// publisher sees `rejected`).
  Published publish(Time now, std::uint64_t tag);
  /// A consumer is free and a message visible: the next one, in FIFO order.
  bool take(Time now, Receipt& out);
  /// The consumer call of `r` ended; `end_to_end` gets publish -> acknowledgement.
  Finished finish(Time now, const Receipt& r, bool success, Duration& end_to_end);
  /// Applies the visibility timeouts due by `now`.
  void expire(Time now);
  /// The earliest pending visibility deadline, or Time::max().
  Time next_deadline();

  /// The message the last accepted publish made (valid until it leaves the
  /// queue): a caller keeps its own data per message by `Handle::index`.
  Handle newest() const { return Handle{newest_, messages_.at_index(newest_).gen}; }
  std::uint32_t depth() const { return depth_; }
  std::uint32_t visible() const { return visible_; }
  std::uint32_t consuming() const { return busy_; }
  /// Age of the oldest message still held, zero when empty.
  Duration oldest_age(Time now) {
    return oldest_ == none ? Duration::zero() : now - messages_.at_index(oldest_).published;
  }
  std::uint64_t published() const { return published_; }
  std::uint64_t shed() const { return shed_; }
  std::uint64_t deliveries() const { return deliveries_; }
  std::uint64_t redeliveries() const { return redeliveries_; }
  std::uint64_t acknowledged() const { return acknowledged_; }
  std::uint64_t duplicate_completions() const { return duplicates_; }
  std::uint64_t dead_lettered() const { return dead_lettered_; }
  std::uint64_t lost() const { return lost_; }
  const QueueConfig& config() const { return config_; }
  /// Mid-run settings. A new visibility timeout applies to the deliveries in
  /// progress too, counted from their delivery (every deadline moves by the
  /// difference, so they stay in order; those now past are due at once). A
  /// lower capacity or shed_above refuses publishes from now on; the messages
  /// held stay. A lower concurrency lets deliveries in progress finish; a lower
  /// max_receives applies at each message's next failure or timeout.
  void reconfigure(const QueueConfig& config);

 private:
  static constexpr std::uint32_t none = 0xFFFFFFFFu;
  enum class State : std::uint8_t { visible, consuming };
  struct Message {
    std::uint64_t tag = 0;
    Time published;
    std::uint32_t receives = 0;
    std::uint32_t prev = none, next = none;  // the held list, publish order
    State state = State::visible;
    std::uint32_t gen = 0;
  };
  struct Deadline {
    Time at;
    Handle message;
    std::uint32_t receive = 0;
  };
  void make_visible(Handle h);
  void remove(Handle h);  // acknowledged, dead-lettered or lost: leaves the queue
  bool current(const Deadline& d);
  void trim_deadlines();

  QueueConfig config_;
  Pool<Message> messages_;
  Ring<Handle> visible_fifo_;
  Ring<Deadline> deadlines_;
  std::uint32_t oldest_ = none, newest_ = none;
  std::uint32_t depth_ = 0, visible_ = 0, busy_ = 0;
  std::uint64_t published_ = 0, shed_ = 0, deliveries_ = 0, redeliveries_ = 0, acknowledged_ = 0,
                duplicates_ = 0, dead_lettered_ = 0, lost_ = 0;
};

}  // namespace faultline::data
