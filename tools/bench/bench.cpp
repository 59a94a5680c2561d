// faultline_bench: measures faultline against the reference models in
// ../shared/bench (the hand-written C++ M/M/1 loop and SimPy), in the same
// run on the same machine. Each measurement runs in its own child process so
// its peak RSS is its own. Not a timed test: it reports, and says whether
// each target is met.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "faultline/engine/distributions.hpp"
#include "faultline/engine/engine.hpp"
#include "faultline/faultline.hpp"

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

struct Options {
  bool quick = false;
  int repeat = 3;  // runs of each C++ measurement; the fastest is kept
  std::string only;
  std::string format = "table";
  std::string shared = "";  // path to shared/bench
  std::string baseline;     // another faultline_bench (an older build): paired ratios against it
  int rounds = 15;          // pairs of runs in the baseline comparison
};

// --- the models, as scenarios -------------------------------------------------

std::string mm1_yaml(double customers) {
  // lambda = 900/s, mean service 1 ms: rho = 0.9, the reference's parameters in ms.
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "name: bench-mm1\nsimulation: {duration: %.3fs, sample_interval: 10s}\n"
                "services:\n  server: {workers: 1, service_time: {dist: exponential, mean: 1ms}}\n"
                "clients:\n  source: {target: server, rate: 900/s}\n",
                customers / 900.0);
  return buf;
}

std::string retry_yaml(double duration_s) {
  // The parameters of shared/bench/simpy/retry_simpy2.py (its defaults).
  char buf[1024];
  std::snprintf(buf, sizeof buf,
                "name: bench-retry\nsimulation: {duration: %.0fs, sample_interval: 10s}\n"
                "services:\n  server:\n    workers: 8\n    queue: {capacity: 50}\n"
                "    service_time: {dist: exponential, mean: 10ms}\n"
                "clients:\n  client:\n    target: server\n    rate: 1000/s\n    timeout: 100ms\n    retry: r\n"
                "retry_policies:\n  r:\n    max_attempts: 4\n    retry_on: [timeout, rejected]\n"
                "    backoff: {kind: exponential, base: 50ms, multiplier: 2, max: 2s}\n    jitter: full\n",
                duration_s);
  return buf;
}

/// Which parts of the data-tier model are in (the "parts" comparison takes
/// them out one at a time to show what each costs per event).
struct DataTierParts {
  bool caches = true;  // each front reads through its cache (over its database)
  bool queues = true;  // each mid-tier service publishes to a queue
};

