// The live server against the real binary on loopback: URLs, auth, bad bodies,
// HTTP errors, an injected outage, pause and step, participants, replay, and
// 50 WebSocket viewers.
#include <doctest/doctest.h>

#include <cstdlib>
#include <regex>
#include <sstream>

#include "live/live_client.hpp"
#include "support/cli_runner.hpp"

using namespace live_test;

namespace {

const std::string kToken = "0123456789abcdef0123456789abcdef";

std::vector<std::string> live_args(const fs::path& file, const std::string& speed, std::vector<std::string> more = {}) {
  std::vector<std::string> a = {"live", file.string(), "--port", "0", "--speed", speed, "--token", kToken};
  a.insert(a.end(), more.begin(), more.end());
  return a;
}

double goodput(const json& s) { return s["clients"]["web"].value("goodput_per_s", 0.0); }

using faultline::testing::slurp;

/// `faultline replay RECORD`: exit code and stderr.
std::pair<int, std::string> replay(const fs::path& record) {
  const fs::path err = record.string() + ".err";
  const std::string cmd = std::string(FAULTLINE_CLI_PATH) + " replay " + record.string() + " >/dev/null 2>" + err.string();
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(err)};
}

}  // namespace

TEST_CASE("live: prints the viewer and instructor URLs, loopback by default, a random 32-hex token") {
  const auto dir = scratch_dir();
  Server server({"live", write_file(dir, "s.yaml", small_scenario()).string(), "--port", "0"});
  REQUIRE(server.port() > 0);
  CHECK(std::regex_search(server.output(), std::regex("viewer: http://127\\.0\\.0\\.1:[0-9]+/\n")));
  CHECK(std::regex_search(server.output(), std::regex("instructor: http://127\\.0\\.0\\.1:[0-9]+/\\?token=[0-9a-f]{32}\n")));
  CHECK(server.stop() == 0);
}

TEST_CASE("live: GET / is one self-contained page; /api/state and /metrics answer") {
  const auto dir = scratch_dir();
  Server server(live_args(write_file(dir, "s.yaml", small_scenario()), "5"));
  const Response page = http(server.port(), "GET", "/");
  CHECK(page.status == 200);
  CHECK(page.headers.find("text/html") != std::string::npos);
  CHECK(page.body.find("<canvas") != std::string::npos);
  CHECK(page.body.find("src=\"http") == std::string::npos);  // no CDN
  CHECK(page.body.find("href=\"http") == std::string::npos);
  const json s = wait_state(server.port(), [](const json& s) { return s.value("samples", 0) >= 1; });
  for (const char* key : {"time_s", "speed", "paused", "clients", "services", "edges", "faults", "actions"}) {
    CHECK_MESSAGE(s.contains(key), key);
  }
  CHECK(s["clients"]["web"].contains("goodput_per_s"));
  CHECK(s["clients"]["web"].contains("p99_ms"));
  CHECK(s["services"]["db"].contains("utilization"));
  CHECK(s["edges"]["api->db"]["health"].is_string());
  const Response metrics = http(server.port(), "GET", "/metrics");
  CHECK(metrics.status == 200);
  CHECK(metrics.body.find("faultline_client_goodput_per_s{client=\"web\"} ") != std::string::npos);
  CHECK(metrics.body.find("faultline_service_utilization{service=\"db\"} ") != std::string::npos);
  CHECK(metrics.body.find("# TYPE faultline_client_goodput_per_s gauge") != std::string::npos);
}

TEST_CASE("live: controls need the token; a bad body is a 400 naming the field; nothing applied") {
  const auto dir = scratch_dir();
  Server server(live_args(write_file(dir, "s.yaml", small_scenario()), "5"));
  const int port = server.port();
  CHECK(control(port, {{"action", "pause"}}).status == 401);
  CHECK(control(port, {{"action", "pause"}}, "wrong").status == 401);
  CHECK(control(port, {{"action", "inject"}, {"fault", {{"kind", "outage"}, {"target", "db"}}}}).status == 401);
  struct Bad {
    json body;
    std::string field;
  };
  const std::vector<Bad> bad = {
      {json::object(), "action"},
      {{{"action", "explode"}}, "action"},
      {{{"action", "inject"}}, "fault"},
      {{{"action", "inject"}, {"fault", {{"kind", "melt"}, {"target", "db"}}}}, "fault.kind"},
      {{{"action", "inject"}, {"fault", {{"kind", "outage"}, {"target", "nowhere"}}}}, "fault.target"},
      {{{"action", "inject"}, {"fault", {{"kind", "latency"}, {"target", "db"}, {"add", "soon"}}}}, "fault.add"},
      {{{"action", "clear"}}, "id"},
      {{{"action", "clear"}, {"id", "one"}}, "id"},
      {{{"action", "set"}, {"value", "3"}}, "path"},
      {{{"action", "set"}, {"path", "clients.web.rate"}}, "value"},
      {{{"action", "speed"}, {"value", -2}}, "value"},
  };
  for (const auto& b : bad) {
    const Response r = control(port, b.body, kToken);
    CHECK_MESSAGE(r.status == 400, b.body.dump());
    const std::string what = b.body.dump() + " -> " + r.body;
    CHECK_MESSAGE(r.json_body().value("field", "") == b.field, what);
    CHECK(r.json_body().value("error", "").find(b.field) != std::string::npos);
  }
  const Response not_json = http(port, "POST", "/api/control", "{nope", kToken);
  CHECK(not_json.status == 400);
  CHECK(not_json.json_body().value("field", "") == "body");
  const json s = state(port);
  CHECK(s["actions"].empty());
  CHECK(s["paused"] == false);
  CHECK(s["faults"].empty());
  CHECK(control(port, {{"action", "pause"}}, kToken).status == 200);
  CHECK(state(port)["paused"] == true);
}

