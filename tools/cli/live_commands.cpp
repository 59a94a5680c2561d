#include "live_commands.hpp"

#include <atomic>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "faultline/live/live_run.hpp"
#include "faultline/live/record.hpp"
#include "faultline/live/server.hpp"
#include "faultline/report/report.hpp"
#include "faultline/scenario/load.hpp"
#include "incidents_cmd.hpp"
#include "live_load.hpp"

namespace faultline::cli {

namespace {

/// incidents/NAME -> the library's file, as for the other commands.
std::string library_file(std::string file) {
  std::string error;
  file = resolve_scenario_file(file, error);
  if (!error.empty()) throw CLI::ValidationError(error);
  return file;
}

}  // namespace

void add_live_commands(CLI::App& app, LiveCommands& c) {
  c.live = app.add_subcommand("live", "Play a scenario in real time in the browser; an instructor acts on it (workshops)");
  c.live->add_option("FILE", c.live_args.file, "Scenario file (YAML), may hold a workshop: section; or incidents/NAME")
      ->required()
      ->transform(library_file, "", "");
  c.live->add_option("--speed", c.live_args.speed, "Simulated seconds per real second (default: the workshop's, else 1)")
      ->check(CLI::Range(0.001, 1000.0));
  c.live->add_option("--port", c.live_args.port, "Port; 0 picks a free one")->check(CLI::Range(0, 65535));
  c.live->add_option("--bind", c.live_args.bind, "Address to listen on (default 127.0.0.1: this machine only)");
  c.live->add_option("--token", c.live_args.token, "The instructor's token (default: 32 random hex digits)");
  c.live->add_option("--record", c.live_args.record_file, "Write the actions to FILE (for faultline replay)")
      ->type_name("FILE.json");

  c.watch = app.add_subcommand("watch", "Play a scenario in real time in the terminal (keys pause, step, inject)");
  c.watch->add_option("FILE", c.watch_args.file, "Scenario file (YAML), or incidents/NAME")
      ->required()
      ->transform(library_file, "", "");
  c.watch->add_option("--speed", c.watch_args.speed, "Simulated seconds per real second (default: the workshop's, else 1)")
      ->check(CLI::Range(0.001, 1000.0));
  c.watch->add_option("--record", c.watch_args.record_file, "Write the actions to FILE (for faultline replay)");

  c.replay = app.add_subcommand("replay", "Run a recorded live run again (same actions, same simulated times) and check its fingerprint");
  c.replay->add_option("RECORD", c.replay_args.record_file, "A file written by faultline live --record")->required();
  c.replay->add_option("--format", c.replay_args.format, "table or json")->check(CLI::IsMember({"table", "json"}));
}

int run_live_commands(const LiveCommands& c) {
  if (c.live != nullptr && *c.live) return live_command(c.live_args);
  if (c.watch != nullptr && *c.watch) return watch_command(c.watch_args);
  if (c.replay != nullptr && *c.replay) return replay_command(c.replay_args);
  return -1;
}

int live_command(const LiveArgs& args) {
  std::unique_ptr<live::LiveRun> run = load_live_run(args.file, args.speed);
  if (!run) return kBadInput;
  live::ServerOptions options;
  options.bind = args.bind;
  options.port = static_cast<unsigned short>(args.port);
  options.token = args.token.empty() ? live::random_token() : args.token;
  options.record_file = args.record_file;
  options.on_listening = [&](const std::string& address, unsigned short port) {
    const std::string host = address.find(':') != std::string::npos ? "[" + address + "]" : address;
    const std::string base = "http://" + host + ":" + std::to_string(port) + "/";
    if (address != "127.0.0.1" && address != "::1" && address != "localhost") {
      std::cerr << "warning: listening on " << address
                << ": anyone who can reach this machine can watch the run; only the token acts on it\n";
    }
    std::cout << "viewer: " << base << "\n"
              << "instructor: " << base << "?token=" << options.token << "\n"
              << "playing " << run->spec().name << " at x" << run->speed() << " (" << run->spec().simulation.duration.seconds()
              << " simulated s); Ctrl-C ends it" << std::endl;
  };
  options.on_finished = [&](const RunResult& r) {
    std::cout << (r.partial ? "stopped" : "finished") << " at " << r.simulated_s << " s: fingerprint "
              << live::fingerprint_hex(r.engine.fingerprint) << std::endl;
  };
  try {
    live::serve(*run, options);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kBadInput;
  }
  if (!args.record_file.empty()) std::cout << "record: " << args.record_file << std::endl;
  return kOk;
}

int replay_command(const ReplayArgs& args) {
  nlohmann::json record;
  RunResult result;
  try {
    record = live::read_record(args.record_file);
    result = live::replay(record);
  } catch (const LoadFailure& failure) {
    for (const auto& e : failure.errors()) std::cerr << "error: " << e.format() << "\n";
    return kBadInput;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kBadInput;
  }
  const std::string got = live::fingerprint_hex(result.engine.fingerprint);
  const std::string want = record.value("fingerprint", "");
  if (args.format == "json") {
    std::cout << report::format_json(result) << "\n";
  } else {
    std::cout << report::format_table(result);
  }
  std::cerr << "replayed " << record["actions"].size() << " actions to " << result.simulated_s << " s: fingerprint " << got;
  if (want.empty()) {
    std::cerr << " (the record has none to compare)\n";
    return kOk;
  }
  std::cerr << (got == want ? " (matches the live run)\n" : " (the live run had " + want + ")\n");
  return got == want ? kOk : kExpectationFailed;
}

}  // namespace faultline::cli
