#include "faultline/engine/event_queue.hpp"

#include <limits>

namespace faultline {

void EventQueue::refill() {
  auto& zero = buckets_[0];
  zero.clear();
  head_ = 0;
  assert(nonempty_ != 0 && "refill of an empty queue");
  const int i = std::countr_zero(nonempty_) + 1;
  auto& from = buckets_[static_cast<std::size_t>(i)];
  nonempty_ &= ~(std::uint64_t{1} << (i - 1));
  if (from.size() == 1) {  // the common case with few events pending
    last_ = from.front().at.ns();
    zero.push_back(from.front());
    from.clear();
    return;
  }
  std::int64_t smallest = std::numeric_limits<std::int64_t>::max();
  for (const Event& e : from) smallest = e.at.ns() < smallest ? e.at.ns() : smallest;
  last_ = smallest;
  // Every event of `from` lands in a lower bucket, in its current order, so
  // equal keys keep their insertion (seq) order.
  for (const Event& e : from) {
    const int b = bucket_index(e.at.ns());
    buckets_[static_cast<std::size_t>(b)].push_back(e);
    if (b > 0) nonempty_ |= std::uint64_t{1} << (b - 1);
  }
  from.clear();
}

}  // namespace faultline