TEST_CASE("live: malformed HTTP, oversized bodies, unknown paths and methods get their status codes") {
  const auto dir = scratch_dir();
  Server server(live_args(write_file(dir, "s.yaml", small_scenario()), "5"));
  const int port = server.port();
  CHECK(raw_request(port, "THIS IS NOT HTTP\r\n\r\n").status == 400);
  CHECK(raw_request(port, "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: banana\r\n\r\n").status == 400);
  CHECK(http(port, "GET", "/nowhere").status == 404);
  const Response wrong = http(port, "DELETE", "/api/state");
  CHECK(wrong.status == 405);
  CHECK(wrong.headers.find("Allow: GET") != std::string::npos);
  CHECK(http(port, "GET", "/api/control").status == 405);
  CHECK(http(port, "GET", "/ws").status == 426);
  const std::string big = "{\"action\":\"pause\",\"pad\":\"" + std::string(70000, 'x') + "\"}";
  CHECK(http(port, "POST", "/api/control", big, kToken).status == 413);
  CHECK(state(port)["paused"] == false);
  CHECK(http(port, "GET", "/api/state").status == 200);  // still serving
}

TEST_CASE("live: an injected outage lowers goodput in /api/state within two sample intervals; clear ends it") {
  const auto dir = scratch_dir();
  Server server(live_args(write_file(dir, "s.yaml", small_scenario()), "10"));
  const int port = server.port();
  const json before = wait_state(port, [](const json& s) { return s.value("samples", 0) >= 3; });
  REQUIRE(goodput(before) > 300);
  const Response r = control(port, {{"action", "inject"}, {"fault", {{"kind", "outage"}, {"target", "db"}}}}, kToken);
  REQUIRE(r.status == 200);
  const double at = r.json_body()["time_s"].get<double>();
  const json id = r.json_body()["id"];
  REQUIRE(id.is_number_integer());
  const json after = wait_state(port, [&](const json& s) { return s["sample_time_s"].get<double>() >= at + 2; });
  CHECK(goodput(after) < 0.5 * goodput(before));
  REQUIRE(after["faults"].size() == 1);
  CHECK(after["faults"][0]["id"] == id);
  CHECK(after["faults"][0]["kind"] == "outage");
  CHECK(after["actions"][0]["action"] == "inject");
  CHECK(after["actions"][0]["time_s"].get<double>() == doctest::Approx(at));
  CHECK(control(port, {{"action", "clear"}, {"id", id}}, kToken).status == 200);
  const json healed = wait_state(port, [&](const json& s) { return goodput(s) > 0.8 * goodput(before); });
  CHECK(goodput(healed) > 0.8 * goodput(before));
  CHECK(healed["faults"].empty());
}

TEST_CASE("live: pause holds the clock, step moves it one sample interval, resume and speed pace again") {
  const auto dir = scratch_dir();
  Server server(live_args(write_file(dir, "s.yaml", small_scenario()), "4"));
  const int port = server.port();
  wait_state(port, [](const json& s) { return s.value("samples", 0) >= 1; });
  REQUIRE(control(port, {{"action", "pause"}}, kToken).status == 200);
  const json p1 = state(port);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const json p2 = state(port);
  CHECK(p2["paused"] == true);
  CHECK(p2["time_s"] == p1["time_s"]);
  const Response step = control(port, {{"action", "step"}}, kToken);
  REQUIRE(step.status == 200);
  const double t = step.json_body()["time_s"].get<double>();
  CHECK(t == doctest::Approx(std::floor(p1["time_s"].get<double>()) + 1));
  const json p3 = state(port);
  CHECK(p3["time_s"].get<double>() == doctest::Approx(t));
  CHECK(p3["samples"].get<int>() == static_cast<int>(t));
  CHECK(p3["paused"] == true);
  REQUIRE(control(port, {{"action", "speed"}, {"value", 20}}, kToken).status == 200);
  REQUIRE(control(port, {{"action", "resume"}}, kToken).status == 200);
  const json p4 = wait_state(port, [&](const json& s) { return s["time_s"].get<double>() > t + 4; }, 5);
  CHECK(p4["time_s"].get<double>() > t + 4);
  CHECK(p4["speed"] == 20);
}