/// Twenty services with the data tier on the path: an autoscaled gateway calls
/// four front services in turn; each reads through its own cache (over its own
/// database) and calls a mid-tier service, which calls a leaf and publishes to
/// one of three queues consumed by three workers. Retries on the gateway's
/// calls; the load doubles for a while so the autoscaler acts. No overload:
/// every figure is what a healthy system of this shape costs per event.
std::string datatier_yaml(double duration_s, DataTierParts parts = {}) {
  std::string y;
  char buf[512];
  std::snprintf(buf, sizeof buf, "name: bench-data-tier\nsimulation: {duration: %.0fs, sample_interval: 10s}\n",
                duration_s);
  y += buf;
  y += "services:\n"
       "  gateway:\n    workers: 64\n    replicas: 2\n    service_time: {dist: exponential, mean: 1ms}\n"
       "    autoscale: {metric: utilization, target: 25%, min: 2, max: 6, evaluate_every: 15s, window: 30s,\n"
       "                provision_delay: 10s, scale_in_cooldown: 60s}\n"
       "    calls:\n";
  for (int i = 1; i <= 4; ++i) {
    std::snprintf(buf, sizeof buf, "      - {service: front%d, timeout: 1s, retry: r}\n", i);
    y += buf;
  }
  for (int i = 1; i <= 4; ++i) {
    std::snprintf(buf, sizeof buf, "  front%d:\n    workers: 32\n    service_time: {dist: exponential, mean: 2ms}\n    calls:\n",
                  i);
    y += buf;
    if (parts.caches) {
      std::snprintf(buf, sizeof buf, "      - {cache: cache%d, timeout: 500ms}\n", i);
      y += buf;
    }
    std::snprintf(buf, sizeof buf,
                  "      - {service: mid%d, timeout: 500ms}\n"
                  "  db%d:\n    workers: 16\n    service_time: {dist: exponential, mean: 5ms}\n"
                  "  mid%d:\n    workers: 32\n    service_time: {dist: exponential, mean: 3ms}\n"
                  "    calls:\n      - {service: leaf%d, timeout: 300ms}\n",
                  i, i, i, i);
    y += buf;
    if (parts.queues) {
      std::snprintf(buf, sizeof buf, "      - {publish: q%d}\n", (i - 1) % 3 + 1);
      y += buf;
    }
    std::snprintf(buf, sizeof buf, "  leaf%d:\n    workers: 16\n    service_time: {dist: exponential, mean: 2ms}\n", i);
    y += buf;
  }
  for (int i = 1; i <= 3; ++i) {
    std::snprintf(buf, sizeof buf, "  worker%d:\n    workers: 16\n    service_time: {dist: exponential, mean: 4ms}\n", i);
    y += buf;
  }
  if (parts.caches) {
    y += "caches:\n";
    for (int i = 1; i <= 4; ++i) {
      std::snprintf(buf, sizeof buf,
                    "  cache%d: {backend: db%d, keys: {count: 100000, zipf: 0.9}, capacity: 20000, ttl: 60s,\n"
                    "            hit_time: {dist: constant, value: 200us}}\n",
                    i, i);
      y += buf;
    }
  }
  if (parts.queues) {
    y += "queues:\n";
    for (int i = 1; i <= 3; ++i) {
      std::snprintf(buf, sizeof buf, "  q%d: {consumer: {service: worker%d, concurrency: 8}}\n", i, i);
      y += buf;
    }
  }
  std::snprintf(buf, sizeof buf,
                "clients:\n  web:\n    target: gateway\n    rate: 500/s\n    timeout: 3s\n"
                "    schedule:\n      - {at: %.0fs, rate: 1000/s}\n      - {at: %.0fs, rate: 500/s}\n",
                duration_s * 0.3, duration_s * 0.6);
  y += buf;
  y += "retry_policies:\n  r:\n    max_attempts: 3\n    retry_on: [timeout, error, rejected]\n"
       "    backoff: {kind: exponential, base: 20ms, multiplier: 2, max: 1s}\n    jitter: full\n";
  return y;
}

// --- children: one measurement each, JSON on stdout ---------------------------

/// What every scenario child reports: the first client's operations per
/// second of the loop, the engine's events per second, and the latency tail.
json run_figures(const faultline::RunResult& r, const char* count_name) {
  const auto& c = r.clients.at(0);
  return json{{count_name, c.operations},
              {"loop_s", r.engine.wall_s},
              {"rate", static_cast<double>(c.operations) / r.engine.wall_s},
              {"events_per_s", r.engine.events_per_s},
              {"events", r.engine.events},
              {"p99_ms", c.latency.p99_ms}};
}

json child_mm1(double customers) {
  const auto r = faultline::run(faultline::load_spec_from_string(mm1_yaml(customers), "bench-mm1"));
  json out = run_figures(r, "customers");
  out["mean_sojourn_ms"] = r.clients.at(0).latency.mean_ms;
  return out;
}

json child_retry(double duration_s) {
  const auto r = faultline::run(faultline::load_spec_from_string(retry_yaml(duration_s), "bench-retry"));
  json out = run_figures(r, "operations");
  out["goodput_per_s"] = r.clients.at(0).goodput_per_s;
  out["amplification"] = r.clients.at(0).amplification;
  out["rejected"] = r.services.at(0).rejected;
  out["orphaned"] = r.services.at(0).orphaned;
  return out;
}

json child_datatier(double duration_s, DataTierParts parts = {}) {
  const auto r = faultline::run(faultline::load_spec_from_string(datatier_yaml(duration_s, parts), "bench-data-tier"));
  json out = run_figures(r, "operations");
  out["goodput_per_s"] = r.clients.at(0).goodput_per_s;
  return out;
}

