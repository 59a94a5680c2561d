#pragma once
// `faultline sweep`: a grid of parameter values x seeds; a tidy CSV with one
// row per run (runs.csv) and one row per combination (summary.csv). Runs can
// be split across machines (--shard i/N) and the parts merged into the same
// files one machine would write. Rendering is in faultline/report/sweep.hpp.
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "faultline/analysis/stats.hpp"
#include "faultline/scenario/load.hpp"

namespace faultline::analysis {

struct SweepParam {
  std::string path;                 // "services.ledger.workers"
  std::vector<std::string> values;  // "8", "16", "32"
};

/// "path=v1,v2,v3"; throws LoadFailure when malformed.
SweepParam parse_param(const std::string& text);

struct SweepOptions {
  std::string file;
  std::vector<Override> sets;
  std::vector<SweepParam> params;
  int seeds = 3;
  int jobs = 1;
  int shard = 0, shards = 1;        // this machine runs runs r with r % shards == shard
  std::function<void(int, int)> on_progress;
  const std::atomic<bool>* stop = nullptr;  // set: runs stop; only the runs that finished are kept
};

/// The rows of runs.csv: a header and one line per run (in run order).
struct SweepTable {
  std::vector<std::string> header;  // run, combination, params..., seed, metrics...
  std::vector<std::vector<std::string>> rows;
  std::size_t param_count = 0;
  bool partial = false;             // interrupted: some runs are missing
};

/// Per combination: how many runs, and the mean and 95% CI of every numeric metric.
struct SweepSummary {
  std::vector<std::string> params;      // parameter paths
  std::vector<std::string> metrics;     // numeric metric columns (every run's value is a number or empty)
  struct Combination {
    long index = 0;
    std::vector<std::string> values;    // one per parameter
    std::size_t runs = 0;
    std::vector<Interval> metrics;      // one per metric column
  };
  std::vector<Combination> combinations;
};

/// Loads every combination first (bad input throws before anything runs), then runs this shard's share.
SweepTable sweep(const SweepOptions& options);
/// Reads runs CSV text (a full run set or parts) back; rows from several parts are joined.
SweepTable read_runs_csv(const std::vector<std::string>& texts);
/// The combinations' figures, in combination order.
SweepSummary summarize(const SweepTable& t);

}  // namespace faultline::analysis
