#include "faultline/engine/event_queue.hpp"

#include <limits>

namespace faultline {

namespace {
std::int64_t earliest(const std::vector<Event>& events) {
  std::int64_t smallest = std::numeric_limits<std::int64_t>::max();
  for (const Event& e : events) smallest = e.at.ns() < smallest ? e.at.ns() : smallest;
  return smallest;
}
}  // namespace

Time EventQueue::top_time() const {
  assert(size_ > 0);
  if (small_) return heap_.front().at;
  if (head_ < buckets_[0].size()) return buckets_[0][head_].at;
  return Time::from_ns(earliest(buckets_[static_cast<std::size_t>(std::countr_zero(nonempty_) + 1)]));
}

bool EventQueue::refill_before(Time end) {
  assert(nonempty_ != 0 && "refill of an empty queue");
  const int i = std::countr_zero(nonempty_) + 1;
  auto& from = buckets_[static_cast<std::size_t>(i)];
  const bool one = from.size() == 1;  // the common case with few events pending
  const std::int64_t smallest = one ? from.front().at.ns() : earliest(from);
  if (!(Time::from_ns(smallest) < end)) return false;  // a run stops here; pop_before scans again next time
  auto& zero = buckets_[0];
  zero.clear();
  head_ = 0;
  nonempty_ &= ~(std::uint64_t{1} << (i - 1));
  last_ = smallest;
  if (one) {
    zero.push_back(from.front());
  } else {
    // Every event of `from` lands in a lower bucket, in its current order, so
    // equal keys keep their insertion (seq) order.
    for (const Event& e : from) radix_push(e);
  }
  from.clear();
  return true;
}

void EventQueue::to_radix() {
  // Buckets keep equal keys in seq order by appending in that order.
  std::sort(heap_.begin(), heap_.end(), [](const Event& a, const Event& b) { return Later{}(b, a); });
  for (const Event& e : heap_) radix_push(e);
  heap_.clear();
  small_ = false;
}

void EventQueue::to_heap() {
  heap_.assign(buckets_[0].begin() + static_cast<std::ptrdiff_t>(head_), buckets_[0].end());
  buckets_[0].clear();
  head_ = 0;
  for (int i = 1; i < kBuckets; ++i) {
    auto& b = buckets_[static_cast<std::size_t>(i)];
    heap_.insert(heap_.end(), b.begin(), b.end());
    b.clear();
  }
  nonempty_ = 0;
  std::make_heap(heap_.begin(), heap_.end(), Later{});
  small_ = true;
}

}  // namespace faultline