/// The classic hold model on the engine alone: K events pending, each one run
/// schedules one more at now + Exp(1 s).
json child_hold(std::size_t pending, std::uint64_t events) {
  using namespace faultline;
  struct Hold final : EventHandler {
    Engine* engine = nullptr;
    Rng rng{7};
    TargetId self = 0;
    void on_event(EventKind, std::uint64_t) override {
      engine->schedule_after(Duration::ns(static_cast<std::int64_t>(dist::exponential(rng, 1e9))), self, 1, 0);
    }
  };
  Engine engine;
  Hold hold;
  hold.engine = &engine;
  hold.self = engine.add_handler(&hold);
  for (std::size_t i = 0; i < pending; ++i) {
    engine.schedule_at(Time::from_ns(static_cast<std::int64_t>(dist::exponential(hold.rng, 1e9))), hold.self, 1, 0);
  }
  // Run long enough for `events` events: pending / 1 s of simulated time per second.
  const double seconds = static_cast<double>(events) / static_cast<double>(pending);
  const auto start = std::chrono::steady_clock::now();
  engine.run_until(Time::zero() + Duration::s(seconds));
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return json{{"pending", pending}, {"events", engine.event_count()}, {"loop_s", wall},
              {"events_per_s", static_cast<double>(engine.event_count()) / wall},
              {"rate", static_cast<double>(engine.event_count()) / wall}};
}

// --- running children ---------------------------------------------------------

struct Measured {
  json result;      // what the child printed (empty on failure)
  double rss_mib = 0;
  std::string error;
};

/// Runs argv as a child, captures stdout, reads its peak RSS.
Measured spawn(const std::vector<std::string>& argv) {
  Measured m;
  int pipe_fd[2];
  if (pipe(pipe_fd) != 0) {
    m.error = "pipe failed";
    return m;
  }
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_fd[1], STDOUT_FILENO);
    close(pipe_fd[0]);
    close(pipe_fd[1]);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(pipe_fd[1]);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(pipe_fd[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  close(pipe_fd[0]);
  int status = 0;
  struct rusage usage {};
  wait4(pid, &status, 0, &usage);
  m.rss_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    m.error = "exit status " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return m;
  }
  try {
    m.result = json::parse(out);
  } catch (const std::exception& e) {
    m.error = std::string("unreadable output: ") + e.what();
  }
  return m;
}

/// The run with the highest `rate` (the least disturbed by other work on the
/// machine); a failed run only when all failed.
Measured fastest(const std::vector<Measured>& runs) {
  const Measured* best = &runs.front();
  auto rate = [](const Measured& m) {  // the reference loop says customers_per_s
    if (!m.error.empty()) return -1.0;
    for (const char* key : {"rate", "customers_per_s"}) {
      if (m.result.contains(key)) return m.result[key].get<double>();
    }
    return -1.0;
  };
  for (const Measured& m : runs) {
    if (rate(m) > rate(*best)) best = &m;
  }
  return *best;
}

/// Runs each argv `times` times, alternating between them so all see the same
/// machine, and keeps each one's fastest run.
std::vector<Measured> fastest_of(int times, const std::vector<std::vector<std::string>>& argvs) {
  std::vector<std::vector<Measured>> runs(argvs.size());
  for (int r = 0; r < times; ++r) {
    for (std::size_t i = 0; i < argvs.size(); ++i) runs[i].push_back(spawn(argvs[i]));
  }
  std::vector<Measured> best;
  for (const auto& each : runs) best.push_back(fastest(each));
  return best;
}

/// Each of `a` and `b` run `rounds` times, alternated (which goes first swaps
/// every round); per round the ratio of their rates. On a shared machine a
/// pair sees the same disturbance, so the median of the paired ratios is
/// steadier than a ratio of two bests. Returns {ratios sorted, a's runs}.
struct Paired {
  std::vector<double> ratios;  // rate(a) / rate(b) per round, sorted
  std::vector<Measured> a_runs;
  std::string error;
  double median() const {
    const std::size_t n = ratios.size();
    if (n == 0) return 0;
    return n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
  }
};
Paired paired(int rounds, const std::vector<std::string>& a, const std::vector<std::string>& b) {
  Paired p;
  for (int r = 0; r < rounds; ++r) {
    Measured ma, mb;
    if (r % 2 == 0) {
      ma = spawn(a);
      mb = spawn(b);
    } else {
      mb = spawn(b);
      ma = spawn(a);
    }
    if (!ma.error.empty() || !mb.error.empty()) {
      p.error = !ma.error.empty() ? ma.error : "baseline: " + mb.error;
      return p;
    }
    const double ra = ma.result.value("rate", 0.0), rb = mb.result.value("rate", 0.0);
    if (ra > 0 && rb > 0) p.ratios.push_back(ra / rb);
    p.a_runs.push_back(std::move(ma));
  }
  std::sort(p.ratios.begin(), p.ratios.end());
  return p;
}

