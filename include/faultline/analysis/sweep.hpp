#pragma once
// `faultline sweep`: a grid of parameter values x seeds; a tidy CSV with one
// row per run (runs.csv) and one row per combination (summary.csv). Runs can
// be split across machines (--shard i/N) and the parts merged into the same
// files one machine would write.
#include <functional>
#include <string>
#include <vector>

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
};

/// The rows of runs.csv: a header and one line per run (in run order).
struct SweepTable {
  std::vector<std::string> header;  // run, combination, params..., seed, metrics...
  std::vector<std::vector<std::string>> rows;
  std::size_t param_count = 0;
};

/// Loads every combination first (bad input throws before anything runs), then runs this shard's share.
SweepTable sweep(const SweepOptions& options);
/// Reads runs CSV text (a full run set or parts) back; rows from several parts are joined.
SweepTable read_runs_csv(const std::vector<std::string>& texts);
std::string write_runs_csv(const SweepTable& t);
/// One row per combination: parameters, runs, then mean and ci95 of every numeric metric.
std::string write_summary_csv(const SweepTable& t);
/// A readable table per combination of the main figures.
std::string format_sweep_table(const SweepTable& t);

}  // namespace faultline::analysis
