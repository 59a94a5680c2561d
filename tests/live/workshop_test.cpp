// Workshop cards and control bodies: parsed strictly, errors located and named.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "faultline/live/control.hpp"
#include "faultline/live/workshop.hpp"
#include "faultline/scenario/load.hpp"

using namespace faultline;
using namespace faultline::live;
using nlohmann::json;

namespace {
const std::string kScenario =
    "simulation: {duration: 30s}\n"
    "services:\n"
    "  db: {workers: 2, service_time: {dist: constant, value: 1ms}}\n"
    "clients:\n"
    "  web: {target: db, rate: 10/s}\n"
    "faults:\n"
    "  - {kind: latency, target: db, at: 10s, duration: 5s, add: 40ms}\n";

std::string field_of(const json& body) {
  try {
    parse_control(body, kScenario, "s.yaml");
  } catch (const ControlError& e) {
    return e.field;
  }
  return "";
}
}  // namespace

TEST_CASE("workshop: the cards are read; hints are manual or timed") {
  const Workshop w = read_workshop(kScenario +
                                       "workshop:\n"
                                       "  title: Drill\n"
                                       "  speed: 0.5\n"
                                       "  briefing: The pager fired.\n"
                                       "  cause: A slow db.\n"
                                       "  hints: [Look at the db, {text: Count the retries, at: 5m}]\n"
                                       "  participant_controls: [clients.web.rate]\n"
                                       "  debrief: Retries amplify.\n",
                                   "s.yaml");
  CHECK(w.present);
  CHECK(w.title == "Drill");
  CHECK(w.speed == doctest::Approx(0.5));
  REQUIRE(w.hints.size() == 2);
  CHECK_FALSE(w.hints[0].at.has_value());
  CHECK(w.hints[1].at == Duration::s(300));
  CHECK(w.participant_controls == std::vector<std::string>{"clients.web.rate"});
  CHECK_FALSE(read_workshop(kScenario, "s.yaml").present);
  // The loader accepts (and ignores) the section.
  CHECK_NOTHROW(load_spec_from_string(kScenario + "workshop: {briefing: b, cause: c}\n", "s.yaml"));
}

TEST_CASE("workshop: mistakes are located") {
  try {
    read_workshop(kScenario + "workshop:\n  briefing: b\n  cuase: c\n  hints: [{text: x, at: soon}]\n", "s.yaml");
    FAIL("expected a LoadFailure");
  } catch (const LoadFailure& f) {
    REQUIRE(f.errors().size() == 3);
    CHECK(f.errors()[0].key_path == "workshop.cuase");
    CHECK(f.errors()[0].line == 10);
    CHECK(f.errors()[1].key_path == "workshop.cause");
    CHECK(f.errors()[2].key_path == "workshop.hints[0].at");
    CHECK(f.errors()[2].format().rfind("s.yaml:11:", 0) == 0);
  }
}

TEST_CASE("control: a fault goes through the scenario's own validation; `at` is now") {
  const Control c = parse_control({{"action", "inject"}, {"fault", {{"kind", "outage"}, {"target", "db"}, {"duration", "20s"}}}},
                                  kScenario, "s.yaml");
  CHECK(c.kind == Control::Kind::inject);
  CHECK(c.parsed_fault.kind == FaultSpec::Kind::outage);
  CHECK(c.parsed_fault.target == 0);
  CHECK(c.parsed_fault.duration == Duration::s(20));
  CHECK(c.parsed_fault.at == Duration::zero());
  CHECK(field_of({{"action", "inject"}, {"fault", {{"kind", "outage"}, {"target", "db"}, {"duration", "long"}}}}) ==
        "fault.duration");
  CHECK(field_of({{"action", "inject"}, {"fault", {{"kind", "outage"}}}}) == "fault.target");
  CHECK(field_of({{"action", "inject"}, {"fault", "outage"}}) == "fault");
  CHECK(field_of(json::array()) == "body");
  CHECK(field_of({{"action", 3}}) == "action");
  CHECK(field_of({{"action", "set"}, {"path", ""}, {"value", 1}}) == "path");
  CHECK(field_of({{"action", "speed"}, {"value", "fast"}}) == "value");
  CHECK(field_of({{"action", "pause"}, {"name", 7}}) == "name");
  CHECK(field_of({{"action", "resume"}}).empty());
}

TEST_CASE("control: the scenario's own faults re-inject as JSON") {
  const json f = scenario_fault_json(kScenario, 0);
  CHECK(f["kind"] == "latency");
  CHECK(f["add"] == "40ms");
  CHECK_FALSE(f.contains("at"));
  const Control c = parse_control({{"action", "inject"}, {"fault", f}}, kScenario, "s.yaml");
  CHECK(c.parsed_fault.add == Duration::ms(40));
  CHECK_THROWS_AS(scenario_fault_json(kScenario, 1), ControlError);
}

TEST_CASE("workshop: the shipped workshops load, with their cards") {
  namespace fs = std::filesystem;
  int n = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(FAULTLINE_SOURCE_DIR) / "scenarios" / "workshops")) {
    if (entry.path().extension() != ".yaml") continue;
    CAPTURE(entry.path().string());
    std::ifstream in(entry.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const Spec spec = load_spec(entry.path().string());
    const Workshop w = read_workshop(text, entry.path().string());
    CHECK(w.present);
    CHECK_FALSE(w.briefing.empty());
    CHECK_FALSE(w.cause.empty());
    CHECK_FALSE(w.debrief.empty());
    CHECK(w.hints.size() >= 2);
    CHECK_FALSE(w.participant_controls.empty());
    REQUIRE(w.speed.has_value());
    // Playable in 30-45 minutes at its speed, pauses for discussion included.
    const double minutes = spec.simulation.duration.seconds() / *w.speed / 60;
    CHECK(minutes >= 20);
    CHECK(minutes <= 45);
    ++n;
  }
  CHECK(n == 3);
}
