#include "faultline/analysis/cache_findings.hpp"

#include <cmath>
#include <cstdio>

namespace faultline::analysis {

namespace {
constexpr double kFall = 0.2;       // a fall of the hit ratio worth a finding
constexpr std::size_t kSpan = 5;    // samples averaged on each side

/// Mean of the non-NaN values in [from, to); NaN when there are none.
double mean(const std::vector<double>& v, std::size_t from, std::size_t to) {
  double sum = 0;
  int n = 0;
  for (std::size_t i = from; i < to && i < v.size(); ++i) {
    if (std::isnan(v[i])) continue;
    sum += v[i];
    ++n;
  }
  return n == 0 ? std::nan("") : sum / n;
}
}  // namespace

void find_caches(RunResult& r) {
  const auto& t = r.timeseries.times_s;
  auto start_of = [&](std::size_t i) { return i == 0 ? 0.0 : t[i - 1]; };
  for (const auto& c : r.caches) {
    const std::string entity = "caches." + c.name;
    const Series* ratio = r.timeseries.find(entity, "hit_ratio");
    if (ratio == nullptr || ratio->values.size() < 2) continue;
    const auto& v = ratio->values;
    // The moment: the first flush of this cache, else the steepest fall.
    std::size_t at = 0;
    bool flush = false;
    for (const auto& f : r.faults) {
      if (f.kind != "cache_flush" || f.target != c.name) continue;
      while (at < v.size() && start_of(at) < f.start_s - 1e-9) ++at;
      flush = true;
      break;
    }
    double before = std::nan(""), after = std::nan("");
    if (flush) {
      before = mean(v, at >= kSpan ? at - kSpan : 0, at);
      after = mean(v, at, at + kSpan);
    } else {
      double worst = 0;
      for (std::size_t i = 1; i < v.size(); ++i) {
        const double b = mean(v, i >= kSpan ? i - kSpan : 0, i), a = mean(v, i, i + kSpan);
        if (!std::isnan(b) && !std::isnan(a) && b - a > worst) {
          worst = b - a;
          at = i;
          before = b;
          after = a;
        }
      }
    }
    if (std::isnan(before) || std::isnan(after) || before - after < kFall) continue;
    char text[160];
    std::snprintf(text, sizeof text, "cache %s: hit ratio fell from %.2f to %.2f at %.0f s%s", c.name.c_str(), before,
                  after, start_of(at), flush ? " (flush)" : "");
    r.findings.push_back({"cache_hit_ratio", entity, start_of(at), "hit_ratio", after, text});
  }
}

}  // namespace faultline::analysis
