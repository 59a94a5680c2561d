#include "faultline/analysis/stats.hpp"

#include <cmath>

namespace faultline::analysis {

double t975(int dof) {
  static const double table[] = {0,      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                 2.201,  2.179,  2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080,
                                 2.074,  2.069,  2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (dof <= 0) return 0;
  if (dof <= 30) return table[dof];
  return 1.959964 + 2.4 / dof;  // close to the t quantile beyond 30 dof
}

Interval interval(const std::vector<double>& samples) {
  Interval r;
  double sum = 0;
  for (double v : samples) {
    if (!std::isfinite(v)) continue;
    sum += v;
    ++r.n;
  }
  if (r.n == 0) {
    r.mean = std::nan("");
    return r;
  }
  r.mean = sum / r.n;
  if (r.n < 2) return r;
  double ss = 0;
  for (double v : samples) {
    if (std::isfinite(v)) ss += (v - r.mean) * (v - r.mean);
  }
  const double sd = std::sqrt(ss / (r.n - 1));
  r.half_width = t975(r.n - 1) * sd / std::sqrt(static_cast<double>(r.n));
  return r;
}

Interval paired_difference(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> d;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) d.push_back(b[i] - a[i]);
  return interval(d);
}

}  // namespace faultline::analysis
