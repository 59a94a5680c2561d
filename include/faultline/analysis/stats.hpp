#pragma once
// Means and 95% confidence intervals over independent replications (seeds).
#include <vector>

namespace faultline::analysis {

struct Interval {
  double mean = 0;
  double half_width = 0;  // 95% CI: mean +- half_width; 0 with fewer than 2 samples
  int n = 0;
};

/// Student t quantile at 0.975 for `dof` degrees of freedom (exact table to 30, then the normal limit).
double t975(int dof);
/// Mean and 95% CI of the finite values (NaN and infinities left out).
Interval interval(const std::vector<double>& samples);
/// Paired differences b[i] - a[i] (same seed), then their interval.
Interval paired_difference(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace faultline::analysis
