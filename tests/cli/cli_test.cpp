// The faultline command line: exit codes, output formats, determinism of the
// bytes it prints, Ctrl-C.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <map>
#include <thread>

#include "support/cli_runner.hpp"

namespace {

namespace fs = std::filesystem;
using faultline::testing::cli;
using faultline::testing::scratch;
using faultline::testing::slurp;
using Result = faultline::testing::CliResult;

std::string scenario(const std::string& name) { return std::string(FAULTLINE_SOURCE_DIR) + "/scenarios/" + name; }

/// The CSV summary without the two rows that may differ between runs.
std::string stable_csv(const std::string& text) {
  std::istringstream in(text);
  std::string line, out;
  while (std::getline(in, line)) {
    if (line.rfind("engine,wall_s,", 0) == 0 || line.rfind("engine,events_per_s,", 0) == 0) continue;
    out += line + "\n";
  }
  return out;
}

/// The JSON summary without the two fields that may differ between runs.
std::string stable_json(const std::string& text) {
  auto j = nlohmann::json::parse(text);
  j["engine"].erase("wall_s");
  j["engine"].erase("events_per_s");
  return j.dump();
}

}  // namespace

TEST_CASE("--version and --help on every command exit 0") {
  const Result v = cli("--version");
  CHECK(v.code == 0);
  CHECK(v.out.find("faultline") != std::string::npos);
  for (const char* cmd : {"run", "validate", "describe"}) {
    const Result h = cli(std::string(cmd) + " --help");
    CAPTURE(cmd);
    CHECK(h.code == 0);
    CHECK(h.out.find("FILE") != std::string::npos);
  }
}

TEST_CASE("usage errors exit 2") {
  CHECK(cli("").code == 2);
  CHECK(cli("run").code == 2);
  CHECK(cli("run " + scenario("retry-storm.yaml") + " --format xml").code == 2);
  CHECK(cli("frobnicate").code == 2);
}

TEST_CASE("bad input exits 2 with a located message and prints nothing on stdout") {
  const fs::path dir = scratch();
  const fs::path bad = dir / "bad.yaml";
  std::ofstream(bad) << "name: x\nsimulation:\n  duration: 10\nservices:\n  a: {service_time: {dist: constant, value: 1ms}}\n"
                        "clients:\n  c: {target: a, rate: 1/s}\n";
  const Result r = cli("run " + bad.string());
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("bad.yaml:3:") != std::string::npos);
  CHECK(r.err.find("simulation.duration") != std::string::npos);
  CHECK(cli("run " + (dir / "missing.yaml").string()).code == 2);
  CHECK(cli("validate " + bad.string()).code == 2);
  CHECK(cli("run " + scenario("retry-storm.yaml") + " --set services.api.workers=ten").code == 2);
  fs::remove_all(dir);
}

