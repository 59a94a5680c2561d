#pragma once
// Read replicas and their lag: a write of key k completing on the primary at t
// reaches read replica r at t + lag (drawn per write and replica by the
// caller). A read of k on r at time x is stale when some write of k completed
// before x has not reached r by x. Only the latest arrival per key and replica
// matters (max over writes), so a row per written key holds one time per
// replica: memory follows the keys written, O(1) per write and read.
#include <cstdint>
#include <span>
#include <vector>

#include "faultline/engine/time.hpp"
#include "faultline/model/data/flat_index.hpp"

namespace faultline::data {

class ReplicationLog {
 public:
  explicit ReplicationLog(std::uint32_t read_replicas, std::size_t expected_keys = 1024);

  /// A write of `key` completed at `now`; `lags[r]` is its lag to replica r.
  void write(Time now, std::uint64_t key, std::span<const Duration> lags);
  /// A read of `key` on read replica `replica` starting its work at `now`:
  /// true when stale. Counted.
  bool read(Time now, std::uint64_t key, std::uint32_t replica);

  std::uint32_t read_replicas() const { return replicas_; }
  std::uint64_t reads() const { return reads_; }
  std::uint64_t stale_reads() const { return stale_; }
  double stale_share() const { return reads_ == 0 ? 0.0 : static_cast<double>(stale_) / static_cast<double>(reads_); }
  std::size_t keys_written() const { return index_.size(); }

 private:
  std::uint32_t replicas_;
  FlatIndex index_;
  std::vector<Time> visible_at_;  // row-major: one row of `replicas_` per written key
  std::uint64_t reads_ = 0, stale_ = 0;
};

}  // namespace faultline::data
