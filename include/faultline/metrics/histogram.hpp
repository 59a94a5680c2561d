#pragma once
#include "faultline/engine/hot.hpp"
// Log-linear histogram of non-negative integer values (nanoseconds), as
// HdrHistogram does: values below kSubBuckets are exact, and each power of two
// above is split into kSubBuckets linear buckets, so a value is known to
// within 1/kSubBuckets of itself (reported at the bucket's midpoint: <= 0.4%).
// Memory is fixed (no allocation after construction); recording is O(1).
#include <bit>
#include <cstdint>
#include <vector>

namespace faultline {

class Histogram {
 public:
  static constexpr int kSubBucketBits = 7;                 // 128 buckets per octave
  static constexpr int kSubBuckets = 1 << kSubBucketBits;
  static constexpr int kOctaves = 64 - kSubBucketBits;     // covers the whole int64 range
  static constexpr int kBuckets = (kOctaves + 1) * kSubBuckets;

  Histogram();

  /// Records one value; negative values are recorded as 0.
  FAULTLINE_HOT void record(std::int64_t value) {
    if (value < 0) value = 0;
    const int b = bucket_of(value);
    ++counts_[static_cast<std::size_t>(b)];
    if (b < lowest_used_) lowest_used_ = b;
    if (b > highest_used_) highest_used_ = b;
    if (value < min_) min_ = value;  // min_ starts above every value: no first-record case
    if (value > max_) max_ = value;
    ++count_;
    sum_ += static_cast<double>(value);
  }
  void merge(const Histogram& other);
  void reset();

  std::uint64_t count() const { return count_; }
  /// Mean of the recorded values (sum kept in a double); 0 when empty.
  double mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }
  /// Exact extremes; 0 when empty.
  std::int64_t min() const { return count_ ? min_ : 0; }
  std::int64_t max() const { return count_ ? max_ : 0; }
  /// Nearest-rank quantile (p in [0,1]): the value of rank ceil(p*n), reported as
  /// the midpoint of its bucket clamped to [min, max]; 0 when empty.
  double quantile(double p) const;

  /// Bucket index of a value, and the [low, high] range of values in a bucket.
  static int bucket_of(std::int64_t value) {
    const auto v = static_cast<std::uint64_t>(value);
    if (v < static_cast<std::uint64_t>(kSubBuckets)) return static_cast<int>(v);
    const int msb = 63 - std::countl_zero(v);
    const int shift = msb - kSubBucketBits;
    return (shift + 1) * kSubBuckets + static_cast<int>((v >> shift) - kSubBuckets);
  }
  static std::int64_t bucket_low(int index);
  static std::int64_t bucket_high(int index);

 private:
  std::vector<std::uint64_t> counts_;  // kBuckets entries, allocated once
  std::uint64_t count_ = 0;
  double sum_ = 0;
  std::int64_t min_ = kEmptyMin, max_ = 0;  // values are >= 0, so max_ may start at 0
  static constexpr std::int64_t kEmptyMin = INT64_MAX;
  int lowest_used_ = kBuckets, highest_used_ = -1;  // bounds for quantile scans and reset
};

}  // namespace faultline