TEST_CASE("validate and describe accept every shipped scenario") {
  for (const auto& entry : fs::directory_iterator(std::string(FAULTLINE_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    CAPTURE(entry.path().string());
    CHECK(cli("validate " + entry.path().string()).code == 0);
    const Result d = cli("describe " + entry.path().string());
    CHECK(d.code == 0);
    CHECK(d.out.find(entry.path().stem().string()) != std::string::npos);
  }
}

TEST_CASE("same seed: byte-identical JSON and CSV - another seed: different") {
  const std::string file = scenario("timeout-orphans.yaml");
  const fs::path a = scratch(), b = scratch(), c = scratch();
  const Result ra = cli("run " + file + " --format json --quiet --out " + a.string());
  const Result rb = cli("run " + file + " --format json --quiet --out " + b.string());
  const Result rc = cli("run " + file + " --format json --quiet --seed 4 --out " + c.string());
  REQUIRE(ra.code == 0);
  REQUIRE(rb.code == 0);
  REQUIRE(rc.code == 0);
  CHECK(stable_json(ra.out) == stable_json(rb.out));
  CHECK(stable_json(ra.out) != stable_json(rc.out));
  CHECK(slurp(a / "timeseries.csv") == slurp(b / "timeseries.csv"));
  CHECK(slurp(a / "timeseries.csv") != slurp(c / "timeseries.csv"));
  CHECK(slurp(a / "timeseries.csv").rfind("time_s,entity,metric,value\n", 0) == 0);
  CHECK(stable_json(slurp(a / "summary.json")) == stable_json(ra.out));
  const Result csv1 = cli("run " + file + " --format csv --quiet");
  const Result csv2 = cli("run " + file + " --format csv --quiet");
  CHECK(csv1.code == 0);
  CHECK(stable_csv(csv1.out) == stable_csv(csv2.out));
  CHECK(stable_csv(csv1.out).find("clients.web,operations,") != std::string::npos);
  for (const auto& d : {a, b, c}) fs::remove_all(d);
}

TEST_CASE("the table names every client and service") {
  const Result r = cli("run " + scenario("cascading-failure.yaml") + " --quiet");
  REQUIRE(r.code == 0);
  for (const char* name : {"users", "frontend", "api", "db"}) CHECK(r.out.find(name) != std::string::npos);
}

namespace {
/// Starts a long run, sends `sig` after a moment; checks the partial results and exit 130.
void stopped_by(int sig) {
  const fs::path dir = scratch();
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const std::string out = (dir / "out").string();
    if (!freopen(out.c_str(), "w", stdout)) _exit(99);
    if (!freopen("/dev/null", "w", stderr)) _exit(99);
    const std::string file = scenario("retry-storm.yaml");
    execl(FAULTLINE_CLI_PATH, FAULTLINE_CLI_PATH, "run", file.c_str(), "--format", "json", "--set",
          "simulation.duration=100000s", "--out", dir.string().c_str(), static_cast<char*>(nullptr));
    _exit(98);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  kill(pid, sig);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 130);
  const auto j = nlohmann::json::parse(slurp(dir / "out"));
  CHECK(j["partial"] == true);
  CHECK(j["simulated_s"].get<double>() < 100000.0);
  CHECK(j["simulated_s"].get<double>() > 0.0);
  CHECK(nlohmann::json::parse(slurp(dir / "summary.json"))["partial"] == true);
  fs::remove_all(dir);
}
}  // namespace

TEST_CASE("Ctrl-C writes the partial results - marked partial - and exits 130") { stopped_by(SIGINT); }

TEST_CASE("SIGTERM is handled like Ctrl-C: partial results written - exit 130") { stopped_by(SIGTERM); }

TEST_CASE("sweep and merge report a write that failed: a message and exit 2") {
  const fs::path dir = scratch();
  std::ofstream(dir / "file") << "x";  // a file where a directory should be
  const std::string blocked = (dir / "file" / "sub").string();
  const Result sweep = cli("sweep " + scenario("timeout-orphans.yaml") +
                           " --param services.search.workers=48 --seeds 1 -q --set simulation.duration=5s --set faults=[] --out " + blocked);
  CHECK(sweep.code == 2);
  CHECK(sweep.err.find("cannot create the directory") != std::string::npos);
  const fs::path parts = dir / "parts";
  const Result part = cli("sweep " + scenario("timeout-orphans.yaml") +
                          " --param services.search.workers=48 --seeds 2 -q --set simulation.duration=5s --set faults=[] --shard 0/1 --out " +
                          parts.string());
  REQUIRE(part.code == 0);
  fs::rename(parts / "runs.csv", parts / "runs.part-0-of-1.csv");
  const Result merge = cli("merge " + parts.string() + " --out " + blocked);
  CHECK(merge.code == 2);
  CHECK(merge.err.find("cannot create the directory") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("run --check: exit 0 when every expectation holds - 1 with the failures listed") {
  const std::string file = scenario("retry-storm.yaml");
  const Result ok = cli("run " + file + " --check --quiet --no-timeline");
  CHECK(ok.code == 0);
  CHECK(ok.out.find("EXPECTATIONS (seed=42)") != std::string::npos);
  CHECK(ok.out.find("FAILED") == std::string::npos);
  const Result bad = cli("run " + file + " --check --quiet --no-timeline --set 'expect[2].at_least=1000000000'");
  CHECK(bad.code == 1);
  CHECK(bad.out.find("FAILED  services.ledger.orphaned >= 1000000000") != std::string::npos);
  const Result json = cli("run " + file + " --check --quiet --format json --set 'expect[0].at_least=900/s'");
  CHECK(json.code == 1);
  const auto j = nlohmann::json::parse(json.out);
  CHECK(j["expectations"][0]["held"] == false);
  CHECK(j["expectations"][1]["held"] == true);
  CHECK(cli("run " + file + " --quiet --set 'expect[2].at_least=1000000000'").code == 0);  // without --check
}

TEST_CASE("compare: the file's variants side by side - json and csv - bad variants exit 2") {
  const std::string file = scenario("retry-storm.yaml");
  const Result table = cli("compare " + file + " --seeds 2 --quiet");
  REQUIRE(table.code == 0);
  for (const char* v : {"baseline", "no-retry", "full-jitter", "with-budget", "difference to baseline"}) {
    CHECK(table.out.find(v) != std::string::npos);
  }
  const Result json = cli("compare " + file + " --seeds 2 --quiet --format json --variant 'more-workers:services.ledger.workers=32'");
  REQUIRE(json.code == 0);
  const auto j = nlohmann::json::parse(json.out);
  CHECK(j["variants"].size() == 5);
  CHECK(j["variants"][4] == "more-workers");
  const Result csv = cli("compare " + file + " --seeds 2 --quiet --format csv");
  CHECK(csv.out.rfind("metric,client,variant,seed,value\n", 0) == 0);
  CHECK(cli("compare " + file + " --variant 'broken:services.ledger.workers=lots' --quiet").code == 2);
  CHECK(cli("compare " + scenario("timeout-orphans.yaml") + " --no-baseline --quiet").code == 2);  // nothing to compare
}

TEST_CASE("--trace writes Chrome trace events: nested spans per operation - faults and breaker transitions as instants") {
  const fs::path dir = scratch();
  const std::string trace = (dir / "trace.json").string();
  const Result r = cli("run " + scenario("circuit-breaker.yaml") + " --quiet --format json --trace-sample 0.05 --trace " + trace);
  REQUIRE(r.code == 0);
  const auto plain = cli("run " + scenario("circuit-breaker.yaml") + " --quiet --format json");
  CHECK(stable_json(r.out) == stable_json(plain.out));  // tracing does not change the run
  const auto t = nlohmann::json::parse(slurp(trace));
  const auto& events = t["traceEvents"];
  REQUIRE(events.size() > 100);
  int calls = 0, attempts = 0, faults = 0, breakers = 0, nested = 0;
  std::map<std::uint64_t, std::pair<double, double>> call_span;  // track -> the web->api call
  for (const auto& e : events) {
    const std::string cat = e.value("cat", "");
    if (cat == "call") ++calls;
    if (cat == "attempt") ++attempts;
    if (cat == "fault") ++faults;
    if (cat == "breaker") ++breakers;
    if (cat == "call" && e["name"] == "web->api") call_span[e["tid"]] = {e["ts"], e["ts"].get<double>() + e["dur"].get<double>()};
  }
  for (const auto& e : events) {
    if (e.value("cat", "") != "attempt" || !call_span.count(e["tid"])) continue;
    const auto [from, to] = call_span[e["tid"]];
    nested += e["ts"].get<double>() >= from && e["ts"].get<double>() + e["dur"].get<double>() <= to + 1e-6;
  }
  CHECK(calls > 0);
  CHECK(attempts > 0);
  CHECK(nested > 0);  // attempts sit inside their operation's span, on its track
  CHECK(faults == 2);
  CHECK(breakers > 0);
  fs::remove_all(dir);
}

TEST_CASE("--report writes one self-contained HTML page: charts - findings - tables - no external URLs") {
  const fs::path dir = scratch();
  const std::string page = (dir / "report.html").string();
  REQUIRE(cli("run " + scenario("retry-storm.yaml") + " --quiet --report " + page).code == 0);
  const std::string html = slurp(page);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("</html>") != std::string::npos);
  for (const char* external : {"http://", "https://", "<script", "<link", "src=", "@import"}) {
    CAPTURE(external);
    CHECK(html.find(external) == std::string::npos);
  }
  std::size_t charts = 0;
  for (auto at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) ++charts;
  CHECK(charts >= 7);
  CHECK(html.find("class=\"fault\"") != std::string::npos);     // fault windows shaded
  CHECK(html.find("did not recover: metastable") != std::string::npos);
  CHECK(html.find("A checkout API calls a ledger") != std::string::npos);  // the description
  const std::string cmp = (dir / "compare.html").string();
  REQUIRE(cli("compare " + scenario("retry-storm.yaml") + " --seeds 2 --quiet --report " + cmp).code == 0);
  const std::string chtml = slurp(cmp);
  CHECK(chtml.find("with-budget") != std::string::npos);
  CHECK(chtml.find("web [no-retry]") != std::string::npos);  // the variants overlaid
  CHECK(chtml.find("retry_policies.standard.max_attempts=1") != std::string::npos);  // each variant's definition
  CHECK(chtml.find("Difference to baseline") != std::string::npos);                  // the paired differences
  CHECK(chtml.find("<polygon") != std::string::npos);                                // every seed: a band
  CHECK(chtml.find("https://") == std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("compare --check: exit 0 when every run meets the expectations - 1 with the failures listed") {
  const Result held = cli("compare " + scenario("retry-budget-rescue.yaml") +
                          " --variant 'more:services.ledger.workers=20' --seeds 2 --quiet --check");
  CHECK(held.code == 0);
  CHECK(held.out.find("EXPECTATIONS: 8 of 8 held") != std::string::npos);
  const Result failed = cli("compare " + scenario("retry-storm.yaml") + " --seeds 2 --quiet --check");
  CHECK(failed.code == 1);
  CHECK(failed.out.find("FAILED  no-retry seed=42: clients.web.goodput_per_s <= 100/s after 60s") != std::string::npos);
}

TEST_CASE("an expect: metric the summary does not have is refused at load - with did you mean") {
  const fs::path dir = scratch();
  std::ofstream(dir / "s.yaml") << "simulation: {duration: 5s}\n"
                                   "services:\n  api: {workers: 2, service_time: {dist: constant, value: 1ms}}\n"
                                   "clients:\n  web: {target: api, rate: 10/s}\n"
                                   "expect:\n"
                                   "  - {metric: services.api.utilisation, at_most: 0.5}\n"
                                   "  - {metric: clients.web.goodput, at_least: 5/s}\n"
                                   "  - {metric: clients.web.latency_ms.p99, at_most: 10ms}\n";
  const Result r = cli("validate " + (dir / "s.yaml").string());
  CHECK(r.code == 2);
  CHECK(r.err.find("s.yaml:7:14: expect[0].metric: no metric `utilisation`") != std::string::npos);
  CHECK(r.err.find("did you mean `utilization`?") != std::string::npos);
  CHECK(r.err.find("did you mean `goodput_per_s`?") != std::string::npos);
  CHECK(r.err.find("expect[2]") == std::string::npos);  // a real figure passes
  CHECK(r.err.find("2 errors") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("compare stopped by SIGTERM: the finished runs written - marked partial - exit 130") {
  const fs::path dir = scratch();
  const std::string cmd = std::string(FAULTLINE_CLI_PATH) + " compare " + scenario("retry-storm.yaml") +
                          " --seeds 200 -j 1 -q --format json >" + (dir / "out").string() + " 2>" +
                          (dir / "err").string() + " & pid=$!; sleep 1.5; kill -TERM $pid; wait $pid";
  const int status = std::system(cmd.c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 130);
  const auto j = nlohmann::json::parse(slurp(dir / "out"));
  CHECK(j["partial"] == true);
  CHECK(slurp(dir / "err").find("partial results") != std::string::npos);
  fs::remove_all(dir);
}
