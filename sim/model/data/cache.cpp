#include "faultline/model/data/cache.hpp"

#include <cassert>

namespace faultline::data {

Cache::Cache(const CacheConfig& config) : config_(config), nodes_(config.capacity), index_(config.capacity) {
  assert(config.capacity >= 1);
  for (std::uint32_t i = 0; i < config_.capacity; ++i) nodes_[i].next = i + 1 < config_.capacity ? i + 1 : none;
  free_ = 0;
}

void Cache::unlink(std::uint32_t n) {
  Node& node = nodes_[n];
  (node.prev == none ? head_ : nodes_[node.prev].next) = node.next;
  (node.next == none ? tail_ : nodes_[node.next].prev) = node.prev;
  node.prev = node.next = none;
}

void Cache::push_front(std::uint32_t n) {
  Node& node = nodes_[n];
  node.prev = none;
  node.next = head_;
  if (head_ != none) nodes_[head_].prev = n;
  head_ = n;
  if (tail_ == none) tail_ = n;
}

bool Cache::read(Time now, std::uint64_t key) {
  const std::uint32_t n = index_.find(key);
  if (n == none || !(now - nodes_[n].stored < config_.ttl)) {
    ++misses_;
    return false;
  }
  ++hits_;
  if (config_.eviction == Eviction::lru && head_ != n) {
    unlink(n);
    push_front(n);
  }
  return true;
}

void Cache::fill(Time now, std::uint64_t key) {
  std::uint32_t n = index_.find(key);
  if (n != none) {  // a refresh: new again, under either policy
    nodes_[n].stored = now;
    if (head_ != n) {
      unlink(n);
      push_front(n);
    }
    return;
  }
  if (free_ != none && size_ < config_.capacity) {
    n = free_;
    free_ = nodes_[n].next;
    ++size_;
  } else {  // full: the tail goes (least recently used, or oldest inserted)
    n = tail_;
    unlink(n);
    index_.erase(nodes_[n].key);
    ++evictions_;
  }
  nodes_[n].key = key;
  nodes_[n].stored = now;
  index_.insert(key, n);
  push_front(n);
}

void Cache::flush() {
  index_.clear();
  head_ = tail_ = none;
  const auto nodes = static_cast<std::uint32_t>(nodes_.size());
  for (std::uint32_t i = 0; i < nodes; ++i) {
    nodes_[i].prev = none;
    nodes_[i].next = i + 1 < nodes ? i + 1 : none;
  }
  free_ = 0;
  size_ = 0;
  ++flushes_;
}

std::uint32_t Cache::set_capacity(std::uint32_t capacity) {
  assert(capacity >= 1);
  std::uint32_t evicted = 0;
  while (size_ > capacity) {  // the tail goes, as a fill of a new key would take it
    const std::uint32_t n = tail_;
    unlink(n);
    index_.erase(nodes_[n].key);
    nodes_[n].next = free_;
    free_ = n;
    --size_;
    ++evictions_;
    ++evicted;
  }
  const auto have = static_cast<std::uint32_t>(nodes_.size());
  if (capacity > have) {  // new free nodes, chained in front of the free list
    nodes_.resize(capacity);
    for (std::uint32_t i = have; i < capacity; ++i) nodes_[i].next = i + 1 < capacity ? i + 1 : free_;
    free_ = have;
    index_.reserve(capacity);
  }
  config_.capacity = capacity;
  return evicted;
}

FillTable::FillTable(std::size_t expected_in_flight) : index_(expected_in_flight) {
  fills_.reserve(expected_in_flight);
  waiters_.reserve(expected_in_flight);
}

bool FillTable::start_or_wait(std::uint64_t key, std::uint64_t waiter) {
  const std::uint32_t f = index_.find(key);
  if (f == FlatIndex::npos) {
    std::uint32_t slot;
    if (free_fill_ != FlatIndex::npos) {
      slot = free_fill_;
      free_fill_ = fills_[slot].next_free;
      fills_[slot] = Fill{};
    } else {
      slot = static_cast<std::uint32_t>(fills_.size());
      fills_.emplace_back();
    }
    index_.insert(key, slot);
    ++in_flight_;
    return true;
  }
  std::uint32_t w;
  if (free_waiter_ != FlatIndex::npos) {
    w = free_waiter_;
    free_waiter_ = waiters_[w].next;
  } else {
    w = static_cast<std::uint32_t>(waiters_.size());
    waiters_.emplace_back();
  }
  waiters_[w].tag = waiter;
  waiters_[w].next = FlatIndex::npos;
  Fill& fill = fills_[f];
  if (fill.last == FlatIndex::npos) fill.first = w;
  else waiters_[fill.last].next = w;
  fill.last = w;
  ++waiting_;
  return false;
}

}  // namespace faultline::data
