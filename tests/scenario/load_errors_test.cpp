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
