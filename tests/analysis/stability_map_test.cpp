// The stability map: the staircase plan, per-step measures from a time series,
// intervals, capacity and the hysteresis band; then real runs: the retry storm
// has a band, a healthy M/M/1 queue has none.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "faultline/analysis/stability_map.hpp"
#include "faultline/scenario/load.hpp"

using namespace faultline;
using namespace faultline::analysis;

namespace {

MapParam rate_param() { return parse_map_param("clients.web.rate=100/s..400/s"); }

/// per_seed[s][i] from goodput lists (up then down), with a seed-dependent wobble.
std::vector<std::vector<StepSample>> samples(const std::vector<double>& goodput, int seeds, double wobble) {
  std::vector<std::vector<StepSample>> out(static_cast<std::size_t>(seeds));
  for (int s = 0; s < seeds; ++s) {
    for (double g : goodput) out[static_cast<std::size_t>(s)].push_back({g + wobble * (s - (seeds - 1) / 2.0), 10.0, 1.0});
  }
  return out;
}

std::string write_temp(const std::string& text) {
  static int n = 0;
  const auto path = std::filesystem::temp_directory_path() / ("faultline-map-" + std::to_string(getpid()) + "-" + std::to_string(n++) + ".yaml");
  std::ofstream(path) << text;
  return path.string();
}

}  // namespace

TEST_CASE("map param: rates per second, durations in ms, plain integers; malformed ones are located errors") {
  const MapParam r = parse_map_param("clients.web.rate=12000/m..6/ms");
  CHECK(r.path == "clients.web.rate");
  CHECK(r.unit == "/s");
  CHECK(r.low == doctest::Approx(200));
  CHECK(r.high == doctest::Approx(6000));
  CHECK(format_value(r, 250) == "250/s");
  CHECK_THROWS_AS(parse_map_param("clients.web.rate=400/s..100/s"), LoadFailure);
  const MapParam d = parse_map_param("faults[0].add=0ms..1.5s");
  CHECK(d.unit == "ms");
  CHECK(d.high == doctest::Approx(1500));
  CHECK(format_value(d, 250) == "250ms");
  const MapParam w = parse_map_param("faults[0].workers=1..8");
  CHECK(w.integer);
  CHECK(format_value(w, 3.4) == "3");
  const MapParam q = parse_map_param("faults[0].probability=0..1");
  CHECK(!q.integer);
  CHECK(plan_steps(q, 5, 1)[1].value == doctest::Approx(0.25));
  CHECK_THROWS_AS(parse_map_param("clients.web.rate=100/s"), LoadFailure);
  CHECK_THROWS_AS(parse_map_param("clients.web.rate=100/s..2s"), LoadFailure);
  CHECK_THROWS_AS(parse_map_param("x=a..b"), LoadFailure);
}

TEST_CASE("map plan: up from LOW to HIGH, back down without repeating the top, each step held, second half measured") {
  const auto plan = plan_steps(rate_param(), 4, 10);
  REQUIRE(plan.size() == 7);
  const double values[] = {100, 200, 300, 400, 300, 200, 100};
  for (std::size_t i = 0; i < plan.size(); ++i) {
    CHECK(plan[i].value == doctest::Approx(values[i]));
    CHECK(plan[i].up == (i < 4));
    CHECK(plan[i].start_s == doctest::Approx(10.0 * static_cast<double>(i)));
    CHECK(plan[i].end_s == doctest::Approx(10.0 * static_cast<double>(i) + 10));
    CHECK(plan[i].measure_from_s == doctest::Approx(10.0 * static_cast<double>(i) + 5));
  }
}