std::string self_path() { return fs::read_symlink("/proc/self/exe").string(); }

std::string find_shared(const Options& o) {
  if (!o.shared.empty()) return o.shared;
  for (const char* c : {"../shared/bench", "../../shared/bench", "../../../shared/bench"}) {
    if (fs::exists(fs::path(c) / "limit/mm1_limit.cpp")) return fs::canonical(c).string();
  }
  const fs::path beside = fs::path(self_path()).parent_path() / "../../shared/bench";
  if (fs::exists(beside / "limit/mm1_limit.cpp")) return fs::canonical(beside).string();
  return "";
}

// --- the report ---------------------------------------------------------------

struct Row {
  std::string name, engine;
  Measured m;
  double ratio = 0;
  std::string target;
  std::string verdict;  // PASS, MISS, or "" when not a target row

  /// Records the ratio against the reference and whether it meets `target`.
  void judge(double r, std::string what, bool met) {
    ratio = r;
    target = std::move(what);
    verdict = met ? "PASS" : "MISS";
  }
};

std::string human(double v) {
  char buf[64];
  if (v >= 1e6) std::snprintf(buf, sizeof buf, "%.2f M", v / 1e6);
  else if (v >= 1e3) std::snprintf(buf, sizeof buf, "%.1f k", v / 1e3);
  else std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

double num(const json& j, const char* key) { return j.contains(key) && j[key].is_number() ? j[key].get<double>() : 0.0; }

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--child" && i + 2 < argc) {
      const std::string what = argv[i + 1];
      const double size = std::atof(argv[i + 2]);
      json r;
      if (what == "mm1") r = child_mm1(size);
      else if (what == "retry") r = child_retry(size);
      else if (what == "datatier") r = child_datatier(size);
      else if (what == "datatier-nocache") r = child_datatier(size, {false, true});
      else if (what == "datatier-noqueue") r = child_datatier(size, {true, false});
      else if (what == "datatier-plain") r = child_datatier(size, {false, false});
      else if (what == "yaml") {  // the data-tier model's scenario, to read or run with faultline
        std::printf("%s", datatier_yaml(size).c_str());
        return 0;
      }
      else if (what == "hold") r = child_hold(static_cast<std::size_t>(size), static_cast<std::uint64_t>(std::atof(argv[i + 3])));
      std::printf("%s\n", r.dump().c_str());
      return 0;
    }
    if (a == "--quick") o.quick = true;
    else if (a == "--only" && i + 1 < argc) o.only = argv[++i];
    else if (a == "--format" && i + 1 < argc) o.format = argv[++i];
    else if (a == "--shared" && i + 1 < argc) o.shared = argv[++i];
    else if (a == "--repeat" && i + 1 < argc) o.repeat = std::max(1, std::atoi(argv[++i]));
    else if (a == "--baseline" && i + 1 < argc) o.baseline = argv[++i];
    else if (a == "--rounds" && i + 1 < argc) o.rounds = std::max(1, std::atoi(argv[++i]));
    else if (a == "--help" || a == "-h") {
      std::printf(
          "faultline_bench: faultline against the reference models of shared/bench, same run, same machine.\n\n"
          "usage: faultline_bench [--quick] [--only mm1|retry|datatier|hold|memory] [--repeat N] [--format table|json]\n"
          "                       [--shared DIR] [--baseline OTHER_faultline_bench [--rounds N]]\n\n"
          "  --quick    10x smaller sizes (a smoke run; ratios are less meaningful)\n"
          "  --repeat   runs of each C++ measurement, alternated, fastest kept (default 3);\n"
          "             SimPy (slow, and its spread is small next to the ratio) and the memory runs go once\n"
          "  --only     run one group\n"
          "  --shared   path to shared/bench (default: found next to the project)\n"
          "  --baseline another build's faultline_bench (say, from before a change): M/M/1, the retry\n"
          "             model and the hold model run alternated with it, --rounds pairs each (default 15);\n"
          "             the ratio is the median of the paired rate ratios, judged against >= 0.95x\n\n"
          "Groups: baseline (with --baseline only), datatier-parts (with --only only: the data-tier model\n"
          "without its caches, without its queues, without either; what one more cache read or queue hop costs),\n"
          "mm1 (M/M/1, rho 0.9, 10^7 customers, vs the hand-written C++ loop),\n"
          "retry (the retry model of retry_simpy2.py, 1000 s, vs SimPy 2 from python3-simpy),\n"
          "datatier (20 services with caches, queues and an autoscaler, 300 s, events/s vs the retry model's),\n"
          "hold (engine alone, 10^3 vs 10^6 events pending), memory (retry model, 10x the duration).\n"
          "`faultline_bench --child yaml 300` prints the data-tier model's scenario.\n");
      return 0;
    } else {
      std::fprintf(stderr, "unknown argument %s (see --help)\n", a.c_str());
      return 2;
    }
  }
  const double scale = o.quick ? 0.1 : 1.0;
  const std::string self = self_path();
  const std::string shared = find_shared(o);
  auto want = [&](const char* group) { return o.only.empty() || o.only == group; };
  auto note = [&](const std::string& s) {
    if (o.format == "table") std::fprintf(stderr, "bench: %s\n", s.c_str());
  };
  std::vector<Row> rows;

  if (want("mm1")) {
    const double customers = 1e7 * scale;
    note("M/M/1, " + human(customers) + " customers");
    Row f{"M/M/1 rho=0.9", "faultline", {}, 0, "", ""};
    Row l{"M/M/1 rho=0.9", "hand-written C++ loop (-O2)", {}, 0, "", ""};
    std::string bin;
    if (!shared.empty()) {
      bin = (fs::temp_directory_path() / "faultline_mm1_limit").string();
      const std::string cc = "g++ -std=c++20 -O2 -o " + bin + " " + shared + "/limit/mm1_limit.cpp";
      note("compiling the reference loop: " + cc);
      if (std::system(cc.c_str()) != 0) {
        l.m.error = "could not compile " + shared + "/limit/mm1_limit.cpp";
        bin.clear();
      }
    } else {
      l.m.error = "shared/bench not found (use --shared)";
    }
    note("M/M/1: " + std::to_string(o.repeat) + " runs each, alternated");
    std::vector<std::vector<std::string>> argvs = {{self, "--child", "mm1", std::to_string(customers)}};
    if (!bin.empty()) argvs.push_back({bin, "--customers", std::to_string(static_cast<long long>(customers))});
    const auto best = fastest_of(o.repeat, argvs);
    f.m = best[0];
    if (best.size() > 1) l.m = best[1];
    if (l.m.result.contains("customers_per_s")) l.m.result["rate"] = l.m.result["customers_per_s"];
    if (num(l.m.result, "rate") > 0) {
      const double r = num(f.m.result, "rate") / num(l.m.result, "rate");
      f.judge(r, ">= 0.5x", r >= 0.5);
    }
    rows.push_back(f);
    rows.push_back(l);
  }

  if (want("retry")) {
    const double duration = 1000 * scale;
    note("retry model, " + std::to_string(static_cast<int>(duration)) + " s: faultline");
    Row f{"retry model", "faultline", fastest_of(o.repeat, {{self, "--child", "retry", std::to_string(duration)}})[0],
          0, "", ""};
    Row s{"retry model", "SimPy 2 (python3-simpy)", {}, 0, "", ""};
    if (!shared.empty() && fs::exists("/usr/bin/python3")) {
      note("retry model: SimPy 2 (this takes a while)");
      s.m = spawn({"/usr/bin/python3", shared + "/simpy/retry_simpy2.py", "--duration", std::to_string(duration)});
      if (s.m.result.contains("operations_per_s_wall")) {
        s.m.result["rate"] = s.m.result["operations_per_s_wall"];
        s.m.result["goodput_per_s"] = s.m.result["client"]["goodput_per_s"];
        s.m.result["amplification"] = s.m.result["client"]["amplification"];
        s.m.result["rejected"] = s.m.result["service"]["rejected"];
      }
    } else {
      s.m.error = "no shared/bench or /usr/bin/python3";
    }
    if (num(s.m.result, "rate") > 0) {
      const double r = num(f.m.result, "rate") / num(s.m.result, "rate");
      f.judge(r, ">= 30x", r >= 30);
    }
    rows.push_back(f);
    rows.push_back(s);
  }

  if (want("datatier")) {
    // Judged on events/s against the retry model's (the bar: at least half).
    const double duration = 300 * scale;
    note("data-tier model: 20 services, caches, queues, an autoscaler, " + std::to_string(static_cast<int>(duration)) +
         " s, alternated with the retry model");
    const auto best = fastest_of(o.repeat, {{self, "--child", "datatier", std::to_string(duration)},
                                            {self, "--child", "retry", std::to_string(duration)}});
    Row d{"data tier, 20 services", "faultline", best[0], 0, "", ""};
    Row r{"retry model (same run)", "faultline", best[1], 0, "", ""};
    if (num(r.m.result, "events_per_s") > 0) {
      const double x = num(d.m.result, "events_per_s") / num(r.m.result, "events_per_s");
      d.judge(x, ">= 0.5x retry ev/s", x >= 0.5);
    }
    rows.push_back(d);
    rows.push_back(r);
  }

  std::vector<std::string> footnotes;  // printed under the table
  if (o.only == "datatier-parts") {  // only on request: where the data tier's time goes
    const double duration = 300 * scale;
    note("data-tier model with parts taken out: 4 variants, alternated");
    const std::vector<std::pair<const char*, const char*>> variants = {{"data tier, all parts", "datatier"},
                                                                       {"  without caches", "datatier-nocache"},
                                                                       {"  without queues", "datatier-noqueue"},
                                                                       {"  without either", "datatier-plain"}};
    std::vector<std::vector<std::string>> argvs;
    for (const auto& v : variants) argvs.push_back({self, "--child", v.second, std::to_string(duration)});
    const auto best = fastest_of(o.repeat, argvs);
    for (std::size_t i = 0; i < variants.size(); ++i) rows.push_back(Row{variants[i].first, "faultline", best[i], 0, "", ""});
    auto ns_per_event = [](const json& r) { return num(r, "loop_s") * 1e9 / std::max(1.0, num(r, "events")); };
    // What one more event of a part costs: the time it adds over the events it adds.
    auto marginal = [&](const json& with, const json& without) {
      const double events = num(with, "events") - num(without, "events");
      return events > 0 ? (num(with, "loop_s") - num(without, "loop_s")) * 1e9 / events : 0.0;
    };
    const json& all = best[0].result;
    const json& nocache = best[1].result;
    const json& noqueue = best[2].result;
    const json& plain = best[3].result;
    // In the first row's result too, so --format json carries them.
    json& parts = rows[rows.size() - variants.size()].m.result;
    parts["ns_per_event"] = ns_per_event(all);
    parts["ns_per_event_without_parts"] = ns_per_event(plain);
    parts["ns_per_cache_read"] = marginal(noqueue, plain);
    parts["ns_per_queue_hop"] = marginal(nocache, plain);
    char line[256];
    std::snprintf(line, sizeof line,
                  "per event: %.0f ns in the whole model, %.0f ns without caches and queues; one more cache read "
                  "%.0f ns, one more queue hop %.0f ns",
                  num(parts, "ns_per_event"), num(parts, "ns_per_event_without_parts"), num(parts, "ns_per_cache_read"),
                  num(parts, "ns_per_queue_hop"));
    footnotes.push_back(line);
  }

  if (want("hold")) {
    const double events = 2e7 * scale;
    note("hold model: 10^3 and 10^6 pending");
    Row small{"hold, 10^3 pending", "faultline engine", {}, 0, "", ""};
    Row big{"hold, 10^6 pending", "faultline engine", {}, 0, "", ""};
    const auto best = fastest_of(o.repeat, {{self, "--child", "hold", "1000", std::to_string(events)},
                                            {self, "--child", "hold", "1000000", std::to_string(events)}});
    small.m = best[0];
    big.m = best[1];
    if (num(small.m.result, "rate") > 0) {
      const double r = num(big.m.result, "rate") / num(small.m.result, "rate");
      big.judge(r, ">= 0.5x of 10^3", r >= 0.5);
    }
    rows.push_back(small);
    rows.push_back(big);
  }

  if (want("memory")) {
    const double duration = 200 * scale;
    note("memory: retry model, 1x and 10x the duration");
    Row one{"retry model " + std::to_string(static_cast<int>(duration)) + " s", "faultline",
            spawn({self, "--child", "retry", std::to_string(duration)}), 0, "", ""};
    Row ten{"retry model " + std::to_string(static_cast<int>(duration * 10)) + " s", "faultline",
            spawn({self, "--child", "retry", std::to_string(duration * 10)}), 0, "", ""};
    if (one.m.rss_mib > 0) {
      const double r = ten.m.rss_mib / one.m.rss_mib;
      ten.judge(r, "RSS < 1.2x", r < 1.2);
    }
    rows.push_back(one);
    rows.push_back(ten);
  }

  if (!o.baseline.empty() && want("baseline")) {  // only on request: paired against another build
    struct Case {
      const char* name;
      std::vector<std::string> args;
    };
    const std::vector<Case> cases = {
        {"M/M/1 vs baseline", {"--child", "mm1", std::to_string(3e6 * scale)}},
        {"retry vs baseline", {"--child", "retry", std::to_string(1000 * scale)}},
        {"hold 10^3 vs baseline", {"--child", "hold", "1000", std::to_string(2e7 * scale)}},
    };
    for (const Case& c : cases) {
      note(std::string(c.name) + ": " + std::to_string(o.rounds) + " pairs, alternated with " + o.baseline);
      std::vector<std::string> mine{self}, theirs{o.baseline};
      mine.insert(mine.end(), c.args.begin(), c.args.end());
      theirs.insert(theirs.end(), c.args.begin(), c.args.end());
      const Paired p = paired(o.rounds, mine, theirs);
      Row row{c.name, "faultline / baseline", {}, 0, "", ""};
      if (!p.error.empty() || p.ratios.empty()) {
        row.m.error = p.error.empty() ? "no rates" : p.error;
      } else {
        row.m = fastest(p.a_runs);
        row.judge(p.median(), ">= 0.95x paired", p.median() >= 0.95);
        row.m.result["paired_min"] = p.ratios.front();
        row.m.result["paired_max"] = p.ratios.back();
        row.m.result["pairs"] = p.ratios.size();  // rounds with a rate on both sides
      }
      rows.push_back(row);
    }
  }

  if (o.format == "json") {
    json out = json::array();
    for (const auto& r : rows) {
      out.push_back(json{{"name", r.name}, {"engine", r.engine}, {"result", r.m.result}, {"peak_rss_mib", r.m.rss_mib},
                         {"ratio", r.ratio}, {"target", r.target}, {"verdict", r.verdict}, {"error", r.m.error}});
    }
    std::printf("%s\n", out.dump(1).c_str());
    return 0;
  }
  std::printf("%-22s %-28s %16s %14s %10s %8s %-16s %s\n", "model", "engine", "customers|ops/s", "events/s",
              "peak RSS", "ratio", "target", "");
  for (const auto& r : rows) {
    if (!r.m.error.empty()) {
      std::printf("%-22s %-28s  (%s)\n", r.name.c_str(), r.engine.c_str(), r.m.error.c_str());
      continue;
    }
    char ratio[32] = "";
    if (r.ratio > 0) std::snprintf(ratio, sizeof ratio, "%.2fx", r.ratio);
    std::printf("%-22s %-28s %16s %14s %7.1f MiB %8s %-16s %s\n", r.name.c_str(), r.engine.c_str(),
                human(num(r.m.result, "rate")).c_str(), human(num(r.m.result, "events_per_s")).c_str(), r.m.rss_mib,
                ratio, r.target.c_str(), r.verdict.c_str());
  }
  for (const auto& f : footnotes) std::printf("%s\n", f.c_str());
  for (const auto& r : rows) {  // the paired comparisons' spread
    if (!r.m.error.empty() || !r.m.result.contains("paired_min")) continue;
    std::printf("%-22s paired median %.3f (range %.3f..%.3f, %.0f pairs)\n", r.name.c_str(), r.ratio,
                num(r.m.result, "paired_min"), num(r.m.result, "paired_max"), num(r.m.result, "pairs"));
  }
  // The retry model's figures side by side: the same semantics should agree within a few %.
  for (std::size_t i = 0; i + 1 < rows.size(); ++i) {
    if (rows[i].name != "retry model" || rows[i + 1].name != "retry model") continue;
    const auto& a = rows[i].m.result;
    const auto& b = rows[i + 1].m.result;
    if (a.empty() || b.empty()) continue;
    std::printf("\nretry model outputs   %12s %12s\n", "faultline", "SimPy 2");
    std::printf("  goodput/s           %12.1f %12.1f\n", num(a, "goodput_per_s"), num(b, "goodput_per_s"));
    std::printf("  amplification       %12.3f %12.3f\n", num(a, "amplification"), num(b, "amplification"));
    std::printf("  service rejected    %12.0f %12.0f\n", num(a, "rejected"), num(b, "rejected"));
  }
  return 0;
}
