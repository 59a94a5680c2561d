// The incident library proves itself: every incident is healthy before its
// trigger, shows its outcome after, and has a fix whose own expect: holds —
// on several seeds, through the command line as a user would run it.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "support/cli_runner.hpp"

namespace {

namespace fs = std::filesystem;
using faultline::testing::cli;
using faultline::testing::slurp;
using Result = faultline::testing::CliResult;

const fs::path kLibrary = fs::path(FAULTLINE_SOURCE_DIR) / "scenarios" / "incidents";

std::vector<fs::path> incident_files() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(kLibrary)) {
    if (e.path().extension() == ".yaml") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// "15s", "500ms" -> seconds (the library writes times in s or ms).
double seconds(const YAML::Node& n) {
  if (!n) return 0;
  const std::string t = n.as<std::string>();
  if (t.size() > 2 && t.substr(t.size() - 2) == "ms") return std::stod(t.substr(0, t.size() - 2)) / 1000;
  return std::stod(t.substr(0, t.size() - 1));
}

}  // namespace

TEST_CASE("incident library: every incident and every fix variant holds its expect: on seeds 1..3") {
  const auto files = incident_files();
  REQUIRE(files.size() >= 8);
  for (const auto& f : files) {
    CAPTURE(f.filename().string());
    // compare --check runs the file as written and each variant, each with its own expect: list.
    const Result r = cli("compare " + f.string() + " --check --seeds 3 --jobs 2 --quiet --format json");
    INFO(r.err);
    CHECK(r.code == 0);
  }
}

TEST_CASE("incident library: each incident has the three-part description, a trigger, a before and an after, a fix") {
  for (const auto& f : incident_files()) {
    CAPTURE(f.filename().string());
    const std::string text = slurp(f);
    CHECK(text.find("\n# tags: ") != std::string::npos);
    CHECK(text.find("\n# summary: ") != std::string::npos);
    const YAML::Node root = YAML::LoadFile(f.string());
    CHECK(root["name"].as<std::string>() == f.stem().string());
    const std::string d = root["description"].as<std::string>();
    CHECK(d.find("The system:") == 0);
    CHECK(d.find("What on-call sees:") != std::string::npos);
    CHECK(d.find("What to look at:") != std::string::npos);
    // The trigger: a fault, a load change or a burst; its time is the earliest of them. A
    // schedule step at 0 s is the load's shape from the start (a warm-up ramp), not a trigger.
    double trigger = 1e300;
    for (const auto& fault : root["faults"]) trigger = std::min(trigger, seconds(fault["at"]));
    for (const auto& c : root["clients"]) {
      for (const auto& step : c.second["schedule"]) {
        if (seconds(step["at"]) > 0) trigger = std::min(trigger, seconds(step["at"]));
      }
      for (const auto& burst : c.second["bursts"]) trigger = std::min(trigger, seconds(burst["at"]));
    }
    REQUIRE(trigger < 1e300);
    // Healthy before: a windowed expectation that ends by the trigger; the outcome: any other.
    std::size_t before = 0;
    for (const auto& e : root["expect"]) {
      if (e["before"] && seconds(e["before"]) <= trigger) ++before;
    }
    CHECK(before >= 1);
    CHECK(root["expect"].size() > before);
    REQUIRE(root["variants"]);
    CHECK(root["variants"].size() >= 1);
    for (const auto& v : root["variants"]) {
      CAPTURE(v.first.as<std::string>());
      CHECK(v.second["expect"]);  // a fix proves its own recovery
    }
  }
}

TEST_CASE("faultline incidents: lists the library as JSON; commands find incidents/NAME") {
  const Result list = cli("incidents --format json");
  REQUIRE(list.code == 0);
  const auto j = nlohmann::json::parse(list.out);
  REQUIRE(j.is_array());
  CHECK(j.size() == incident_files().size());
  std::set<std::string> names;
  for (const auto& inc : j) {
    CHECK(inc.size() == 4);
    CHECK(!inc.at("summary").get<std::string>().empty());
    CHECK(!inc.at("tags").empty());
    CHECK(fs::exists(inc.at("path").get<std::string>()));
    names.insert(inc.at("name").get<std::string>());
  }
  CHECK(names.count("metastable-retry") == 1);
  CHECK(names.count("goodput-collapse") == 1);

  const Result tagged = cli("incidents --format json --tag queues");
  REQUIRE(tagged.code == 0);
  for (const auto& inc : nlohmann::json::parse(tagged.out)) {
    const auto tags = inc.at("tags").get<std::vector<std::string>>();
    CHECK(std::find(tags.begin(), tags.end(), "queues") != tags.end());
  }

  // The test runs from the build tree: the library is found next to the executable.
  CHECK(cli("validate incidents/lb-sinkholing").code == 0);
  CHECK(cli("validate incidents/lb-sinkholing.yaml").code == 0);
  const Result unknown = cli("run incidents/no-such-incident");
  CHECK(unknown.code == 2);
  CHECK(unknown.err.find("no incident named `no-such-incident`") != std::string::npos);
}