TEST_CASE("map measures: goodput summed over clients, p99 of the worst client, amplification at the most-hit edge, second half only") {
  TimeSeries ts;
  ts.interval_s = 1;
  Series good_a{"clients.a", "goodput_per_s", {}}, good_b{"clients.b", "goodput_per_s", {}};
  Series p99_a{"clients.a", "p99_ms", {}}, p99_b{"clients.b", "p99_ms", {}};
  Series att{"edges.a->api", "attempts_per_s", {}}, ret{"edges.a->api", "retries_per_s", {}}, hed{"edges.a->api", "hedges_per_s", {}};
  Series deep{"edges.api->db", "attempts_per_s", {}};
  for (int i = 0; i < 20; ++i) {
    ts.times_s.push_back(i + 1);
    const bool second_half_of_first = i >= 5 && i < 10;
    good_a.values.push_back(second_half_of_first ? 100 : 999);  // the first half of a step is not measured
    good_b.values.push_back(50);
    p99_a.values.push_back(20);
    p99_b.values.push_back(i % 2 ? 30 : std::nan(""));
    att.values.push_back(300);
    ret.values.push_back(200);
    hed.values.push_back(0);
    deep.values.push_back(900);  // 9 db attempts per client operation
  }
  ts.series = {good_a, good_b, p99_a, p99_b, att, ret, hed, deep};
  auto plan = plan_steps(parse_map_param("clients.a.rate=1/s..2/s"), 2, 10);
  plan.pop_back();  // 20 s of series: the two steps up
  const auto m = measure_steps(ts, plan);
  REQUIRE(m.size() == 2);
  CHECK(m[0].goodput_per_s == doctest::Approx(150));
  CHECK(m[0].p99_ms == doctest::Approx((30 + 20 + 30 + 20 + 30) / 5.0));  // samples 6..10: b's p99 when it has one
  CHECK(m[0].amplification == doctest::Approx(9));  // 900 db attempts / 100 operations
  CHECK(m[1].goodput_per_s == doctest::Approx(999 + 50));
}

TEST_CASE("map: capacity is the highest goodput; no band when the way down retraces the way up") {
  const auto p = rate_param();
  const auto plan = plan_steps(p, 4, 10);
  const auto m = build_map(p, plan, 10, samples({100, 200, 290, 250, 285, 195, 101}, 3, 4));
  CHECK(m.capacity_value == doctest::Approx(300));
  CHECK(m.capacity_goodput == doctest::Approx(290));
  CHECK(m.hysteresis.empty());
  const auto j = nlohmann::json::parse(format_map_json(m));
  CHECK(j["hysteresis"].empty());
  CHECK(j["steps"].size() == 7);
  CHECK(j["steps"][4]["direction"] == "down");
  CHECK(j["steps"][4]["value"] == 300.0);
  CHECK(j["steps"][0]["goodput_per_s"]["ci95"].get<double>() > 0);
  CHECK(j["capacity"]["value"] == 300.0);
}

TEST_CASE("map: a collapsed way down makes one contiguous band; one seed's noise or a wide interval does not") {
  const auto p = parse_map_param("clients.web.rate=100/s..500/s");
  const auto plan = plan_steps(p, 5, 10);  // 100..500 up, 400..100 down
  // Down at 400, 300 and 200 stays collapsed: the band is 200..400.
  auto m = build_map(p, plan, 10, samples({100, 200, 300, 400, 480, 10, 5, 3, 100}, 3, 2));
  REQUIRE(m.hysteresis.size() == 1);
  CHECK(m.hysteresis[0].from == doctest::Approx(200));
  CHECK(m.hysteresis[0].to == doctest::Approx(400));
  const auto j = nlohmann::json::parse(format_map_json(m));
  CHECK(j["hysteresis"][0]["from"] == 200.0);
  CHECK(j["hysteresis"][0]["to"] == 400.0);
  CHECK(format_map_table(m).find("200/s .. 400/s") != std::string::npos);
  CHECK(format_map_csv(m).find("down,400,10,") != std::string::npos);
  CHECK(format_map_html(m, "t").find("<svg") != std::string::npos);

  // The way up below the way down (a parameter that adds capacity): a band too, on that side.
  m = build_map(p, plan, 10, samples({0, 0, 0, 400, 480, 400, 300, 200, 100}, 3, 2));
  REQUIRE(m.hysteresis.size() == 1);
  CHECK(m.hysteresis[0].from == doctest::Approx(100));
  CHECK(m.hysteresis[0].to == doctest::Approx(300));
  CHECK_FALSE(m.hysteresis[0].down_below);

  // 5% below on the way down: under the 10% share, not a band.
  m = build_map(p, plan, 10, samples({100, 200, 300, 400, 480, 380, 285, 190, 95}, 3, 1));
  CHECK(m.hysteresis.empty());
  // 50% below on average, but the seeds disagree wildly: the interval crosses zero.
  std::vector<std::vector<StepSample>> noisy = samples({100, 200, 300, 400, 480, 400, 300, 200, 100}, 3, 0);
  noisy[0][6].goodput_per_s = 0;
  noisy[1][6].goodput_per_s = 450;
  noisy[2][6].goodput_per_s = 0;
  m = build_map(p, plan, 10, noisy);
  CHECK(m.hysteresis.empty());
}

