#include "commands.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <thread>

#include "faultline/analysis/compare.hpp"
#include "faultline/analysis/expectations.hpp"
#include "faultline/analysis/stress.hpp"
#include "faultline/analysis/sweep.hpp"
#include "faultline/faultline.hpp"
#include "faultline/model/trace_log.hpp"
#include "faultline/report/compare.hpp"
#include "faultline/report/expectations.hpp"
#include "faultline/report/report.hpp"
#include "faultline/report/sweep.hpp"
#include "faultline/scenario/schema.hpp"
#include "progress.hpp"
#include "stop_signal.hpp"

namespace faultline::cli {

namespace {

/// Every located error of a bad input, then one closing line (when not empty).
int print_load_failure(const LoadFailure& failure, const std::string& closing) {
  for (const auto& e : failure.errors()) std::cerr << "error: " << e.format() << "\n";
  if (!closing.empty()) std::cerr << closing << "\n";
  return kBadInput;
}

std::shared_ptr<spdlog::logger> make_logger(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("faultline");
  logger->set_pattern("%^%l%$: %v");
  logger->set_level(spdlog::level::from_str(level));
  return logger;
}

/// Loads the scenario with --set and --seed applied; prints every error and returns false on bad input.
bool load(const CommonArgs& args, long long seed, Spec& out) {
  try {
    std::vector<Override> overrides;
    for (const auto& s : args.sets) overrides.push_back(parse_override(s));
    if (seed >= 0) overrides.push_back(Override{"simulation.seed", std::to_string(seed)});
    out = load_spec(args.file, overrides);
    return true;
  } catch (const LoadFailure& failure) {
    const auto n = failure.errors().size();
    print_load_failure(failure, std::to_string(n) + (n == 1 ? " error" : " errors") + " in " + args.file + "; nothing was run");
    return false;
  }
}

/// Writes the file; says so on stderr when it cannot.
bool write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  f.close();
  if (f) return true;
  std::cerr << "error: could not write " << path.string() << "\n";
  return false;
}

/// Creates the output directory; says so on stderr when it cannot.
bool make_directory(const std::string& dir, const char* option) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (!ec) return true;
  std::cerr << "error: " << option << " " << dir << ": cannot create the directory: " << ec.message() << "\n";
  return false;
}

/// The thread count asked for, or the machine's cores.
int jobs_or_cores(int jobs) { return jobs > 0 ? jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

}  // namespace

int run_command(const RunArgs& args) {
  auto logger = make_logger(args.common.log_level);
  Spec spec;
  if (!load(args.common, args.seed, spec)) return kBadInput;
  if (!args.out_dir.empty() && !make_directory(args.out_dir, "--out")) return kBadInput;

  catch_stop_signals();
  ProgressLine progress(!args.quiet && isatty(STDERR_FILENO));
  RunOptions options;
  options.stop = &stop_requested();
  options.logger = logger.get();
  options.on_progress = [&progress](double s, double f, std::uint64_t e) { progress.update(s, f, e); };
  std::unique_ptr<TraceLog> trace;
  if (!args.trace_file.empty()) {
    trace = std::make_unique<TraceLog>(args.trace_sample);
    options.trace = trace.get();
  }
  logger->info("running {} (seed={}, {} s simulated)", spec.name, spec.simulation.seed,
               spec.simulation.duration.seconds());
  const RunResult result = run(spec, options);
  progress.clear();
  release_stop_signals();

  std::vector<analysis::ExpectationResult> checks;
  if (args.check) checks = analysis::check(spec, result);
  const bool all_held = std::all_of(checks.begin(), checks.end(), [](const auto& c) { return c.held; });
  if (args.format == "json") {
    std::cout << (args.check ? report::format_json(result, checks) : report::format_json(result));
  } else if (args.format == "csv") {
    std::cout << report::format_summary_csv(result);
  } else {
    report::TableOptions table;
    table.timeline = args.timeline;
    table.color = args.color == "always" || (args.color == "auto" && isatty(STDOUT_FILENO));
    std::cout << report::format_table(result, table);
  }
  std::cout.flush();
  if (!args.out_dir.empty()) {
    const std::filesystem::path dir(args.out_dir);
    const bool ok = write_file(dir / "summary.json", report::format_json(result)) &&
                    write_file(dir / "timeseries.csv", report::format_timeseries_csv(result));
    if (!ok) return kBadInput;
  }
  if (!args.report_file.empty() && !write_file(args.report_file, report::format_html(result))) return kBadInput;
  if (trace) {
    if (!write_file(args.trace_file, trace->json())) return kBadInput;
    if (trace->dropped() > 0) logger->warn("trace: {} events left out (the trace keeps at most 200000)", trace->dropped());
  }
  if (args.check) (args.format == "table" ? std::cout : std::cerr) << report::format_expectations(spec.simulation.seed, checks);
  if (!result.stop_reason.empty()) return kBadInput;  // the model halted it; the logger said why
  if (result.partial) {
    std::cerr << "interrupted at " << result.simulated_s << " s simulated: partial results written\n";
    return kInterrupted;
  }
  return all_held ? kOk : kExpectationFailed;
}

