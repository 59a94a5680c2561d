// Every class of bad input gives a located message: one file per mistake in
// tests/scenario/bad/, whose first line says the exact first error expected.
// Hostile inputs (empty, binary, 20,000 nested brackets, absurd numbers)
// fail fast with a clear error, never a crash.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "faultline/scenario/load.hpp"

using namespace faultline;
namespace fs = std::filesystem;

namespace {

/// The first error's text, or "" when the input loads.
std::string first_error(const std::string& text, const std::string& file = "in.yaml",
                        const std::vector<Override>& overrides = {}) {
  try {
    load_spec_from_string(text, file, overrides);
  } catch (const LoadFailure& f) {
    REQUIRE_FALSE(f.errors().empty());
    return f.errors().front().format();
  }
  return "";
}

const char* const kValid = R"(name: t
simulation: {duration: 10s}
services:
  api: {service_time: {dist: constant, value: 1ms}}
clients:
  web: {target: api, rate: 10/s}
)";

}  // namespace

TEST_CASE("each bad file gives its exact located message") {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(std::string(FAULTLINE_SOURCE_DIR) + "/tests/scenario/bad")) {
    std::ifstream in(entry.path());
    std::string first;
    std::getline(in, first);
    REQUIRE(first.rfind("# expect: ", 0) == 0);
    const std::string expected = first.substr(10);
    const std::string name = entry.path().filename().string();
    CAPTURE(name);
    // Strip the comment line so line numbers in the file match what a reader sees... no:
    // errors count lines of the whole file, comment included.
    try {
      load_spec(entry.path().string());
      FAIL("loaded without error: " << name);
    } catch (const LoadFailure& f) {
      const std::string got = f.errors().front().format();
      const std::string want = entry.path().parent_path().string() + "/" + expected;
      CHECK(got.rfind(want, 0) == 0);
      if (got.rfind(want, 0) != 0) MESSAGE("got:  " << got << "\nwant: " << want);
    }
    ++files;
  }
  CHECK(files >= 15);
}

TEST_CASE("all errors are collected, in file order") {
  const std::string text = R"(name: t
simulation: {duration: 10}
services:
  api: {workers: 0, service_time: {dist: constant, value: 1ms}}
clients:
  web: {target: apx, rate: 10/s}
)";
  try {
    load_spec_from_string(text, "in.yaml");
    FAIL("loaded");
  } catch (const LoadFailure& f) {
    REQUIRE(f.errors().size() == 3);
    CHECK(f.errors()[0].key_path == "simulation.duration");
    CHECK(f.errors()[1].key_path == "services.api.workers");
    CHECK(f.errors()[2].key_path == "clients.web.target");
    CHECK(f.errors()[2].suggestion == "did you mean `api`?");
    CHECK(f.errors()[0].line < f.errors()[1].line);
  }
}

TEST_CASE("hostile inputs: empty, comments only, binary, invalid UTF-8") {
  CHECK(first_error("") == "in.yaml:1:1: empty scenario: expected a mapping with simulation, services and clients (start with simulation: {duration: 60s})");
  CHECK(first_error("# only a comment\n").find("empty scenario") != std::string::npos);
  CHECK(first_error(std::string("name: t\n\0\x01\x02", 11)).find("in.yaml:2:1: not a text file: found a NUL byte") == 0);
  CHECK(first_error("name: \xff\xfe\n").find("not valid UTF-8") != std::string::npos);
  CHECK(first_error("just a scalar").find("got a single value") != std::string::npos);
}

