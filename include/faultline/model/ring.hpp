#pragma once
// A double-ended queue in one power-of-two array that doubles when full: a
// replica's waiting requests (taken from either end: FIFO or LIFO) and an
// edge's timeouts. Memory follows the most ever held, never simulated time.
#include <cassert>
#include <cstddef>
#include <vector>

namespace faultline {

template <class T>
class Ring {
 public:
  Ring() : slots_(8) {}

  bool empty() const { return count_ == 0; }
  std::size_t size() const { return count_; }

  /// The new last element, to be filled in (assigning fields one by one is
  /// cheaper than copying a whole temporary in).
  T& push_back() {
    if (count_ == slots_.size()) grow();
    ++count_;
    return back();
  }
  void push_back(const T& value) { push_back() = value; }
  T& front() {
    assert(count_ > 0);
    return slots_[head_];
  }
  const T& front() const {
    assert(count_ > 0);
    return slots_[head_];
  }
  T& back() {
    assert(count_ > 0);
    return slots_[(head_ + count_ - 1) & (slots_.size() - 1)];
  }
  const T& back() const {
    assert(count_ > 0);
    return slots_[(head_ + count_ - 1) & (slots_.size() - 1)];
  }
  T pop_front() {
    assert(count_ > 0);
    const T value = slots_[head_];
    head_ = (head_ + 1) & (slots_.size() - 1);
    --count_;
    return value;
  }
  T pop_back() {
    assert(count_ > 0);
    const T value = back();
    --count_;
    return value;
  }

 private:
  void grow() {
    std::vector<T> bigger(slots_.size() * 2);
    for (std::size_t i = 0; i < count_; ++i) bigger[i] = slots_[(head_ + i) & (slots_.size() - 1)];
    slots_ = std::move(bigger);
    head_ = 0;
  }

  std::vector<T> slots_;  // power-of-two size
  std::size_t head_ = 0, count_ = 0;
};

}  // namespace faultline
