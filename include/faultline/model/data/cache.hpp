#pragma once
// A read-through cache's bookkeeping: which keys are present, how old they are,
// which one goes when it is full. Entries live in a slab of `capacity` nodes on
// an intrusive list (front = newest or most recently used), found through a
// FlatIndex reserved for `capacity` keys: a read, a fill and an eviction are
// O(1) and never allocate, and memory follows the capacity, not the key space.
#include <cstdint>
#include <vector>

#include "faultline/engine/time.hpp"
#include "faultline/model/data/flat_index.hpp"

namespace faultline::data {

enum class Eviction : std::uint8_t { lru, fifo };

struct CacheConfig {
  std::uint32_t capacity = 1;                 // entries, >= 1
  Duration ttl = Duration::infinite();        // an entry serves reads younger than this
  Eviction eviction = Eviction::lru;
};

class Cache {
 public:
  explicit Cache(const CacheConfig& config);

  /// A read of `key`: a hit when present and younger than ttl (LRU: it becomes
  /// the most recently used). Counted as a hit or a miss.
  bool read(Time now, std::uint64_t key);
  /// A fill that succeeded: stores `key` as new at `now` (refreshing it when
  /// present), evicting the list's tail when full.
  void fill(Time now, std::uint64_t key);
  /// Whether `key` is present (expired or not), without counting or touching it.
  bool contains(std::uint64_t key) const { return index_.find(key) != FlatIndex::npos; }
  /// The `cache_flush` fault: every entry goes (O(capacity), once per fault).
  void flush();
  /// Mid-run settings: a new ttl judges every entry from now on (by its stored
  /// time); a smaller capacity evicts from the tail (LRU/FIFO order) until the
  /// entries fit, a larger one adds free nodes. Returns the entries evicted.
  void set_ttl(Duration ttl) { config_.ttl = ttl; }
  std::uint32_t set_capacity(std::uint32_t capacity);

  std::uint32_t size() const { return size_; }
  std::uint32_t capacity() const { return config_.capacity; }
  std::uint64_t hits() const { return hits_; }
  std::uint64_t misses() const { return misses_; }
  std::uint64_t evictions() const { return evictions_; }
  std::uint64_t flushes() const { return flushes_; }
  /// hits / (hits + misses); 0 before any read.
  double hit_ratio() const {
    const std::uint64_t reads = hits_ + misses_;
    return reads == 0 ? 0.0 : static_cast<double>(hits_) / static_cast<double>(reads);
  }
  void reset_counters() { hits_ = misses_ = evictions_ = 0; }

 private:
  static constexpr std::uint32_t none = FlatIndex::npos;
  struct Node {
    std::uint64_t key = 0;
    Time stored;
    std::uint32_t prev = none, next = none;
  };
  void unlink(std::uint32_t n);
  void push_front(std::uint32_t n);

  CacheConfig config_;
  std::vector<Node> nodes_;  // at least `capacity` nodes (more after a capacity was lowered mid-run)
  FlatIndex index_;
  std::uint32_t head_ = none, tail_ = none;
  std::uint32_t free_ = none;  // free nodes chained through `next`
  std::uint32_t size_ = 0;
  std::uint64_t hits_ = 0, misses_ = 0, evictions_ = 0, flushes_ = 0;
};

/// Request coalescing: at most one fill per key in flight; later misses for
/// that key wait for it. Waiters are caller-chosen 64-bit tags (a call handle).
/// Fills and waiters sit in slabs that grow to the peak in flight and are then
/// reused: O(1) per miss and per waiter, no allocation once warm.
class FillTable {
 public:
  explicit FillTable(std::size_t expected_in_flight = 64);

  /// A miss for `key`: true when it starts the fill (none in flight); false when
  /// a fill is in flight, and `waiter` is queued behind it.
  bool start_or_wait(std::uint64_t key, std::uint64_t waiter);
  /// The fill of `key` ended (success or not): calls `each(waiter)` in arrival
  /// order and forgets the fill. Nothing happens when no fill is in flight.
  template <class F>
  void finish(std::uint64_t key, F&& each) {
    const std::uint32_t f = index_.find(key);
    if (f == FlatIndex::npos) return;
    index_.erase(key);
    std::uint32_t w = fills_[f].first;
    while (w != FlatIndex::npos) {
      const std::uint32_t next = waiters_[w].next;
      const std::uint64_t tag = waiters_[w].tag;
      waiters_[w].next = free_waiter_;
      free_waiter_ = w;
      --waiting_;
      each(tag);
      w = next;
    }
    fills_[f].first = fills_[f].last = FlatIndex::npos;
    fills_[f].next_free = free_fill_;
    free_fill_ = f;
    --in_flight_;
  }
  bool in_flight(std::uint64_t key) const { return index_.find(key) != FlatIndex::npos; }
  std::size_t in_flight() const { return in_flight_; }
  std::size_t waiting() const { return waiting_; }

 private:
  struct Fill {
    std::uint32_t first = FlatIndex::npos, last = FlatIndex::npos, next_free = FlatIndex::npos;
  };
  struct Waiter {
    std::uint64_t tag = 0;
    std::uint32_t next = FlatIndex::npos;
  };
  FlatIndex index_;
  std::vector<Fill> fills_;
  std::vector<Waiter> waiters_;
  std::uint32_t free_fill_ = FlatIndex::npos, free_waiter_ = FlatIndex::npos;
  std::size_t in_flight_ = 0, waiting_ = 0;
};

}  // namespace faultline::data
