#pragma once
// `faultline compare`: variants x seeds with common random numbers (the same
// seed gives every variant the same arrival and fault streams, because streams
// are derived from component names), run as one batch, aggregated into means
// with 95% confidence intervals and paired differences to the first variant.
// Rendering is in faultline/report/compare.hpp.
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "faultline/analysis/expectations.hpp"
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
  bool stress = false;            // also run every variant under the stress battery (analysis/stress.hpp)
  /// Called after each run: (runs done, runs in all).
  std::function<void(int, int)> on_progress;
  const std::atomic<bool>* stop = nullptr;  // set: runs stop, the comparison is marked partial
};

struct MetricRow {
  std::string client;             // the entity the row is about: a client, an edge ("api->ledger"); "" for scenario-wide rows
  std::string name;               // "goodput/s", "p99 ms", ...
  bool higher_is_better = true;
  std::vector<std::vector<double>> samples;  // [variant][seed]
  std::vector<Interval> intervals;           // per variant
  std::vector<Interval> differences;         // per variant, vs variant 0 (paired by seed)
  /// The variant with the best mean, only where it beats the runner-up beyond
  /// chance (their paired difference's 95% CI excludes 0); -1 otherwise (ties, one seed).
  int best = -1;
};

/// An expectation that did not hold on one run of a variant.
struct FailedExpectation {
  std::string variant;
  std::uint64_t seed = 0;
  ExpectationResult result;
};

/// Every variant under the stress battery: the first client's goodput per case.
struct StressResult {
  std::string client;
  std::vector<std::string> cases;              // "as written", then the battery's cases
  std::vector<std::vector<Interval>> goodput;  // [variant][case]
  std::vector<std::vector<int>> metastable;    // [variant][case]: seeds that did not recover
  std::vector<std::size_t> worst;              // [variant]: the case with its lowest goodput
  std::vector<std::size_t> ranking;            // variants, best worst case first
};

struct Comparison {
  std::string scenario;
  std::vector<std::string> variants;
  std::vector<std::string> definitions;  // per variant: its overrides, "path=value, ..." ("as written" for none)
  std::vector<std::uint64_t> seeds;
  std::vector<MetricRow> rows;
  std::vector<std::vector<RunResult>> runs;  // [variant][seed] (for charts of every seed)
  int expectations_checked = 0;
  std::vector<FailedExpectation> failed_expectations;
  bool partial = false;                           // interrupted: runs that did not finish are left out
  bool stressed = false;
  StressResult stress;                            // with CompareOptions::stress
};

/// The variant whose mean is best, where its paired difference to the runner-up
/// (by seed) has a 95% CI that excludes 0; -1 for ties, one seed, or no clear winner.
int clear_best(const std::vector<std::vector<double>>& samples, bool higher_is_better);

/// The stress table from the plain runs [variant][seed] and the stressed ones [variant][case][seed].
StressResult summarize_stress(const std::string& client, std::size_t seeds, const std::vector<RunResult>& plain,
                              const std::vector<RunResult>& stressed);

/// Loads every variant first (throws LoadFailure on bad input), then runs them all.
Comparison compare(const CompareOptions& options);

}  // namespace faultline::analysis
