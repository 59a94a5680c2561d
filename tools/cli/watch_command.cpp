// `faultline watch`: the live run in the terminal, for rooms without a browser.
// Keys act through the same controls as the server's instructor.
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <iostream>

#include "commands.hpp"
#include "faultline/live/record.hpp"
#include "faultline/live/terminal_view.hpp"
#include "live_commands.hpp"
#include "live_load.hpp"
#include "stop_signal.hpp"

namespace faultline::cli {

namespace {


/// Raw keys without echo while alive (only when stdin is a terminal).
class RawTerminal {
 public:
  RawTerminal() {
    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios raw = saved_;
    raw.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO));
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 0;
    active_ = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
    std::cout << "\x1b[?25l";  // hide the cursor
  }
  ~RawTerminal() {
    if (active_) tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
    std::cout << "\x1b[?25h" << std::flush;
  }

 private:
  termios saved_{};
  bool active_ = false;
};

/// A key if one arrives within `ms`, else 0.
char read_key(int ms) {
  pollfd p{STDIN_FILENO, POLLIN, 0};
  if (poll(&p, 1, ms) <= 0 || (p.revents & POLLIN) == 0) return 0;
  char c = 0;
  return read(STDIN_FILENO, &c, 1) == 1 ? c : 0;
}

}  // namespace

int watch_command(const WatchArgs& args) {
  auto run = load_live_run(args.file, args.speed);
  if (!run) return kBadInput;
  catch_stop_signals();
  const bool color = isatty(STDOUT_FILENO) != 0;
  std::size_t next_fault = 0;
  std::string message;
  auto act = [&](const nlohmann::json& body) {
    const auto out = run->control(body, true);
    message = out.status == 200 ? "" : out.body.value("error", "refused");
    if (out.status == 200 && !args.record_file.empty()) live::write_record(run->record(), args.record_file);
  };
  {
    RawTerminal terminal;
    run->start(live::WallClock::now());
    auto last_draw = live::WallClock::now() - std::chrono::seconds(1);
    bool quit = false;
    while (!quit && !stop_requested().load()) {
      const bool fresh = run->tick(live::WallClock::now(), run->spec().simulation.sample_interval);
      bool dirty = fresh || live::WallClock::now() - last_draw > std::chrono::milliseconds(500);
      if (const char key = read_key(fresh ? 0 : 20)) {
        dirty = true;
        switch (key) {
          case 'p':
          case ' ': act({{"action", run->paused() ? "resume" : "pause"}}); break;
          case 's': act({{"action", "step"}}); break;
          case '+': act({{"action", "speed"}, {"value", std::min(run->speed() * 2, 1000.0)}}); break;
          case '-': act({{"action", "speed"}, {"value", std::max(run->speed() / 2, 0.001)}}); break;
          case 'h': act({{"action", "hint"}}); break;
          case 'r': act({{"action", "reveal"}}); break;
          case 'n':
            if (run->spec().faults.empty()) {
              message = "the scenario has no faults to inject";
            } else {
              const std::size_t k = next_fault++ % run->spec().faults.size();
              act({{"action", "inject"}, {"fault", live::scenario_fault_json(run->scenario_text(), k)}});
            }
            break;
          case 'q': quit = true; break;
          default: break;
        }
      }
      if (dirty) {
        last_draw = live::WallClock::now();
        std::string screen = "\x1b[H\x1b[2J" + live::render_terminal(*run, color);
        if (!message.empty()) screen += (color ? "\x1b[31m" : "") + message + (color ? "\x1b[0m\n" : "\n");
        std::cout << screen << std::flush;
      }
    }
  }
  run->finish();
  if (!args.record_file.empty()) live::write_record(run->record(), args.record_file);
  const RunResult& r = *run->result();
  std::cout << (r.partial ? "stopped" : "finished") << " at " << r.simulated_s << " s: fingerprint "
            << live::fingerprint_hex(r.engine.fingerprint) << std::endl;
  return stop_requested().load() ? kInterrupted : kOk;
}

}  // namespace faultline::cli
