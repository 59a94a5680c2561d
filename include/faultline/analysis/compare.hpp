#pragma once
// `faultline compare`: variants x seeds with common random numbers (the same
// seed gives every variant the same arrival and fault streams, because streams
// are derived from component names), run on a thread pool, aggregated into
// means with 95% confidence intervals and paired differences to the first variant.
#include <functional>
#include <string>
#include <vector>

#include "faultline/analysis/stats.hpp"
#include "faultline/metrics/run_result.hpp"
#include "faultline/scenario/spec.hpp"
#include "faultline/scenario/variants.hpp"

namespace faultline::analysis {

struct CompareOptions {
  std::string file;
  std::vector<Override> sets;     // applied to every variant first
  std::vector<Variant> variants;  // in order; the first is the reference for differences
  int seeds = 5;
  int jobs = 1;
  bool check = false;             // evaluate each variant's expect: on every run
  /// Called after each run: (runs done, runs in all).
  std::function<void(int, int)> on_progress;
};

struct MetricRow {
  std::string client;             // "" for scenario-wide rows
  std::string name;               // "goodput/s", "p99 ms", ...
  bool higher_is_better = true;
  std::vector<std::vector<double>> samples;  // [variant][seed]
  std::vector<Interval> intervals;           // per variant
  std::vector<Interval> differences;         // per variant, vs variant 0 (paired by seed)
  int best = -1;                              // variant with the best mean
};

struct Comparison {
  std::string scenario;
  std::vector<std::string> variants;
  std::vector<std::uint64_t> seeds;
  std::vector<MetricRow> rows;
  std::vector<RunResult> first_seed;  // per variant, the run with the first seed (for overlaid charts)
  int expectations_checked = 0;
  std::vector<std::string> failed_expectations;  // "variant seed=N: expectation (actual ...)"
};

/// Loads every variant first (throws LoadFailure on bad input), then runs them all.
Comparison compare(const CompareOptions& options);

std::string format_comparison_table(const Comparison& c);
std::string format_comparison_json(const Comparison& c);
/// One self-contained HTML page: the comparison table and the variants' time series overlaid.
std::string format_comparison_html(const Comparison& c);
/// Tidy CSV: metric,client,variant,seed,value.
std::string format_comparison_csv(const Comparison& c);

}  // namespace faultline::analysis
