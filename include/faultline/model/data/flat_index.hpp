#pragma once
// A map from a 64-bit key (a cache key, a row key) to a 32-bit slot number, in
// one open-addressing array: linear probing, backward-shift deletion (no
// tombstones, so lookups never slow down with churn). Reserved up front for
// the most entries its owner can hold, so find/insert/erase never allocate;
// past that bound it doubles (amortized O(1)) rather than fail.
#include <cassert>
#include <cstdint>
#include <vector>

namespace faultline::data {

class FlatIndex {
 public:
  static constexpr std::uint32_t npos = 0xFFFFFFFFu;

  explicit FlatIndex(std::size_t expected = 16) { reserve(expected); }

  /// Room for `n` entries at a load of at most one half.
  void reserve(std::size_t n) {
    std::size_t want = 16;
    while (want < 2 * n) want *= 2;
    if (want <= cells_.size()) return;
    std::vector<Cell> old = std::move(cells_);
    cells_.assign(want, Cell{});
    mask_ = want - 1;
    size_ = 0;
    for (const Cell& c : old)
      if (c.value != npos) insert(c.key, c.value);
  }

  std::uint32_t find(std::uint64_t key) const {
    for (std::size_t i = home(key);; i = (i + 1) & mask_) {
      const Cell& c = cells_[i];
      if (c.value == npos) return npos;
      if (c.key == key) return c.value;
    }
  }

  /// `key` must be absent.
  void insert(std::uint64_t key, std::uint32_t value) {
    assert(value != npos);
    if (2 * (size_ + 1) > cells_.size()) reserve(cells_.size());  // doubles
    std::size_t i = home(key);
    while (cells_[i].value != npos) {
      assert(cells_[i].key != key && "flat index: duplicate key");
      i = (i + 1) & mask_;
    }
    cells_[i] = Cell{key, value};
    ++size_;
  }

  /// Overwrites the slot of a present key.
  void assign(std::uint64_t key, std::uint32_t value) {
    for (std::size_t i = home(key);; i = (i + 1) & mask_) {
      assert(cells_[i].value != npos && "flat index: assign to an absent key");
      if (cells_[i].key == key) {
        cells_[i].value = value;
        return;
      }
    }
  }

  bool erase(std::uint64_t key) {
    std::size_t i = home(key);
    for (;; i = (i + 1) & mask_) {
      if (cells_[i].value == npos) return false;
      if (cells_[i].key == key) break;
    }
    // Backward shift: pull later members of the probe run into the hole.
    std::size_t j = i;
    for (;;) {
      j = (j + 1) & mask_;
      if (cells_[j].value == npos) break;
      const std::size_t k = home(cells_[j].key);
      const bool stays = (i <= j) ? (i < k && k <= j) : (i < k || k <= j);
      if (stays) continue;
      cells_[i] = cells_[j];
      i = j;
    }
    cells_[i] = Cell{};
    --size_;
    return true;
  }

  void clear() {
    for (Cell& c : cells_) c = Cell{};
    size_ = 0;
  }
  std::size_t size() const { return size_; }
  std::size_t bucket_count() const { return cells_.size(); }

 private:
  struct Cell {
    std::uint64_t key = 0;
    std::uint32_t value = npos;
  };
  // murmur3's finalizer: consecutive keys 1..N spread over the whole table.
  std::size_t home(std::uint64_t k) const {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return static_cast<std::size_t>(k) & mask_;
  }

  std::vector<Cell> cells_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace faultline::data
