#pragma once
// Pieces of the HTML report shared by its files: SVG charts of time series,
// and the data tier's own charts and tables (html_data_tier.cpp).
#include <functional>
#include <string>
#include <vector>

#include "faultline/metrics/registry.hpp"
#include "faultline/metrics/run_result.hpp"

namespace faultline::report {

/// One line of a chart; low/high shade a band (compare: every seed).
struct Line {
  std::string label;
  const std::vector<double>* values;
  const std::vector<double>* low = nullptr;
  const std::vector<double>* high = nullptr;
};

/// One chart: lines over time, fault windows shaded, axes labelled.
std::string chart(const std::string& title, const std::vector<double>& times, const std::vector<Line>& lines,
                  const std::vector<FaultWindow>& faults, const std::string& unit);
/// The series of `metric` of every entity under `prefix` ("clients.").
std::vector<Line> lines_for(const RunResult& r, const std::string& prefix, const std::string& metric, bool strip_prefix);

/// [data-tier] Charts of the components the run has (cache hit ratio, queue
/// depth and age, pools, lock waiters, stale reads, replicas); "" without any.
std::string data_tier_charts(const RunResult& r);
/// Where a chart's lines come from: (prefix, metric) -> lines. A run's series
/// (lines_for), or compare's per-variant bands.
using LineSource = std::function<std::vector<Line>(const std::string& prefix, const std::string& metric)>;
/// [data-tier] The same charts from any line source: compare overlays each
/// variant's band on them.
std::string data_tier_charts(const LineSource& lines, const std::vector<double>& times,
                             const std::vector<FaultWindow>& faults);
/// [data-tier] Tables of the components the run has, read from the registry:
/// caches, queues, connection pools, row locks, replication, autoscaling
/// (with its decisions) and cost; "" without any.
std::string data_tier_tables(const RunResult& r, const MetricRegistry& m);

}  // namespace faultline::report