TEST_CASE("map base run: no schedule or bursts for the mapped client; the subject fault left to the driver; faults left out unless asked") {
  const std::string file = write_temp(R"(
simulation: {duration: 10s}
services: {api: {workers: 2, service_time: {dist: constant, value: 1ms}}}
clients: {web: {target: api, rate: 50/s, schedule: [{at: 2s, rate: 80/s}], bursts: [{at: 1s, count: 5}]}}
faults:
  - {kind: latency, target: api, at: 1s, duration: 2s, add: 5ms}
  - {kind: errors, target: api, at: 2s, probability: 0.5}
)");
  MapOptions o;
  o.file = file;
  o.param = parse_map_param("clients.web.rate=100/s..300/s");
  auto plan = plan_steps(o.param, 3, 4);
  Spec s = load_spec(file, map_base_overrides(o, plan));
  CHECK(s.simulation.duration.seconds() == doctest::Approx(20));
  CHECK(s.simulation.warmup.seconds() == doctest::Approx(0));
  CHECK(s.faults.empty());
  CHECK(s.clients.at(0).schedule.empty());
  CHECK(s.clients.at(0).bursts.empty());
  o.with_faults = true;
  s = load_spec(file, map_base_overrides(o, plan));
  CHECK(s.faults.size() == 2);
  o.sets = {parse_override("faults[0].at=0s")};  // a --set on a kept fault reaches the run
  s = load_spec(file, map_base_overrides(o, plan));
  CHECK(s.faults.at(0).at.seconds() == doctest::Approx(0));
  o.sets.clear();

  o.with_faults = false;
  o.param = parse_map_param("faults[0].add=0ms..40ms");
  s = load_spec(file, map_base_overrides(o, plan));
  CHECK(s.faults.empty());
  CHECK(s.clients.at(0).schedule.size() == 1);  // only a mapped client loses its schedule
  o.with_faults = true;
  s = load_spec(file, map_base_overrides(o, plan));
  REQUIRE(s.faults.size() == 1);  // the other fault; the subject is injected step by step
  CHECK(s.faults[0].kind == FaultSpec::Kind::errors);

  o.param = parse_map_param("faults[5].add=0ms..40ms");
  CHECK_THROWS_AS(map_base_overrides(o, plan), LoadFailure);
  o.param = parse_map_param("clients.nobody.rate=1/s..4/s");
  CHECK_THROWS_AS(map_base_overrides(o, plan), LoadFailure);
  // What Simulation::set refuses (or does not know) is refused before anything runs, saying why.
  o.seeds = 1;
  o.param = parse_map_param("services.api.replicas=1..4");
  CHECK_THROWS_WITH_AS(stability_map(o), doctest::Contains("cannot change mid-run"), LoadFailure);
  o.param = parse_map_param("services.nope.workers=1..4");
  CHECK_THROWS_AS(stability_map(o), LoadFailure);
  std::filesystem::remove(file);
}

