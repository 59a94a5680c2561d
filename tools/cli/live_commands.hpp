#pragma once
// `faultline live`, `watch` and `replay`: a scenario played in real time (in the
// browser or the terminal) and a recorded live run played again.
#include <CLI/CLI.hpp>
#include <string>

namespace faultline::cli {

struct LiveArgs {
  std::string file;
  double speed = 0;                 // 0: the workshop's speed, else 1
  int port = 8080;
  std::string bind = "127.0.0.1";
  std::string token;                // empty: random
  std::string record_file;
};

struct WatchArgs {
  std::string file;
  double speed = 0;
  std::string record_file;
};

struct ReplayArgs {
  std::string record_file;
  std::string format = "table";
};

struct LiveCommands {
  CLI::App* live = nullptr;
  CLI::App* watch = nullptr;
  CLI::App* replay = nullptr;
  LiveArgs live_args;
  WatchArgs watch_args;
  ReplayArgs replay_args;
};

/// Registers live, watch and replay on the app.
void add_live_commands(CLI::App& app, LiveCommands& commands);
/// Runs the one chosen; -1 when none of them was.
int run_live_commands(const LiveCommands& commands);

int live_command(const LiveArgs& args);
int watch_command(const WatchArgs& args);
int replay_command(const ReplayArgs& args);

}  // namespace faultline::cli
