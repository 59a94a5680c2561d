#include "faultline/metrics/histogram.hpp"

#include <algorithm>
#include <cmath>

namespace faultline {

Histogram::Histogram() : counts_(static_cast<std::size_t>(kBuckets), 0) {}

std::int64_t Histogram::bucket_low(int index) {
  if (index < kSubBuckets) return index;
  const int shift = index / kSubBuckets - 1;
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(kSubBuckets + index % kSubBuckets) << shift);
}

std::int64_t Histogram::bucket_high(int index) {
  if (index < kSubBuckets) return index;
  const int shift = index / kSubBuckets - 1;
  const auto low = static_cast<std::uint64_t>(bucket_low(index));
  return static_cast<std::int64_t>(low + ((std::uint64_t{1} << shift) - 1));
}

void Histogram::merge(const Histogram& other) {
  if (other.count_ == 0) return;
  for (int b = other.lowest_used_; b <= other.highest_used_; ++b) {
    counts_[static_cast<std::size_t>(b)] += other.counts_[static_cast<std::size_t>(b)];
  }
  lowest_used_ = std::min(lowest_used_, other.lowest_used_);
  highest_used_ = std::max(highest_used_, other.highest_used_);
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  count_ += other.count_;
  sum_ += other.sum_;
}

void Histogram::reset() {
  if (highest_used_ >= lowest_used_) {
    std::fill(counts_.begin() + lowest_used_, counts_.begin() + highest_used_ + 1, 0);
  }
  lowest_used_ = kBuckets;
  highest_used_ = -1;
  count_ = 0;
  sum_ = 0;
  min_ = kEmptyMin;
  max_ = 0;
}

double Histogram::quantile(double p) const {
  if (count_ == 0) return 0;
  p = std::clamp(p, 0.0, 1.0);
  auto rank = static_cast<std::uint64_t>(std::ceil(p * static_cast<double>(count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  std::uint64_t seen = 0;
  for (int b = lowest_used_; b <= highest_used_; ++b) {
    seen += counts_[static_cast<std::size_t>(b)];
    if (seen >= rank) {
      const double mid = (static_cast<double>(bucket_low(b)) + static_cast<double>(bucket_high(b))) / 2;
      return std::clamp(mid, static_cast<double>(min_), static_cast<double>(max_));
    }
  }
  return static_cast<double>(max_);
}

}  // namespace faultline
