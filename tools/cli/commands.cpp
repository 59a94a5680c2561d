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

#include <nlohmann/json.hpp>

#include "faultline/analysis/compare.hpp"
#include "faultline/analysis/expectations.hpp"
#include "faultline/analysis/sweep.hpp"
#include "faultline/faultline.hpp"
#include "faultline/model/trace_log.hpp"
#include "faultline/report/report.hpp"
#include "faultline/scenario/schema.hpp"
#include "progress.hpp"

namespace faultline::cli {

namespace {

std::atomic<bool> g_interrupted{false};  // set by SIGINT: the run stops and writes what it has

extern "C" void on_sigint(int) {
  g_interrupted.store(true);
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C kills at once
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
    for (const auto& e : failure.errors()) std::cerr << "error: " << e.format() << "\n";
    const auto n = failure.errors().size();
    std::cerr << n << (n == 1 ? " error" : " errors") << " in " << args.file << "; nothing was run\n";
    return false;
  }
}

bool write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  return static_cast<bool>(f);
}

}  // namespace

int run_command(const RunArgs& args) {
  auto logger = make_logger(args.common.log_level);
  Spec spec;
  if (!load(args.common, args.seed, spec)) return kBadInput;
  if (!args.out_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(args.out_dir, ec);
    if (ec) {
      std::cerr << "error: --out " << args.out_dir << ": cannot create the directory: " << ec.message() << "\n";
      return kBadInput;
    }
  }

  std::signal(SIGINT, on_sigint);
  ProgressLine progress(!args.quiet && isatty(STDERR_FILENO));
  RunOptions options;
  options.stop = &g_interrupted;
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
  std::signal(SIGINT, SIG_DFL);

  std::vector<analysis::ExpectationResult> checks;
  if (args.check) checks = analysis::check(spec, result);
  const bool all_held = std::all_of(checks.begin(), checks.end(), [](const auto& c) { return c.held; });
  if (args.format == "json") {
    if (args.check) {
      auto j = nlohmann::ordered_json::parse(report::format_json(result));
      auto list = nlohmann::ordered_json::array();
      for (const auto& c : checks) {
        list.push_back({{"expectation", c.text},
                        {"actual", std::isnan(c.actual) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(c.actual)},
                        {"held", c.held},
                        {"problem", c.problem}});
      }
      j["expectations"] = list;
      std::cout << j.dump() << "\n";
    } else {
      std::cout << report::format_json(result);
    }
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
    if (!ok) {
      std::cerr << "error: could not write into " << args.out_dir << "\n";
      return kBadInput;
    }
  }
  if (!args.report_file.empty() && !write_file(args.report_file, report::format_html(result))) {
    std::cerr << "error: could not write " << args.report_file << "\n";
    return kBadInput;
  }
  if (trace) {
    if (!write_file(args.trace_file, trace->json())) {
      std::cerr << "error: could not write " << args.trace_file << "\n";
      return kBadInput;
    }
    if (trace->dropped() > 0) logger->warn("trace: {} events left out (the trace keeps at most 200000)", trace->dropped());
  }
  if (args.check) {
    std::ostream& out = args.format == "table" ? std::cout : std::cerr;
    out << "\nEXPECTATIONS (seed=" << spec.simulation.seed << ")\n";
    if (checks.empty()) out << "  none in the file (add an `expect:` list)\n";
    for (const auto& c : checks) {
      out << "  " << (c.held ? "ok    " : "FAILED") << "  " << c.text << "  (actual: ";
      if (std::isnan(c.actual)) {
        out << c.problem;
      } else {
        out << c.actual;
      }
      out << ")\n";
    }
  }
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
  o.jobs = args.jobs > 0 ? args.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  try {
    for (const auto& s : args.common.sets) o.sets.push_back(parse_override(s));
    Spec first = load_spec(o.file, o.sets);  // the file itself must be valid
    if (args.baseline) o.variants.push_back(Variant{"baseline", {}});
    for (auto& v : load_variants(o.file)) o.variants.push_back(std::move(v));
    for (const auto& text : args.variants) o.variants.push_back(parse_variant(text));
    if (o.variants.empty()) {
      std::cerr << "error: nothing to compare: the file has no variants and none was given with --variant\n";
      return kBadInput;
    }
    const bool tty = !args.quiet && isatty(STDERR_FILENO);
    const auto start = std::chrono::steady_clock::now();
    o.on_progress = [&](int done, int total) {
      if (!tty) return;
      const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const double rate = done / std::max(elapsed, 1e-9);
      const int width = 30, filled = done * width / total;
      std::fprintf(stderr, "\r\033[K  [%s%s] %d/%d runs  %.1f runs/s  eta %.0f s", std::string(static_cast<std::size_t>(filled), '#').c_str(),
                   std::string(static_cast<std::size_t>(width - filled), '.').c_str(), done, total, rate, (total - done) / rate);
      if (done == total) std::fprintf(stderr, "\r\033[K");
      std::fflush(stderr);
    };
    const auto result = analysis::compare(o);
    if (!args.report_file.empty() && !write_file(args.report_file, analysis::format_comparison_html(result))) {
      std::cerr << "error: could not write " << args.report_file << "\n";
      return kBadInput;
    }
    if (args.format == "json") {
      std::cout << analysis::format_comparison_json(result);
    } else if (args.format == "csv") {
      std::cout << analysis::format_comparison_csv(result);
    } else {
      std::cout << analysis::format_comparison_table(result);
    }
    if (args.check) {
      std::ostream& out = args.format == "table" ? std::cout : std::cerr;
      out << "\nEXPECTATIONS: " << result.expectations_checked - static_cast<int>(result.failed_expectations.size())
          << " of " << result.expectations_checked << " held\n";
      for (const auto& f : result.failed_expectations) out << "  FAILED  " << f << "\n";
      if (!result.failed_expectations.empty()) return kExpectationFailed;
    }
  } catch (const LoadFailure& failure) {
    for (const auto& e : failure.errors()) std::cerr << "error: " << e.format() << "\n";
    std::cerr << "nothing was run\n";
    return kBadInput;
  }
  return kOk;
}

