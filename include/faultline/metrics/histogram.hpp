#pragma once
// Log-linear histogram of non-negative integer values (nanoseconds), as
// HdrHistogram does: each power of two is split into kSubBuckets linear
// buckets, so any recorded value is known to within 1/kSubBuckets of itself.
// Memory is fixed (no allocation after construction); recording is O(1).
#include <array>
#include <cstdint>
#include <vector>

namespace faultline {

class Histogram {
 public:
  static constexpr int kSubBucketBits = 7;                 // 128 buckets per octave: <= 0.4% error
  static constexpr int kSubBuckets = 1 << kSubBucketBits;
  static constexpr int kOctaves = 64 - kSubBucketBits;     // covers the whole int64 range
  static constexpr int kBuckets = (kOctaves + 1) * kSubBuckets;

  Histogram();

  /// Records one value; negative values are recorded as 0.
  void record(std::int64_t value);
  void merge(const Histogram& other);
  void reset();

  std::uint64_t count() const { return count_; }
  /// Exact mean of the recorded values (sum kept separately); 0 when empty.
  double mean() const;
  /// Exact extremes; 0 when empty.
  std::int64_t min() const { return count_ ? min_ : 0; }
  std::int64_t max() const { return count_ ? max_ : 0; }
  /// Nearest-rank quantile (p in [0,1]): the value of rank ceil(p*n), reported as
  /// the midpoint of its bucket clamped to [min, max]; 0 when empty.
  double quantile(double p) const;

  /// Bucket index of a value, and the [low, high] range of values in a bucket.
  static int bucket_of(std::int64_t value);
  static std::int64_t bucket_low(int index);
  static std::int64_t bucket_high(int index);

 private:
  std::vector<std::uint64_t> counts_;  // kBuckets entries, allocated once
  std::uint64_t count_ = 0;
  long double sum_ = 0;
  std::int64_t min_ = 0, max_ = 0;
  int lowest_used_ = kBuckets, highest_used_ = -1;  // bounds for fast quantile scans and reset
};

}  // namespace faultline
