#pragma once
// A caller replica's connection pool (`pool: {size, wait_timeout}`): a worker
// holds its slot while it waits for a connection; connections go to waiters in
// arrival order; a wait longer than wait_timeout fails (as `error`).
#include <cstdint>
#include <optional>

#include "faultline/model/data/wait_list.hpp"

namespace faultline::data {

class ConnectionPool {
 public:
  ConnectionPool(std::uint32_t size, Duration wait_timeout) : size_(size), waiters_(wait_timeout) {}

  /// A call wants a connection: true = it has one now; false = `tag` waits.
  bool acquire(Time now, std::uint64_t tag) {
    if (in_use_ < size_ && fifo_.size == 0) {
      ++in_use_;
      ++grants_;
      return true;
    }
    waiters_.push(fifo_, now, tag, 0);
    return false;
  }
  /// A connection comes back: the oldest waiter gets it, or it goes idle.
  std::optional<Grant> release(Time now) {
    if (fifo_.size > 0 && in_use_ <= size_) {  // above size (lowered mid-run): it closes
      ++grants_;
      return waiters_.pop(fifo_, now);
    }
    --in_use_;
    return std::nullopt;
  }
  /// Fails the waits older than wait_timeout: `on_timeout(grant)`.
  template <class F>
  void expire(Time now, F&& on_timeout) {
    waiters_.expire(now, [this](std::uint32_t) -> WaitList::Fifo& { return fifo_; },
                    [&](std::uint32_t, const Grant& g) {
                      ++timeouts_;
                      on_timeout(g);
                    });
  }
  Time next_deadline() { return waiters_.next_deadline(); }
  /// Mid-run: a new size. Above it, connections close as they come back; below
  /// it, `grant_spare` gives the new ones to waiters.
  void set_size(std::uint32_t size) { size_ = size; }
  /// A connection free while someone waits (after the size grew): the oldest waiter gets it.
  std::optional<Grant> grant_spare(Time now) {
    if (fifo_.size == 0 || in_use_ >= size_) return std::nullopt;
    ++in_use_;
    ++grants_;
    return waiters_.pop(fifo_, now);
  }

  std::uint32_t size() const { return size_; }
  std::uint32_t in_use() const { return in_use_; }
  std::uint32_t waiting() const { return fifo_.size; }
  std::uint64_t grants() const { return grants_; }
  std::uint64_t timeouts() const { return timeouts_; }

 private:
  std::uint32_t size_;
  std::uint32_t in_use_ = 0;
  std::uint64_t grants_ = 0, timeouts_ = 0;
  WaitList waiters_;
  WaitList::Fifo fifo_;
};

}  // namespace faultline::data
