#pragma once
// A list of pool indices with a push that always inlines: std::vector's
// push_back carries its reallocation path, and GCC stopped inlining it into
// Replica::start once that function grew (measured: ~46 instructions a call
// on the M/M/1 model's hot path). Growth here is a separate, cold call.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "faultline/engine/hot.hpp"

namespace faultline {

class IndexList {
 public:
  FAULTLINE_HOT void push_back(std::uint32_t index) {
    if (size_ == store_.size()) [[unlikely]] grow();
    store_[size_++] = index;
  }
  FAULTLINE_HOT void pop_back() { --size_; }
  FAULTLINE_HOT std::uint32_t back() const { return store_[size_ - 1]; }
  FAULTLINE_HOT std::uint32_t& operator[](std::size_t i) { return store_[i]; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void clear() { size_ = 0; }
  const std::uint32_t* begin() const { return store_.data(); }
  const std::uint32_t* end() const { return store_.data() + size_; }

 private:
  [[gnu::noinline]] void grow() { store_.resize(store_.size() * 2 + 4); }
  std::vector<std::uint32_t> store_;  // capacity in use: [0, size_)
  std::size_t size_ = 0;
};

}  // namespace faultline