TEST_CASE("hostile inputs: 20,000 nested brackets fail fast without recursion") {
  const auto start = std::chrono::steady_clock::now();
  CHECK(first_error("a: " + std::string(20000, '[') + std::string(20000, ']')).find("nesting is too deep") !=
        std::string::npos);
  CHECK(first_error("a: " + std::string(20000, '{')).find("nesting is too deep") != std::string::npos);
  std::string dashes;
  for (int i = 0; i < 20000; ++i) dashes += "- ";
  CHECK(first_error(dashes + "x\n").find("nesting is too deep") != std::string::npos);
  std::string indented;
  for (int i = 0; i < 300; ++i) indented += std::string(static_cast<std::size_t>(i), ' ') + "k" + std::to_string(i) + ":\n";
  CHECK(first_error(indented).find("nesting is too deep") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

TEST_CASE("hostile inputs: absurd numbers") {
  auto with = [](const std::string& from, const std::string& to) {
    std::string t = kValid;
    t.replace(t.find(from), from.size(), to);
    return first_error(t);
  };
  CHECK(with("10s", "1e400s").find("too long") != std::string::npos);
  CHECK(with("10/s", "1e30/s").find("too high") != std::string::npos);
  CHECK(with("10s", "-1s").find("expected a duration >= 0") != std::string::npos);
  CHECK(with("10s", "nans").find("expected a duration") != std::string::npos);
  CHECK(with("10s", "infs").find("expected a duration") != std::string::npos);
  CHECK(with("10s", "0s").find("expected a duration > 0") != std::string::npos);
  CHECK(first_error(std::string(kValid) + "faults:\n  - {kind: capacity, target: api, at: 1s, workers: 99999999999999999999}\n")
            .find("expected an integer from 0 to 1000000") != std::string::npos);
}

TEST_CASE("a file over 16 MiB is refused before parsing") {
  const std::string big(17u << 20, ' ');
  CHECK(first_error(big).find("at most 16 MiB") != std::string::npos);
}

TEST_CASE("a missing file and a directory are clear errors") {
  try {
    load_spec("/nonexistent/scenario.yaml");
    FAIL("loaded");
  } catch (const LoadFailure& f) {
    CHECK(f.errors().front().format() == "/nonexistent/scenario.yaml: cannot open the file (check the path)");
  }
  CHECK_THROWS_AS(load_spec(FAULTLINE_SOURCE_DIR), LoadFailure);
}

TEST_CASE("errors in --set values cite the override") {
  const std::string e = first_error(kValid, "in.yaml", {Override{"services.api.workers", "ten"}});
  CHECK(e.rfind("--set services.api.workers=ten: services.api.workers: expected an integer", 0) == 0);
  CHECK(first_error(kValid, "in.yaml", {Override{"faults[3].at", "1s"}}).find("no list item 3") != std::string::npos);
  CHECK(first_error(kValid, "in.yaml", {Override{"clients.web.rate", "{a: ["}}).find("not valid YAML") != std::string::npos);
  CHECK_THROWS_AS(parse_override("no-equals-sign"), LoadFailure);
}

namespace {
/// Every error's text, or empty when the input loads.
std::vector<std::string> all_errors(const std::string& text) {
  std::vector<std::string> out;
  try {
    load_spec_from_string(text, "in.yaml");
  } catch (const LoadFailure& f) {
    for (const auto& e : f.errors()) out.push_back(e.format());
  }
  return out;
}
}  // namespace

TEST_CASE("the nesting guard keeps counting past an apostrophe in a plain scalar and a # inside a word") {
  const std::string deep = std::string(70, '[') + std::string(70, ']');
  CHECK(first_error("k: x 'y, z: " + deep + "\n").find("nesting is too deep") != std::string::npos);
  CHECK(first_error("k: it's " + deep + "\n").find("nesting is too deep") != std::string::npos);
  CHECK(first_error("k: a#b " + deep + "\n").find("nesting is too deep") != std::string::npos);
  CHECK(first_error("k: \"a\\\"b\" " + deep + "\n").find("nesting is too deep") != std::string::npos);
  // Brackets inside quotes and comments are text, not nesting.
  const std::string many(70, '[');
  CHECK(first_error(std::string(kValid) + "description: '" + many + "'\n") == "");
  CHECK(first_error(std::string(kValid) + "description: \"it's " + many + "\"\n") == "");
  CHECK(first_error(std::string(kValid) + "# " + many + "\n") == "");
}

TEST_CASE("errors that had no location have one") {
  CHECK(first_error("# only a comment\n").rfind("in.yaml:1:1: empty scenario", 0) == 0);
  CHECK(first_error("\n\n").rfind("in.yaml:1:1: empty scenario", 0) == 0);
  // A uniform distribution without max: one located error, not a second one without a place.
  std::string text = kValid;
  text.replace(text.find("{dist: constant, value: 1ms}"), 28, "{dist: uniform, min: 5ms}");
  CHECK(all_errors(text) == std::vector<std::string>{"in.yaml:4:23: services.api.service_time.max: missing: dist: uniform needs `max`"});
  // A name defined twice with an empty body: the duplicate is named and located; nothing else breaks.
  CHECK(all_errors("simulation: {duration: 10s}\nservices:\n  db: {service_time: {dist: constant, value: 1ms}}\n  db:\n"
                   "  api: {service_time: {dist: constant, value: 1ms}, calls: [{service: db}]}\n"
                   "clients:\n  web: {target: api, rate: 10/s}\n") ==
        std::vector<std::string>{"in.yaml:4:3: services.db: duplicate name `db`: it is already defined above"});
}

TEST_CASE("a file over 16 MiB is refused where it crosses the limit") {
  std::string big = "name: t\n" + std::string(17u << 20, ' ');
  CHECK(first_error(big).rfind("in.yaml:2:16777209: file is 17825800 bytes; a scenario may be at most 16 MiB", 0) == 0);
  const std::string path = (fs::temp_directory_path() / "faultline-big-scenario.yaml").string();
  std::ofstream(path, std::ios::binary) << big;
  try {
    load_spec(path);
    FAIL("loaded");
  } catch (const LoadFailure& f) {
    CHECK(f.errors().front().line == 2);
    CHECK(f.errors().front().column == 16777209);
  }
  fs::remove(path);
}

TEST_CASE("workshop: is accepted as a mapping for the live mode, stress: as a boolean for compare") {
  CHECK(first_error(std::string(kValid) + "workshop: {port: 8080, anything: [1, 2]}\nstress: true\n") == "");
  CHECK(first_error(std::string(kValid) + "stress: 3\n") == "in.yaml:7:9: stress: expected true or false, got \"3\"");
  CHECK(first_error(std::string(kValid) + "workshop: 3\n") == "in.yaml:7:11: workshop: expected a mapping");
}
