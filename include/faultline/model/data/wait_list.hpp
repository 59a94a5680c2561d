#pragma once
// FIFO waiters with a deadline, shared by the connection pool (waiting for a
// connection) and the lock table (waiting for a row lock). Waiters live in one
// slab; each FIFO is a head/tail pair into it, doubly linked so a timed-out
// waiter leaves from the middle in O(1). Every wait in one store has the same
// timeout, so deadlines expire in arrival order: a ring holds them and the
// owner needs one engine event, for the earliest (entries of waiters already
// granted are skipped when they reach the front, as in TimeoutFifo).
#include <algorithm>
#include <cassert>
#include <cstdint>
#include <vector>

#include "faultline/engine/time.hpp"
#include "faultline/model/ring.hpp"

namespace faultline::data {

/// A waiter's tag (chosen by the owner: a call handle) and how long it waited.
struct Grant {
  std::uint64_t tag = 0;
  Duration waited;
};

class WaitList {
 public:
  static constexpr std::uint32_t none = 0xFFFFFFFFu;
  struct Fifo {
    std::uint32_t head = none, tail = none, size = 0;
  };

  explicit WaitList(Duration timeout, std::size_t expected = 64) : timeout_(timeout) { nodes_.reserve(expected); }

  /// Appends a waiter to `fifo`; `owner` is returned to the owner on timeout
  /// (a lock slot), so it can find the FIFO again.
  void push(Fifo& fifo, Time now, std::uint64_t tag, std::uint32_t owner) {
    std::uint32_t n;
    if (free_ != none) {
      n = free_;
      free_ = nodes_[n].next;
    } else {
      n = static_cast<std::uint32_t>(nodes_.size());
      nodes_.emplace_back();
    }
    Node& node = nodes_[n];
    node.tag = tag;
    node.since = now;
    node.owner = owner;
    node.waiting = true;
    node.prev = fifo.tail;
    node.next = none;
    (fifo.tail == none ? fifo.head : nodes_[fifo.tail].next) = n;
    fifo.tail = n;
    ++fifo.size;
    ++waiting_;
    if (!timeout_.is_infinite()) {
      Deadline& d = deadlines_.push_back();
      d.at = now + timeout_;
      d.node = n;
      d.gen = node.gen;
    }
  }

  /// Takes the oldest waiter of `fifo` (which must not be empty).
  Grant pop(Fifo& fifo, Time now) {
    assert(fifo.head != none);
    const std::uint32_t n = fifo.head;
    const Grant g{nodes_[n].tag, now - nodes_[n].since};
    unlink(fifo, n);
    skip_stale();  // grants come in deadline order: the ring stays as long as the waits
    return g;
  }

  /// The earliest deadline of a waiter still waiting, or Time::max().
  Time next_deadline() {
    skip_stale();
    return deadlines_.empty() ? Time::max() : deadlines_.front().at;
  }

  /// Removes every waiter whose deadline is <= now, oldest first, calling
  /// `on_timeout(owner, grant)`; `fifo_of(owner)` names the FIFO it waits in.
  template <class FifoOf, class OnTimeout>
  void expire(Time now, FifoOf&& fifo_of, OnTimeout&& on_timeout) {
    for (;;) {
      skip_stale();
      if (deadlines_.empty() || now < deadlines_.front().at) return;
      const std::uint32_t n = deadlines_.pop_front().node;
      const std::uint32_t owner = nodes_[n].owner;
      const Grant g{nodes_[n].tag, now - nodes_[n].since};
      unlink(fifo_of(owner), n);
      on_timeout(owner, g);
    }
  }

  std::size_t waiting() const { return waiting_; }
  Duration timeout() const { return timeout_; }

  /// Mid-run: a new timeout for every wait, those in progress included,
  /// counted from when each began (deadlines move by the difference and stay
  /// in order; those now past are due at once). `none` drops the deadlines;
  /// from `none`, the waiters get deadlines in the order they began. O(waiters).
  void set_timeout(Duration timeout) {
    if (timeout.is_infinite()) {
      while (!deadlines_.empty()) deadlines_.pop_front();
    } else if (timeout_.is_infinite()) {
      std::vector<std::uint32_t> order;
      for (std::uint32_t n = 0; n < nodes_.size(); ++n) {
        if (nodes_[n].waiting) order.push_back(n);
      }
      std::stable_sort(order.begin(), order.end(),
                       [&](std::uint32_t a, std::uint32_t b) { return nodes_[a].since < nodes_[b].since; });
      for (std::uint32_t n : order) {
        Deadline& d = deadlines_.push_back();
        d.at = nodes_[n].since + timeout;
        d.node = n;
        d.gen = nodes_[n].gen;
      }
    } else {
      const Duration shift = timeout - timeout_;
      for (std::size_t i = 0, n = deadlines_.size(); i < n; ++i) {
        Deadline d = deadlines_.pop_front();
        d.at = Time::from_ns(d.at.ns() + shift.count_ns());  // shift may be negative
        deadlines_.push_back(d);
      }
    }
    timeout_ = timeout;
  }

 private:
  struct Node {
    std::uint64_t tag = 0;
    Time since;
    std::uint32_t prev = none, next = none, owner = 0, gen = 0;
    bool waiting = false;
  };
  struct Deadline {
    Time at;
    std::uint32_t node = 0, gen = 0;
  };

  void unlink(Fifo& fifo, std::uint32_t n) {
    Node& node = nodes_[n];
    (node.prev == none ? fifo.head : nodes_[node.prev].next) = node.next;
    (node.next == none ? fifo.tail : nodes_[node.next].prev) = node.prev;
    --fifo.size;
    --waiting_;
    node.waiting = false;
    ++node.gen;  // its deadline entry becomes stale
    node.next = free_;
    free_ = n;
  }
  void skip_stale() {
    while (!deadlines_.empty()) {
      const Deadline& d = deadlines_.front();
      if (nodes_[d.node].waiting && nodes_[d.node].gen == d.gen) return;
      deadlines_.pop_front();
    }
  }

  Duration timeout_;
  std::vector<Node> nodes_;
  std::uint32_t free_ = none;
  std::size_t waiting_ = 0;
  Ring<Deadline> deadlines_;
};

}  // namespace faultline::data
