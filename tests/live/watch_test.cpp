// `faultline watch` under tmux: the screen shows the tables, keys pause the
// run and inject the scenario's next fault, q ends it with its fingerprint.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "live/live_client.hpp"

namespace {

std::string capture(const std::string& cmd) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
  if (!p) return out;
  std::array<char, 4096> buf{};
  while (fgets(buf.data(), buf.size(), p.get()) != nullptr) out += buf.data();
  return out;
}

/// Polls the pane until it shows `text`.
std::string wait_pane(const std::string& session, const std::string& text, double seconds = 10) {
  std::string pane;
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    pane = capture("tmux capture-pane -p -t " + session + " 2>/dev/null");
    if (pane.find(text) != std::string::npos) return pane;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return pane;
}

}  // namespace

TEST_CASE("watch: the live run in a terminal, driven by keys (under tmux)") {
  if (std::system("command -v tmux >/dev/null 2>&1") != 0) {
    MESSAGE("SKIPPED: watch test: tmux is not installed (apt-get install -y tmux)");
    return;
  }
  const auto dir = live_test::scratch_dir();
  const auto file = live_test::write_file(dir, "s.yaml", live_test::small_scenario("600s"));
  const std::string session = "faultline-watch-" + std::to_string(getpid());
  const std::string cmd = std::string(FAULTLINE_CLI_PATH) + " watch " + file.string() + " --speed 5 --record " +
                          (dir / "r.json").string() + "; echo exit=$?; sleep 30";
  REQUIRE(std::system(("tmux new-session -d -s " + session + " -x 120 -y 45 '" + cmd + "'").c_str()) == 0);
  std::string pane = wait_pane(session, "LIVE");
  CHECK(pane.find("goodput/s") != std::string::npos);
  CHECK(pane.find("api->db") != std::string::npos);
  pane = wait_pane(session, "▇");  // a sparkline once a few samples are in
  CHECK(pane.find("▇") != std::string::npos);
  std::system(("tmux send-keys -t " + session + " n").c_str());
  pane = wait_pane(session, "latency on db");
  CHECK(pane.find("#1 latency on db") != std::string::npos);
  std::system(("tmux send-keys -t " + session + " p").c_str());
  pane = wait_pane(session, "PAUSED");
  CHECK(pane.find("PAUSED") != std::string::npos);
  std::system(("tmux send-keys -t " + session + " q").c_str());
  pane = wait_pane(session, "exit=");
  CHECK(pane.find("stopped at") != std::string::npos);
  CHECK(pane.find("fingerprint") != std::string::npos);
  CHECK(pane.find("exit=0") != std::string::npos);
  std::system(("tmux kill-session -t " + session + " 2>/dev/null").c_str());
  const auto record = nlohmann::json::parse(std::ifstream(dir / "r.json"));
  CHECK(record["actions"].size() == 2);
  CHECK(record["actions"][0]["action"] == "inject");
}
