#include "faultline/model/data/replication.hpp"

#include <cassert>

namespace faultline::data {

ReplicationLog::ReplicationLog(std::uint32_t read_replicas, std::size_t expected_keys)
    : replicas_(read_replicas), index_(expected_keys) {
  visible_at_.reserve(expected_keys * read_replicas);
}

void ReplicationLog::write(Time now, std::uint64_t key, std::span<const Duration> lags) {
  assert(lags.size() == replicas_);
  std::uint32_t row = index_.find(key);
  if (row == FlatIndex::npos) {
    row = static_cast<std::uint32_t>(visible_at_.size() / replicas_);
    visible_at_.resize(visible_at_.size() + replicas_, Time::zero());
    index_.insert(key, row);
  }
  Time* arrivals = &visible_at_[static_cast<std::size_t>(row) * replicas_];
  for (std::uint32_t r = 0; r < replicas_; ++r) {
    const Time arrives = now + lags[r];
    if (arrivals[r] < arrives) arrivals[r] = arrives;
  }
}

bool ReplicationLog::read(Time now, std::uint64_t key, std::uint32_t replica) {
  assert(replica < replicas_);
  ++reads_;
  const std::uint32_t row = index_.find(key);
  if (row == FlatIndex::npos) return false;
  const bool stale = now < visible_at_[static_cast<std::size_t>(row) * replicas_ + replica];
  stale_ += stale;
  return stale;
}

}  // namespace faultline::data