namespace {
/// A progress bar on stderr for many runs (terminals only).
std::function<void(int, int)> progress_bar(bool enabled) {
  if (!enabled) return {};
  const auto start = std::chrono::steady_clock::now();
  return [start](int done, int total) {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double rate = done / std::max(elapsed, 1e-9);
    const int width = 30, filled = done * width / std::max(total, 1);
    std::fprintf(stderr, "\r\033[K  [%s%s] %d/%d runs  %.1f runs/s  eta %.0f s",
                 std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(width - filled), '.').c_str(), done, total, rate,
                 (total - done) / rate);
    if (done == total) std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  };
}
}  // namespace

int sweep_command(const SweepArgs& args) {
  auto logger = make_logger(args.common.log_level);
  analysis::SweepOptions o;
  o.file = args.common.file;
  o.seeds = args.seeds;
  o.jobs = args.jobs > 0 ? args.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const auto slash = args.shard.find('/');
  o.shard = slash == std::string::npos ? -1 : std::atoi(args.shard.substr(0, slash).c_str());
  o.shards = slash == std::string::npos ? 0 : std::atoi(args.shard.substr(slash + 1).c_str());
  if (o.shards < 1 || o.shard < 0 || o.shard >= o.shards) {
    std::cerr << "error: --shard " << args.shard << ": expected I/N with 0 <= I < N, e.g. --shard 0/4\n";
    return kBadInput;
  }
  try {
    for (const auto& s : args.common.sets) o.sets.push_back(parse_override(s));
    for (const auto& p : args.params) o.params.push_back(analysis::parse_param(p));
    o.on_progress = progress_bar(!args.quiet && isatty(STDERR_FILENO));
    const auto table = analysis::sweep(o);
    if (!args.out_dir.empty()) {
      std::filesystem::create_directories(args.out_dir);
      const std::filesystem::path dir(args.out_dir);
      if (o.shards > 1) {
        write_file(dir / ("runs.part-" + std::to_string(o.shard) + "-of-" + std::to_string(o.shards) + ".csv"),
                   analysis::write_runs_csv(table));
      } else {
        write_file(dir / "runs.csv", analysis::write_runs_csv(table));
        write_file(dir / "summary.csv", analysis::write_summary_csv(table));
      }
    }
    std::cout << (args.format == "csv" ? analysis::write_runs_csv(table) : analysis::format_sweep_table(table));
  } catch (const LoadFailure& failure) {
    for (const auto& e : failure.errors()) std::cerr << "error: " << e.format() << "\n";
    std::cerr << "nothing was run\n";
    return kBadInput;
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
  try {
    const auto table = analysis::read_runs_csv(parts);
    std::filesystem::create_directories(args.out_dir);
    const std::filesystem::path dir(args.out_dir);
    write_file(dir / "runs.csv", analysis::write_runs_csv(table));
    write_file(dir / "summary.csv", analysis::write_summary_csv(table));
    std::cout << analysis::format_sweep_table(table);
  } catch (const LoadFailure& failure) {
    for (const auto& e : failure.errors()) std::cerr << "error: " << e.format() << "\n";
    return kBadInput;
  }
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