TEST_CASE("live: participants set only the allowed paths, signed with their name; hints and reveal") {
  const auto dir = scratch_dir();
  const std::string workshop =
      "workshop:\n"
      "  title: Small outage drill\n"
      "  briefing: The web checkout pages you.\n"
      "  cause: The db is slow.\n"
      "  hints:\n"
      "    - Look at the db.\n"
      "    - {text: Retries double the load., at: 1000s}\n"
      "  participant_controls: [clients.web.rate]\n"
      "  debrief: Retries amplify.\n";
  Server server(live_args(write_file(dir, "w.yaml", small_scenario("60s", workshop)), "5"));
  const int port = server.port();
  json s = wait_state(port, [](const json& s) { return s.value("samples", 0) >= 1; });
  CHECK(s["workshop"]["title"] == "Small outage drill");
  CHECK_FALSE(s["workshop"].contains("cause"));  // hidden until reveal
  CHECK_FALSE(s.contains("debrief"));
  CHECK(control(port, {{"action", "set"}, {"path", "clients.web.rate"}, {"value", "300/s"}, {"name", "ada"}}).status == 200);
  CHECK(control(port, {{"action", "set"}, {"path", "clients.web.rate"}, {"value", "300/s"}}).status == 401);
  const Response no_name = control(port, {{"action", "set"}, {"path", "clients.web.rate"}, {"value", "300/s"}, {"name", ""}});
  CHECK(no_name.status == 400);
  CHECK(no_name.json_body()["field"] == "name");
  CHECK(control(port, {{"action", "set"}, {"path", "services.db.workers"}, {"value", "20"}, {"name", "ada"}}).status == 403);
  CHECK(control(port, {{"action", "pause"}, {"name", "ada"}}).status == 401);
  CHECK(control(port, {{"action", "hint"}}, kToken).json_body()["hint"] == "Look at the db.");
  CHECK(control(port, {{"action", "hint"}}, kToken).status == 200);  // the timed one may be shown early
  CHECK(control(port, {{"action", "hint"}}, kToken).status == 409);  // none left
  CHECK(control(port, {{"action", "reveal"}}, kToken).status == 200);
  s = state(port);
  CHECK(s["actions"][0]["by"] == "ada");
  CHECK(s["actions"][0]["path"] == "clients.web.rate");
  CHECK(s["workshop"]["hints"].size() == 2);
  CHECK(s["workshop"]["cause"] == "The db is slow.");
  REQUIRE(s.contains("debrief"));
  CHECK(s["debrief"]["text"] == "Retries amplify.");
  CHECK(s["debrief"]["timeline"].size() == 4);
}

TEST_CASE("live: the record replays to the same fingerprint (run to its end, and stopped midway)") {
  const auto dir = scratch_dir();
  const auto file = write_file(dir, "s.yaml", small_scenario("20s"));
  for (const bool to_end : {true, false}) {
    CAPTURE(to_end);
    const fs::path record = dir / (to_end ? "end.json" : "mid.json");
    Server server(live_args(file, to_end ? "10" : "4", {"--record", record.string()}));
    const int port = server.port();
    wait_state(port, [](const json& s) { return s["time_s"].get<double>() > 3; });
    const Response inj = control(port, {{"action", "inject"}, {"fault", {{"kind", "latency"}, {"target", "db"}, {"add", "30ms"}}}}, kToken);
    REQUIRE(inj.status == 200);
    wait_state(port, [](const json& s) { return s["time_s"].get<double>() > 5; });
    REQUIRE(control(port, {{"action", "set"}, {"path", "clients.web.rate"}, {"value", "600/s"}}, kToken).status == 200);
    REQUIRE(control(port, {{"action", "pause"}}, kToken).status == 200);
    REQUIRE(control(port, {{"action", "step"}}, kToken).status == 200);
    REQUIRE(control(port, {{"action", "clear"}, {"id", inj.json_body()["id"]}}, kToken).status == 200);
    REQUIRE(control(port, {{"action", "resume"}}, kToken).status == 200);
    if (to_end) REQUIRE(server.wait_for_line("finished at 20 s"));
    else wait_state(port, [](const json& s) { return s["time_s"].get<double>() > 8; });
    CHECK(server.stop() == 0);
    const std::string out = server.output();
    const auto at = out.find("fingerprint ");
    REQUIRE(at != std::string::npos);
    const std::string live_fp = out.substr(at + 12, 16);
    const json rec = json::parse(slurp(record));
    CHECK(rec["fingerprint"] == live_fp);
    CHECK(rec["actions"].size() == 6);
    CHECK(rec["partial"] == !to_end);
    const auto [code, err] = replay(record);
    CHECK_MESSAGE(code == 0, err);
    CHECK(err.find("fingerprint " + live_fp + " (matches the live run)") != std::string::npos);
  }
}