int compare_command(const CompareArgs& args) {
  auto logger = make_logger(args.common.log_level);
  analysis::CompareOptions o;
  o.file = args.common.file;
  o.seeds = args.seeds;
  o.check = args.check;
  o.stress = args.stress;
  o.jobs = jobs_or_cores(args.jobs);
  o.stop = &stop_requested();
  analysis::Comparison result;
  try {
    for (const auto& s : args.common.sets) o.sets.push_back(parse_override(s));
    Spec first = load_spec(o.file, o.sets);  // the file itself must be valid
    o.stress = o.stress || first.stress;
    if (args.baseline) o.variants.push_back(Variant{"baseline", {}});
    for (auto& v : load_variants(o.file)) o.variants.push_back(std::move(v));
    for (const auto& text : args.variants) o.variants.push_back(parse_variant(text));
    if (o.variants.empty()) {
      std::cerr << "error: nothing to compare: the file has no variants and none was given with --variant\n";
      return kBadInput;
    }
    o.on_progress = progress_bar(!args.quiet && isatty(STDERR_FILENO));
    catch_stop_signals();
    result = analysis::compare(o);
    release_stop_signals();
  } catch (const LoadFailure& failure) {
    return print_load_failure(failure, "nothing was run");
  }
  if (!args.report_file.empty() && !write_file(args.report_file, report::format_comparison_html(result))) return kBadInput;
  if (args.format == "json") {
    std::cout << report::format_comparison_json(result);
  } else if (args.format == "csv") {
    std::cout << report::format_comparison_csv(result);
  } else {
    std::cout << report::format_comparison_table(result);
  }
  if (args.check) (args.format == "table" ? std::cout : std::cerr) << report::format_expectations(result);
  if (result.partial) {
    std::cerr << "interrupted: runs that did not finish are left out (partial results)\n";
    return kInterrupted;
  }
  return args.check && !result.failed_expectations.empty() ? kExpectationFailed : kOk;
}

int sweep_command(const SweepArgs& args) {
  auto logger = make_logger(args.common.log_level);
  analysis::SweepOptions o;
  o.file = args.common.file;
  o.seeds = args.seeds;
  o.jobs = jobs_or_cores(args.jobs);
  o.stop = &stop_requested();
  const auto slash = args.shard.find('/');
  o.shard = slash == std::string::npos ? -1 : std::atoi(args.shard.substr(0, slash).c_str());
  o.shards = slash == std::string::npos ? 0 : std::atoi(args.shard.substr(slash + 1).c_str());
  if (o.shards < 1 || o.shard < 0 || o.shard >= o.shards) {
    std::cerr << "error: --shard " << args.shard << ": expected I/N with 0 <= I < N, e.g. --shard 0/4\n";
    return kBadInput;
  }
  analysis::SweepTable table;
  try {
    for (const auto& s : args.common.sets) o.sets.push_back(parse_override(s));
    for (const auto& p : args.params) o.params.push_back(analysis::parse_param(p));
    o.on_progress = progress_bar(!args.quiet && isatty(STDERR_FILENO));
    catch_stop_signals();
    table = analysis::sweep(o);
    release_stop_signals();
  } catch (const LoadFailure& failure) {
    return print_load_failure(failure, "nothing was run");
  }
  const auto summary = analysis::summarize(table);
  if (!args.out_dir.empty()) {
    if (!make_directory(args.out_dir, "--out")) return kBadInput;
    const std::filesystem::path dir(args.out_dir);
    const bool ok =
        o.shards > 1
            ? write_file(dir / ("runs.part-" + std::to_string(o.shard) + "-of-" + std::to_string(o.shards) + ".csv"),
                         report::write_runs_csv(table))
            : write_file(dir / "runs.csv", report::write_runs_csv(table)) &&
                  write_file(dir / "summary.csv", report::write_summary_csv(summary));
    if (!ok) return kBadInput;
  }
  std::cout << (args.format == "csv" ? report::write_runs_csv(table) : report::format_sweep_table(summary));
  if (table.partial) {
    std::cerr << "interrupted: runs that did not finish are left out (partial results)\n";
    return kInterrupted;
  }
  return kOk;
}

int merge_command(const MergeArgs& args) {
  std::vector<std::string> parts;
  for (const auto& d : args.dirs) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(d, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind("runs.part-", 0) == 0 && entry.path().extension() == ".csv") files.push_back(entry.path());
    }
    if (ec) {
      std::cerr << "error: " << d << ": " << ec.message() << "\n";
      return kBadInput;
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      parts.push_back(text.str());
    }
  }
  if (parts.empty()) {
    std::cerr << "error: no runs.part-*.csv files in the given directories\n";
    return kBadInput;
  }
  analysis::SweepTable table;
  try {
    table = analysis::read_runs_csv(parts);
  } catch (const LoadFailure& failure) {
    return print_load_failure(failure, "");
  }
  const auto summary = analysis::summarize(table);
  if (!make_directory(args.out_dir, "--out")) return kBadInput;
  const std::filesystem::path dir(args.out_dir);
  if (!write_file(dir / "runs.csv", report::write_runs_csv(table)) ||
      !write_file(dir / "summary.csv", report::write_summary_csv(summary))) {
    return kBadInput;
  }
  std::cout << report::format_sweep_table(summary);
  return kOk;
}

int schema_command() {
  std::cout << scenario_json_schema();
  return kOk;
}

int validate_command(const CommonArgs& args) {
  Spec spec;
  if (!load(args, -1, spec)) return kBadInput;
  std::cout << args.file << ": ok (" << spec.services.size() << " services, " << spec.clients.size()
            << " clients, " << spec.faults.size() << " faults)\n";
  return kOk;
}

int describe_command(const CommonArgs& args) {
  Spec spec;
  if (!load(args, -1, spec)) return kBadInput;
  std::cout << report::describe(spec);
  return kOk;
}

}  // namespace faultline::cli
