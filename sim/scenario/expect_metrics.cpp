#include "expect_metrics.hpp"

#include <algorithm>

#include "faultline/metrics/registry.hpp"

namespace faultline::scenario {

void check_summary_metric(Reader& r, const YAML::Node& at, const std::string& path, const std::string& kind,
                          const std::string& metric) {
  const auto names = metric_names(kind);
  if (names.empty() || std::find(names.begin(), names.end(), metric) != names.end()) return;
  std::string near = nearest(metric, names);
  for (const auto& n : names) {  // "goodput" for "goodput_per_s": the start of a name
    if (near.empty() && n.rfind(metric, 0) == 0) near = n;
  }
  std::string all;
  for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
  r.error(at, path, "no metric `" + metric + "` in the summary of " + kind + " (it has " + all + ")",
          near.empty() ? "after:/before: windows use the time-series names" : "did you mean `" + near + "`?");
}

}  // namespace faultline::scenario
