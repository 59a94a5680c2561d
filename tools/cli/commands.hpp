#pragma once
// The faultline subcommands, wired from parsed arguments to the library.
#include <string>
#include <vector>

namespace faultline::cli {

/// Exit codes of the output contract.
enum ExitCode : int { kOk = 0, kExpectationFailed = 1, kBadInput = 2, kInterrupted = 130 };

struct CommonArgs {
  std::string file;
  std::vector<std::string> sets;  // "path=value"
  std::string log_level = "warn";
};

struct RunArgs {
  CommonArgs common;
  long long seed = -1;            // -1: the file's seed
  std::string format = "table";   // table | json | csv
  std::string out_dir;            // empty: none
  bool quiet = false;
  bool timeline = true;
  std::string color = "auto";     // auto | always | never
  bool check = false;             // evaluate expect: and exit 1 if one fails
  std::string report_file;        // self-contained HTML report
  std::string trace_file;         // Chrome trace events of sampled operations
  double trace_sample = 0.01;
};

struct CompareArgs {
  CommonArgs common;
  std::vector<std::string> variants;  // "name:path=value,..."
  int seeds = 5;
  int jobs = 0;                       // 0: the machine's cores
  std::string format = "table";
  bool baseline = true;               // the file as written, first
  std::string report_file;            // HTML
  bool check = false;
  bool quiet = false;
  bool stress = false;                // also under the stress battery
};

struct SweepArgs {
  CommonArgs common;
  std::vector<std::string> params;  // "path=v1,v2"
  int seeds = 3;
  int jobs = 0;
  std::string shard = "0/1";        // i/N
  std::string out_dir;
  std::string format = "table";
  bool quiet = false;
};

struct MergeArgs {
  std::vector<std::string> dirs;
  std::string out_dir;
};

int run_command(const RunArgs& args);
int sweep_command(const SweepArgs& args);
int merge_command(const MergeArgs& args);
int compare_command(const CompareArgs& args);
int validate_command(const CommonArgs& args);
int schema_command();
int describe_command(const CommonArgs& args);

}  // namespace faultline::cli
