#pragma once
// A mixture's branch shares, computed in one place: the loader stores them
// (so reports print shares), and a sampler of a Spec built in C++ can use them.
#include <vector>

#include "faultline/scenario/spec.hpp"

namespace faultline {

/// Each branch's weight over the sum of the weights (all 0 when the sum is not positive).
inline std::vector<double> mixture_shares(const DistSpec& d) {
  double total = 0;
  for (const auto& c : d.of) total += c.weight;
  std::vector<double> out;
  out.reserve(d.of.size());
  for (const auto& c : d.of) out.push_back(total > 0 ? c.weight / total : 0.0);
  return out;
}

}  // namespace faultline
