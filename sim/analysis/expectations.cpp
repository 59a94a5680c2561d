#include "faultline/analysis/expectations.hpp"

#include <cmath>
#include <limits>

#include "faultline/metrics/registry.hpp"

namespace faultline::analysis {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The summary figure at a dotted path, e.g. clients.web.latency_ms.p99.
double summary_value(const MetricRegistry& metrics, const std::string& metric, std::string& problem) {
  if (const Metric* m = metrics.find(metric)) {
    if (m->kind == MetricKind::real) return reported(m->value);
    if (m->kind == MetricKind::count) return m->value;
    problem = "`" + metric + "` is not a number";
    return kNaN;
  }
  // The entity is two segments (kind.name); edge names contain "->" but no dots.
  const auto dot1 = metric.find('.');
  const auto dot2 = metric.find('.', dot1 + 1);
  const std::string kind = metric.substr(0, dot1), name = metric.substr(dot1 + 1, dot2 - dot1 - 1);
  const bool known = !metric_names(kind).empty() && metrics.find(kind + "." + name, metric_names(kind).front());
  problem = known ? "no metric `" + metric.substr(dot2 + 1) + "` in the summary"
                  : "no " + kind.substr(0, kind.size() - 1) + " named " + name;
  return kNaN;
}

/// Mean of the time series over the samples inside [after, before).
double window_value(const RunResult& r, const ExpectSpec& e, std::string& problem) {
  const auto split = e.metric.rfind('.');
  const std::string entity = e.metric.substr(0, split), metric = e.metric.substr(split + 1);
  if (const Series* found = r.timeseries.find(entity, metric)) {
    const Series& s = *found;
    double sum = 0;
    int n = 0;
    const double after = e.after.seconds(), before = e.before.is_infinite() ? 1e300 : e.before.seconds();
    for (std::size_t i = 0; i < s.values.size(); ++i) {
      const double end = r.timeseries.times_s[i];
      const double start = i == 0 ? 0.0 : r.timeseries.times_s[i - 1];
      if (start < after - 1e-9 || end > before + 1e-9 || std::isnan(s.values[i])) continue;
      sum += s.values[i];
      ++n;
    }
    if (n == 0) {
      problem = "no samples in the window";
      return kNaN;
    }
    return sum / n;
  }
  problem = "no time series `" + metric + "` for " + entity + " (windowed expectations use time-series names)";
  return kNaN;
}
}  // namespace

std::vector<ExpectationResult> check(const Spec& spec, const RunResult& result) {
  std::vector<ExpectationResult> out;
  const auto metrics = registry(result);
  for (const auto& e : spec.expect) {
    ExpectationResult r;
    r.text = e.text;
    r.actual = e.windowed ? window_value(result, e, r.problem) : summary_value(*metrics, e.metric, r.problem);
    r.held = !std::isnan(r.actual) && r.actual >= e.at_least && r.actual <= e.at_most;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace faultline::analysis
