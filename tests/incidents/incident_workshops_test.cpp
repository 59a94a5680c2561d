// Every incident plays as a workshop: its `workshop:` cards are complete, the
// live server accepts them (each participant control is a path it can set, each
// hint can be shown), and `faultline live incidents/NAME` finds the file.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "faultline/live/live_run.hpp"
#include "faultline/live/workshop.hpp"
#include "faultline/scenario/load.hpp"
#include "live/live_client.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::vector<fs::path> incidents() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(fs::path(FAULTLINE_SOURCE_DIR) / "scenarios" / "incidents")) {
    if (e.path().extension() == ".yaml") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string text_of(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The value a set path has in the file ("services.api.calls[0].timeout"), or a
/// plausible one for its kind when the file leaves it at its default.
std::string value_in_file(const YAML::Node& root, const std::string& path) {
  YAML::Node n = YAML::Clone(root);
  std::stringstream parts(path);
  std::string part;
  while (n && std::getline(parts, part, '.')) {
    const auto bracket = part.find('[');
    if (bracket == std::string::npos) {
      n = n[part];
    } else {
      n = n[part.substr(0, bracket)];
      if (n) n = n[std::stoul(part.substr(bracket + 1))];
    }
  }
  if (n && n.IsScalar()) return n.Scalar();
  if (n && n.IsSequence()) {  // retry_on: [rejected, timeout]
    std::string list;
    for (const auto& item : n) list += (list.empty() ? "" : ", ") + item.Scalar();
    return "[" + list + "]";
  }
  const std::string field = path.substr(path.rfind('.') + 1);
  if (field == "capacity") return "100";
  if (field == "timeout") return "1s";
  if (field == "workers") return "8";
  return "1";
}

}  // namespace

TEST_CASE("incident workshops: every incident carries complete cards, and the live server accepts them") {
  const auto files = incidents();
  REQUIRE(files.size() >= 8);
  for (const auto& f : files) {
    CAPTURE(f.filename().string());
    const std::string text = text_of(f);
    const faultline::Spec spec = faultline::load_spec(f.string());
    const faultline::live::Workshop w = faultline::live::read_workshop(text, f.string());
    REQUIRE(w.present);
    CHECK_FALSE(w.title.empty());
    CHECK_FALSE(w.briefing.empty());
    CHECK_FALSE(w.cause.empty());
    CHECK_FALSE(w.debrief.empty());
    CHECK(w.hints.size() >= 2);
    CHECK_FALSE(w.participant_controls.empty());
    REQUIRE(w.speed.has_value());
    // Timed hints show after the trigger has had its effect, before the end.
    for (const auto& h : w.hints) {
      if (h.at) CHECK(*h.at < spec.simulation.duration);
    }

    faultline::live::LiveRun run(spec, text, w, *w.speed);
    const json state = run.state();
    CHECK(state["workshop"]["present"] == true);
    CHECK(state["workshop"]["title"] == w.title);
    CHECK_FALSE(state["workshop"].contains("cause"));  // hidden until reveal
    const YAML::Node root = YAML::Load(text);
    for (const auto& path : w.participant_controls) {
      CAPTURE(path);
      const json body = {{"action", "set"}, {"path", path}, {"value", value_in_file(root, path)}, {"name", "ada"}};
      const auto outcome = run.control(body, false);
      INFO(outcome.body.dump());
      CHECK(outcome.status == 200);
    }
    for (std::size_t i = 0; i < w.hints.size(); ++i) CHECK(run.control({{"action", "hint"}}, true).status == 200);
    CHECK(run.control({{"action", "reveal"}}, true).status == 200);
    CHECK(run.state()["workshop"]["cause"] == w.cause);
  }
}

TEST_CASE("incident workshops: `faultline live incidents/NAME` finds the library's file and plays its cards") {
  // The test runs from the build tree: the library is found next to the executable.
  const std::string token = "0123456789abcdef0123456789abcdef";
  for (const auto& f : incidents()) {
    const std::string name = f.stem().string();
    CAPTURE(name);
    live_test::Server server({"live", "incidents/" + name, "--port", "0", "--speed", "1", "--token", token});
    REQUIRE(server.port() > 0);
    REQUIRE(server.wait_for_line("playing " + name));
    const json s = live_test::state(server.port());
    CHECK(s["workshop"]["present"] == true);
    CHECK(server.stop() == 0);
  }
  live_test::Server unknown({"live", "incidents/no-such-incident", "--port", "0"});
  CHECK(unknown.port() == 0);
  CHECK(unknown.stop() == 2);
}