// FAULTLINE_LIVE_LOAD_SECONDS / FAULTLINE_LIVE_LOAD_SPEED run it longer or faster
// (the README's figure: 20 s); the suite keeps it short.
TEST_CASE("live: 50 WebSocket viewers get frames and barely slow the paced simulation") {
  const auto dir = scratch_dir();
  const char* env_seconds = std::getenv("FAULTLINE_LIVE_LOAD_SECONDS");
  const char* env_speed = std::getenv("FAULTLINE_LIVE_LOAD_SPEED");
  const double window_s = env_seconds != nullptr ? std::atof(env_seconds) : 3;
  const double speed = env_speed != nullptr ? std::atof(env_speed) : 20;
  const char* env_scenario = std::getenv("FAULTLINE_LIVE_LOAD_SCENARIO");  // a heavier one, to measure near CPU saturation
  const char* env_viewers = std::getenv("FAULTLINE_LIVE_LOAD_VIEWERS");
  const int n_viewers = env_viewers != nullptr ? std::atoi(env_viewers) : 50;
  Server server(live_args(env_scenario != nullptr ? fs::path(env_scenario) : write_file(dir, "s.yaml", small_scenario("3600s")),
                          std::to_string(speed)));
  const int port = server.port();
  std::vector<std::unique_ptr<Viewer>> viewers;
  for (int i = 0; i < n_viewers; ++i) viewers.push_back(std::make_unique<Viewer>(port));
  for (const auto& v : viewers) REQUIRE(v->ok());
  const json s0 = state(port);
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<pollfd> fds;
  for (const auto& v : viewers) fds.push_back({v->fd(), POLLIN, 0});
  while (std::chrono::steady_clock::now() - t0 < std::chrono::duration<double>(window_s)) {
    poll(fds.data(), fds.size(), 50);
    for (const auto& v : viewers) v->frames();
  }
  const json s1 = state(port);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double achieved = (s1["time_s"].get<double>() - s0["time_s"].get<double>()) / wall;
  MESSAGE(n_viewers << " viewers: " << achieved << " simulated s per wall s at speed " << speed << " ("
                         << 100 * (1 - achieved / speed) << "% slower than paced)");
  CHECK(achieved >= 0.9 * speed);
  CHECK(achieved <= 1.05 * speed);  // never ahead of the pacing
  for (const auto& v : viewers) {
    // One frame per sample interval, coalesced to at most 20 frames/s at high speed.
    CHECK(v->count() >= static_cast<int>(0.5 * std::min(speed, 20.0) * window_s));
    CHECK(json::parse(v->last_frame(), nullptr, false).contains("clients"));
  }
}

TEST_CASE("live: Ctrl-C (SIGINT) ends the server cleanly and writes the record") {
  const auto dir = scratch_dir();
  const fs::path record = dir / "r.json";
  Server server(live_args(write_file(dir, "s.yaml", small_scenario()), "5", {"--record", record.string()}));
  wait_state(server.port(), [](const json& s) { return s.value("samples", 0) >= 1; });
  REQUIRE(control(server.port(), {{"action", "pause"}}, kToken).status == 200);
  CHECK(server.stop(SIGINT) == 0);
  CHECK(fs::exists(record));
  CHECK(json::parse(slurp(record))["actions"].size() == 1);
}

TEST_CASE("live: a stalled viewer and one that vanishes mid-frame do not block the others") {
  const auto dir = scratch_dir();
  Server server(live_args(write_file(dir, "s.yaml", small_scenario("3600s")), "50"));
  const int port = server.port();
  Viewer stalled(port);  // never reads again
  REQUIRE(stalled.ok());
  {
    Viewer gone(port);  // reads a little, then closes abruptly
    REQUIRE(gone.ok());
    linger hard{1, 0};
    setsockopt(gone.fd(), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);  // RST, not FIN
  }
  Viewer healthy(port);
  REQUIRE(healthy.ok());
  const auto t0 = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2)) {
    pollfd p{healthy.fd(), POLLIN, 0};
    poll(&p, 1, 50);
    REQUIRE(healthy.frames());
  }
  CHECK(healthy.count() >= 20);
  CHECK(http(port, "GET", "/api/state").status == 200);
}