TEST_CASE("map a non-rate parameter: a service's workers, a retry policy's max_attempts, a fault's size, in one run each") {
  MapOptions o;
  o.file = std::string(FAULTLINE_SOURCE_DIR) + "/scenarios/incidents/metastable-retry.yaml";
  o.steps = 3;
  o.hold_s = 10;
  o.seeds = 2;
  o.jobs = 2;
  // The ledger's workers 8 -> 16 -> 24 -> 16 -> 8 at 800/s. With 8 (capacity ~800/s) the
  // retry storm starts; at 16 on the way up it is still there (the storm outlives its cause),
  // on the way down from 24 the same 16 workers are healthy: the metastable state depends on
  // where the run came from.
  o.param = parse_map_param("services.ledger.workers=8..24");
  CHECK(o.param.integer);
  const auto workers = stability_map(o);
  REQUIRE(workers.steps.size() == 5);
  CHECK(workers.steps[0].goodput.mean < 80);   // 8 workers: collapsed
  CHECK(workers.steps[1].goodput.mean < 80);   // 16 on the way up: still collapsed
  CHECK(workers.steps[2].goodput.mean > 760);  // 24: recovered
  CHECK(workers.steps[3].goodput.mean > 760);  // 16 on the way down: healthy
  CHECK(workers.steps[3].value == doctest::Approx(16));
  CHECK(format_map_table(workers).find("services.ledger.workers") != std::string::npos);
  // The band of added capacity: the way up (from a collapse) below the way down.
  REQUIRE(workers.hysteresis.size() == 1);
  CHECK(workers.hysteresis[0].from == doctest::Approx(16));
  CHECK(workers.hysteresis[0].to == doctest::Approx(16));
  CHECK_FALSE(workers.hysteresis[0].down_below);
  CHECK(format_map_table(workers).find("16 .. 16") == std::string::npos);
  CHECK(format_map_table(workers).find("the way up stays below the way down") != std::string::npos);

  // max_attempts 1..3 with the ledger slowed from the start: without retries it keeps up.
  o.param = parse_map_param("retry_policies.standard.max_attempts=1..3");
  o.sets = {parse_override("services.ledger.workers=12")};  // 12 workers: 800/s is 67% busy, 3x is not
  const auto attempts = stability_map(o);
  CHECK(attempts.steps[0].goodput.mean > 760);
  CHECK(attempts.steps[0].amplification.mean == doctest::Approx(1).epsilon(0.01));
  o.sets.clear();

  // A fault's size, re-injected per step: the latency fault at 0..80 ms.
  o.param = parse_map_param("faults[0].add=0ms..80ms");
  const auto latency = stability_map(o);
  CHECK(latency.steps[0].goodput.mean > 760);
  CHECK(latency.steps[2].goodput.mean < 80);  // +80 ms on a 100 ms timeout: the storm
}

TEST_CASE("map on the metastable retry storm: a hysteresis band; on a healthy M/M/1 queue: none") {
  MapOptions o;
  o.file = std::string(FAULTLINE_SOURCE_DIR) + "/scenarios/incidents/metastable-retry.yaml";
  o.param = parse_map_param("clients.web.rate=400/s..1600/s");
  o.steps = 4;
  o.hold_s = 10;
  o.seeds = 3;
  o.jobs = 2;
  const auto storm = stability_map(o);
  REQUIRE(!storm.hysteresis.empty());
  CHECK(storm.hysteresis.front().from <= 800);
  CHECK(storm.hysteresis.back().to >= 1200);
  CHECK(storm.capacity_value == doctest::Approx(1200));

  const std::string mm1 = write_temp(R"(
simulation: {duration: 10s, seed: 1}
services: {server: {workers: 1, service_time: {dist: exponential, mean: 1ms}}}
clients: {web: {target: server, rate: 100/s}}
)");
  o.file = mm1;
  o.param = parse_map_param("clients.web.rate=100/s..800/s");
  o.steps = 5;
  const auto healthy = stability_map(o);
  CHECK(healthy.hysteresis.empty());
  CHECK(healthy.capacity_value == doctest::Approx(800));
  std::filesystem::remove(mm1);
}
