// faultline: the command line. Parses arguments and hands over to commands.cpp.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

#include "commands.hpp"
#include "incidents_cmd.hpp"
#include "live_commands.hpp"
#include "map_cmd.hpp"

#ifndef FAULTLINE_VERSION
#define FAULTLINE_VERSION "dev"
#endif

namespace {

void add_common(CLI::App& cmd, faultline::cli::CommonArgs& common) {
  cmd.add_option("FILE", common.file, "Scenario file (YAML), or incidents/NAME from the incident library")
      ->required()
      ->transform([](std::string file) {  // incidents/NAME -> the library's file
        std::string error;
        file = faultline::cli::resolve_scenario_file(file, error);
        if (!error.empty()) throw CLI::ValidationError(error);
        return file;
      }, "", "");
  cmd.add_option("--set", common.sets, "Override a key before validation: path=value (repeatable), e.g. "
                                       "--set services.ledger.workers=4")
      ->type_name("PATH=VALUE");
  cmd.add_option("--log-level", common.log_level, "Log level: trace, debug, info, warn, error, off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
}

}  // namespace

int main(int argc, char** argv) {
  using namespace faultline::cli;
  CLI::App app{"faultline " FAULTLINE_VERSION
               " — a deterministic discrete-event simulator of distributed-systems failures"};
  app.set_version_flag("--version", std::string("faultline ") + FAULTLINE_VERSION);
  app.require_subcommand(1);
  app.footer("Exit codes: 0 ran, 1 an expectation failed, 2 bad input or usage, 130 interrupted.\n"
             "Run 'faultline COMMAND --help' for a command's options.");

  RunArgs run;
  auto* run_cmd = app.add_subcommand("run", "Run a scenario and print what happened");
  add_common(*run_cmd, run.common);
  run_cmd->add_option("--seed", run.seed, "Seed (default: simulation.seed in the file)")->check(CLI::NonNegativeNumber);
  run_cmd->add_option("--format", run.format, "Output on stdout: table (for people), json, csv")
      ->check(CLI::IsMember({"table", "json", "csv"}));
  run_cmd->add_option("--out", run.out_dir, "Also write summary.json and timeseries.csv into DIR");
  run_cmd->add_flag("--quiet,-q", run.quiet, "No progress line on stderr");
  run_cmd->add_flag("!--no-timeline", run.timeline, "Leave out the sparkline timeline under the tables");
  run_cmd->add_option("--report", run.report_file, "Write a self-contained HTML report (charts, findings, tables) to FILE")
      ->type_name("FILE.html");
  run_cmd->add_option("--trace", run.trace_file, "Write sampled operations as Chrome trace events (open in Perfetto) to FILE")
      ->type_name("FILE.json");
  run_cmd->add_option("--trace-sample", run.trace_sample, "Share of operations traced (default 0.01)")
      ->check(CLI::Range(0.000001, 1.0));
  run_cmd->add_flag("--check", run.check, "Check the file's expect: list; exit 1 and list the failures if one fails");
  run_cmd->add_option("--color", run.color, "Colour in the table: auto, always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));

  CompareArgs compare;
  auto* compare_cmd = app.add_subcommand(
      "compare", "Run variants over many seeds (common random numbers) and compare them with 95% confidence intervals");
  add_common(*compare_cmd, compare.common);
  compare_cmd->add_option("--variant", compare.variants,
                          "A variant: name:path=value,path=value (repeatable); added after the file's variants")
      ->type_name("NAME:PATH=VALUE,...");
  compare_cmd->add_option("--seeds", compare.seeds, "Seeds per variant (the file's seed and the next ones)")
      ->check(CLI::Range(1, 10000));
  compare_cmd->add_option("--jobs,-j", compare.jobs, "Runs in parallel (default: the machine's cores); results do not depend on it")
      ->check(CLI::Range(0, 1024));
  compare_cmd->add_option("--format", compare.format, "table, json, or csv (one row per run and metric)")
      ->check(CLI::IsMember({"table", "json", "csv"}));
  compare_cmd->add_flag("!--no-baseline", compare.baseline, "Leave out the file as written (the first variant is the reference)");
  compare_cmd->add_flag("--quiet,-q", compare.quiet, "No progress bar on stderr");
  compare_cmd->add_flag("--check", compare.check, "Check the expect: list on every run; exit 1 and list the failures if one fails");
  compare_cmd->add_flag("--stress", compare.stress,
                        "Also run every variant under standard faults on its dependencies (latency x3, an error burst, "
                        "an outage, half capacity), rank by the worst case and recommend one (docs/stress.md)");
  compare_cmd->add_option("--report", compare.report_file, "Write a self-contained HTML page: the table and the variants overlaid")
      ->type_name("FILE.html");

  SweepArgs sweep;
  auto* sweep_cmd = app.add_subcommand("sweep", "Run a grid of parameter values x seeds; one CSV row per run");
  add_common(*sweep_cmd, sweep.common);
  sweep_cmd->add_option("--param", sweep.params, "A parameter and its values: path=v1,v2,... (repeatable; the grid is every combination)")
      ->type_name("PATH=V1,V2,...")
      ->required();
  sweep_cmd->add_option("--seeds", sweep.seeds, "Seeds per combination")->check(CLI::Range(1, 10000));
  sweep_cmd->add_option("--jobs,-j", sweep.jobs, "Runs in parallel (default: the machine's cores)")->check(CLI::Range(0, 1024));
  sweep_cmd->add_option("--shard", sweep.shard, "Run only part i of N (i from 0): runs r with r % N == i; merge the parts after");
  sweep_cmd->add_option("--out", sweep.out_dir, "Write runs.csv and summary.csv (a shard writes runs.part-I-of-N.csv) into DIR");
  sweep_cmd->add_option("--format", sweep.format, "stdout: table (per combination) or csv (runs)")
      ->check(CLI::IsMember({"table", "csv"}));
  sweep_cmd->add_flag("--quiet,-q", sweep.quiet, "No progress bar on stderr");

  MergeArgs merge;
  auto* merge_cmd = app.add_subcommand("merge", "Join the parts of a sharded sweep into runs.csv and summary.csv");
  merge_cmd->add_option("DIR", merge.dirs, "Directories holding runs.part-*.csv files")->required();
  merge_cmd->add_option("--out", merge.out_dir, "Where to write runs.csv and summary.csv")->required();

  auto* schema_cmd = app.add_subcommand("schema", "Print the JSON Schema of the scenario format (for editors)");

  CommonArgs validate;
  auto* validate_cmd = app.add_subcommand("validate", "Check a scenario file; print every problem found");
  add_common(*validate_cmd, validate);

  CommonArgs describe;
  auto* describe_cmd = app.add_subcommand("describe", "Print the scenario in words: what it models, what to watch");
  add_common(*describe_cmd, describe);

  IncidentsArgs incidents;
  auto* incidents_cmd = app.add_subcommand("incidents", "List the incident library (run one with: faultline run incidents/NAME)");
  incidents_cmd->add_option("--format", incidents.format, "table or json")->check(CLI::IsMember({"table", "json"}));
  incidents_cmd->add_option("--tag", incidents.tag, "Only incidents with this tag (retries, queues, timeouts, ...)");

  MapArgs map;
  auto* map_cmd = app.add_subcommand("map", "Stability map: step a parameter (a rate, workers, a retry setting, a "
                                            "fault's size) up and back down in one run; capacity and the hysteresis "
                                            "(metastable) band");
  add_common(*map_cmd, map.common);
  map_cmd->add_option("--param", map.param, "The parameter and its range: any numeric path that can change mid-run, "
                                            "e.g. clients.web.rate=100/s..1600/s, services.db.workers=4..32, "
                                            "retry_policies.r.max_attempts=1..5, or a fault's faults[0].add=0ms..80ms")
      ->type_name("PATH=LOW..HIGH")
      ->required();
  map_cmd->add_option("--steps", map.steps, "Values from LOW to HIGH, both included (default 8)")->check(CLI::Range(2, 1000));
  map_cmd->add_option("--hold", map.hold, "How long each step lasts (default 20s); its second half is measured")
      ->type_name("DURATION");
  map_cmd->add_option("--seeds", map.seeds, "Seeds (the file's seed and the next ones); intervals need 2 or more")
      ->check(CLI::Range(1, 1000));
  map_cmd->add_option("--jobs,-j", map.jobs, "Runs in parallel (default: the machine's cores)")->check(CLI::Range(0, 1024));
  map_cmd->add_flag("--with-faults", map.with_faults, "Keep the file's faults (left out by default)");
  map_cmd->add_option("--format", map.format, "table, json, or csv")->check(CLI::IsMember({"table", "json", "csv"}));
  map_cmd->add_option("--report", map.report_file, "Write an HTML page with an SVG chart of both curves")->type_name("FILE.html");
  map_cmd->add_flag("--quiet,-q", map.quiet, "No progress on stderr");

  LiveCommands live;
  add_live_commands(app, live);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kBadInput;
  }
  if (const int code = run_live_commands(live); code >= 0) return code;
  if (*run_cmd) return run_command(run);
  if (*validate_cmd) return validate_command(validate);
  if (*compare_cmd) return compare_command(compare);
  if (*schema_cmd) return schema_command();
  if (*sweep_cmd) return sweep_command(sweep);
  if (*merge_cmd) return merge_command(merge);
  if (*describe_cmd) return describe_command(describe);
  if (*incidents_cmd) return incidents_command(incidents);
  if (*map_cmd) return map_command(map);
  return kBadInput;
}
