#include "faultline/engine/event_queue.hpp"

#include <bit>
#include <cassert>
#include <limits>

namespace faultline {

int EventQueue::bucket_index(std::int64_t key) const {
  const auto diff = static_cast<std::uint64_t>(key) ^ static_cast<std::uint64_t>(last_);
  return diff == 0 ? 0 : 64 - std::countl_zero(diff);
}

void EventQueue::push(const Event& e) {
  assert(e.at.ns() >= last_ && "event scheduled before the last popped time");
  buckets_[static_cast<std::size_t>(bucket_index(e.at.ns()))].push_back(e);
  ++size_;
}

void EventQueue::refill() {
  auto& zero = buckets_[0];
  zero.clear();
  head_ = 0;
  std::size_t i = 1;
  while (buckets_[i].empty()) ++i;
  auto& from = buckets_[i];
  std::int64_t smallest = std::numeric_limits<std::int64_t>::max();
  for (const Event& e : from) smallest = e.at.ns() < smallest ? e.at.ns() : smallest;
  last_ = smallest;
  // Every event of `from` lands in a lower bucket, in its current order, so
  // equal keys keep their insertion (seq) order.
  for (const Event& e : from) buckets_[static_cast<std::size_t>(bucket_index(e.at.ns()))].push_back(e);
  from.clear();
}

Time EventQueue::top_time() {
  assert(size_ > 0);
  if (head_ == buckets_[0].size()) refill();
  return buckets_[0][head_].at;
}

Event EventQueue::pop() {
  assert(size_ > 0);
  if (head_ == buckets_[0].size()) refill();
  --size_;
  return buckets_[0][head_++];
}

}  // namespace faultline
