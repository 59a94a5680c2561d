#include "faultline/analysis/stability_map.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <limits>
#include <mutex>
#include <optional>
#include <regex>
#include <thread>

#include "faultline/faultline.hpp"
#include "faultline/simulation.hpp"
#include "faultline/scenario/units.hpp"
#include "../scenario/overrides.hpp"

namespace faultline::analysis {

namespace {

constexpr double kNoFigure = std::numeric_limits<double>::quiet_NaN();  // a cell with no runs to average

LoadFailure bad_param(const std::string& text, const std::string& message) {
  LoadError e;
  e.file = "--param " + text;
  e.message = message;
  return LoadFailure({e});
}

/// Shortest text that reads back as the same double.
std::string num(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

/// One end of LOW..HIGH: its value in the parameter's unit and that unit.
bool parse_end(const std::string& t, double& value, std::string& unit, bool& integer) {
  if (t.find('/') != std::string::npos) {
    const auto r = units::parse_rate(t);
    if (!r.value) return false;
    value = *r.value;
    unit = "/s";
    integer = false;
    return true;
  }
  if (!t.empty() && std::isalpha(static_cast<unsigned char>(t.back())) && t != "inf" && t != "nan") {
    const auto d = units::parse_duration(t);
    if (!d.value) return false;
    value = d.value->seconds() * 1000.0;
    unit = "ms";
    integer = false;
    return true;
  }
  double v = 0;
  const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
  if (r.ec != std::errc() || r.ptr != t.data() + t.size() || !std::isfinite(v)) return false;
  value = v;
  unit = "";
  integer = v == std::floor(v) && t.find('.') == std::string::npos && t.find('e') == std::string::npos;
  return true;
}

/// faults[i].key or faults.i.key -> (i, key); false for other paths.
bool fault_path(const std::string& path, std::size_t& index, std::string& key) {
  static const std::regex re(R"(^faults(?:\[(\d+)\]|\.(\d+))\.([A-Za-z_]+)$)");
  std::smatch m;
  if (!std::regex_match(path, m, re)) return false;
  index = std::stoul(m[1].matched ? m[1].str() : m[2].str());
  key = m[3].str();
  return true;
}

/// clients.NAME.rate -> NAME; empty for other paths.
std::string rate_client(const std::string& path) {
  static const std::regex re(R"(^clients\.([A-Za-z_][A-Za-z0-9_-]*)\.rate$)");
  std::smatch m;
  return std::regex_match(path, m, re) ? m[1].str() : "";
}

std::string flow(const YAML::Node& node) {
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

}  // namespace

MapParam parse_map_param(const std::string& text) {
  const auto eq = text.find('=');
  const auto dots = text.find("..", eq == std::string::npos ? 0 : eq);
  if (eq == std::string::npos || eq == 0 || dots == std::string::npos) {
    throw bad_param(text, "expected PATH=LOW..HIGH, e.g. clients.web.rate=100/s..1500/s or faults[0].add=0ms..80ms");
  }
  MapParam p;
  p.path = text.substr(0, eq);
  const std::string low = text.substr(eq + 1, dots - eq - 1), high = text.substr(dots + 2);
  std::string unit_high;
  bool int_low = false, int_high = false;
  if (!parse_end(low, p.low, p.unit, int_low) || !parse_end(high, p.high, unit_high, int_high)) {
    throw bad_param(text, "LOW and HIGH must be numbers, rates (100/s) or durations (40ms)");
  }
  if (p.unit != unit_high) throw bad_param(text, "LOW and HIGH must be of the same kind (both rates, both durations, or both numbers)");
  if (!(p.low < p.high)) throw bad_param(text, "LOW must be below HIGH");
  if (p.low < 0) throw bad_param(text, "LOW must not be negative");
  // Counts (workers, attempts, users, queue places) are whole numbers; probabilities and multipliers are not.
  auto ends_with = [&](const std::string& tail) {
    return p.path.size() >= tail.size() && p.path.compare(p.path.size() - tail.size(), tail.size(), tail) == 0;
  };
  const bool counts = ends_with(".workers") || ends_with(".max_attempts") || ends_with(".users") || ends_with(".capacity");
  p.integer = counts && int_low && int_high;
  return p;
}

std::string format_value(const MapParam& p, double value) {
  if (p.integer) return num(std::round(value));
  return num(value) + p.unit;
}

std::vector<StepPlan> plan_steps(const MapParam& p, int steps, double hold_s) {
  std::vector<double> values;
  for (int i = 0; i < steps; ++i) {
    double v = steps == 1 ? p.low : p.low + (p.high - p.low) * i / (steps - 1);
    v = p.integer ? std::round(v) : std::round(v * 1e6) / 1e6;  // 10ms, not 10.000000000000002ms
    values.push_back(v);
  }
  std::vector<StepPlan> plan;
  auto add = [&](bool up, double v) {
    StepPlan s;
    s.up = up;
    s.value = v;
    s.start_s = static_cast<double>(plan.size()) * hold_s;
    s.end_s = s.start_s + hold_s;
    s.measure_from_s = s.start_s + hold_s / 2;
    plan.push_back(s);
  };
  for (double v : values) add(true, v);
  for (int i = steps - 2; i >= 0; --i) add(false, values[static_cast<std::size_t>(i)]);
  return plan;
}

std::vector<StepSample> measure_steps(const TimeSeries& ts, const std::vector<StepPlan>& plan) {
  std::vector<const Series*> goodput, p99;
  struct EdgeSeries {
    const Series *attempts = nullptr, *retries = nullptr, *hedges = nullptr;
  };
  std::vector<std::pair<std::string, EdgeSeries>> edges;
  std::vector<std::string> client_names;
  for (const auto& s : ts.series) {
    if (s.entity.rfind("clients.", 0) == 0) {
      if (s.metric == "goodput_per_s") {
        goodput.push_back(&s);
        client_names.push_back(s.entity.substr(8));
      }
      if (s.metric == "p99_ms") p99.push_back(&s);
    } else if (s.entity.rfind("edges.", 0) == 0) {
      auto it = std::find_if(edges.begin(), edges.end(), [&](const auto& e) { return e.first == s.entity; });
      if (it == edges.end()) it = edges.insert(edges.end(), {s.entity, EdgeSeries{}});
      if (s.metric == "attempts_per_s") it->second.attempts = &s;
      if (s.metric == "retries_per_s") it->second.retries = &s;
      if (s.metric == "hedges_per_s") it->second.hedges = &s;
    }
  }
  // An edge "edges.FROM->TO" leaves a client when FROM is a client's name.
  std::vector<bool> from_client;
  for (const auto& e : edges) {
    const std::string from = e.first.substr(6, e.first.find("->") - 6);
    from_client.push_back(std::find(client_names.begin(), client_names.end(), from) != client_names.end());
  }
  auto at = [](const Series* s, std::size_t i) {
    return s == nullptr || i >= s->values.size() || std::isnan(s->values[i]) ? 0.0 : s->values[i];
  };
  std::vector<StepSample> out;
  for (const auto& step : plan) {
    double good = 0, p99_sum = 0;
    std::vector<double> attempts(edges.size(), 0.0);
    double operations = 0;  // first attempts on the clients' own edges
    int n = 0, n99 = 0;
    for (std::size_t i = 0; i < ts.times_s.size(); ++i) {
      const double end = ts.times_s[i], start = i == 0 ? 0.0 : ts.times_s[i - 1];
      if (start < step.measure_from_s - 1e-9 || end > step.end_s + 1e-9) continue;
      ++n;
      for (const auto* s : goodput) good += at(s, i);
      for (std::size_t e = 0; e < edges.size(); ++e) {
        const auto& es = edges[e].second;
        attempts[e] += at(es.attempts, i);
        if (from_client[e]) operations += at(es.attempts, i) - at(es.retries, i) - at(es.hedges, i);
      }
      double worst = kNoFigure;
      for (const auto* s : p99) {
        if (i < s->values.size() && !std::isnan(s->values[i])) worst = std::isnan(worst) ? s->values[i] : std::max(worst, s->values[i]);
      }
      if (!std::isnan(worst)) {
        p99_sum += worst;
        ++n99;
      }
    }
    StepSample m;
    m.goodput_per_s = n > 0 ? good / n : kNoFigure;
    m.p99_ms = n99 > 0 ? p99_sum / n99 : kNoFigure;
    m.amplification = kNoFigure;
    for (std::size_t e = 0; e < edges.size() && operations > 0; ++e) {
      m.amplification = std::isnan(m.amplification) ? attempts[e] / operations : std::max(m.amplification, attempts[e] / operations);
    }
    out.push_back(m);
  }
  return out;
}

StabilityMap build_map(const MapParam& p, const std::vector<StepPlan>& plan, double hold_s,
                       const std::vector<std::vector<StepSample>>& per_seed) {
  StabilityMap m;
  m.param = p.path;
  m.unit = p.unit;
  m.seeds = static_cast<int>(per_seed.size());
  m.hold_s = hold_s;
  auto column = [&](std::size_t i, double StepSample::*field) {
    std::vector<double> v;
    for (const auto& seed : per_seed) v.push_back(seed.at(i).*field);
    return v;
  };
  for (std::size_t i = 0; i < plan.size(); ++i) {
    MapStep s;
    s.up = plan[i].up;
    s.value = plan[i].value;
    s.goodput = interval(column(i, &StepSample::goodput_per_s));
    s.p99 = interval(column(i, &StepSample::p99_ms));
    s.amplification = interval(column(i, &StepSample::amplification));
    m.steps.push_back(s);
    if (std::isfinite(s.goodput.mean) && (i == 0 || s.goodput.mean > m.capacity_goodput)) {
      m.capacity_goodput = s.goodput.mean;
      m.capacity_value = s.value;
    }
  }
  // Hysteresis: the values climbed on the way up, each compared with its way down.
  // Usually the way down stays below (a load that collapsed the system); for a
  // parameter that adds capacity (workers) the way up stays below instead.
  enum class Side { none, down_below, up_below };
  std::vector<std::pair<double, Side>> by_value;  // ascending values of the way up
  for (std::size_t i = 0; i < plan.size(); ++i) {
    if (!plan[i].up) continue;
    Side side = Side::none;
    for (std::size_t j = 0; j < plan.size(); ++j) {
      if (plan[j].up || plan[j].value != plan[i].value) continue;
      const Interval d = paired_difference(column(j, &StepSample::goodput_per_s), column(i, &StepSample::goodput_per_s));
      const double larger = std::max(m.steps[i].goodput.mean, m.steps[j].goodput.mean);
      if (d.n > 0 && d.mean - d.half_width > 0 && d.mean >= kHysteresisShare * larger) side = Side::down_below;
      if (d.n > 0 && d.mean + d.half_width < 0 && -d.mean >= kHysteresisShare * larger) side = Side::up_below;
    }
    by_value.emplace_back(plan[i].value, side);
  }
  for (std::size_t i = 0; i < by_value.size(); ++i) {
    if (by_value[i].second == Side::none) continue;
    if (i > 0 && by_value[i - 1].second == by_value[i].second) {
      m.hysteresis.back().to = by_value[i].first;
    } else {
      m.hysteresis.push_back({by_value[i].first, by_value[i].first, by_value[i].second == Side::down_below});
    }
  }
  return m;
}

std::vector<Override> map_base_overrides(const MapOptions& o, const std::vector<StepPlan>& plan) {
  const MapParam& p = o.param;
  std::vector<Override> out = o.sets;
  out.push_back({"simulation.duration", num(plan.back().end_s) + "s"});
  out.push_back({"simulation.warmup", "0s"});
  // The file with the user's --set applied: a --set on a fault must reach the run.
  YAML::Node root = YAML::LoadFile(o.file);
  std::vector<LoadError> ignored;  // load_spec reports them, with the file's locations
  scenario::apply_overrides(root, o.sets, ignored);
  const YAML::Node file_faults = root["faults"];
  std::size_t index = 0;
  std::string key;
  const bool fault_param = fault_path(p.path, index, key);
  if (fault_param && (!file_faults || !file_faults.IsSequence() || index >= file_faults.size())) {
    throw bad_param(p.path, "no fault " + std::to_string(index) + " in " + o.file);
  }
  // The subject fault is injected step by step; the others stay only with --with-faults.
  YAML::Node faults(YAML::NodeType::Sequence);
  if (o.with_faults && file_faults && file_faults.IsSequence()) {
    for (std::size_t k = 0; k < file_faults.size(); ++k) {
      if (!(fault_param && k == index)) faults.push_back(YAML::Clone(file_faults[k]));
    }
  }
  out.push_back({"faults", flow(faults)});
  if (const std::string client = rate_client(p.path); !client.empty()) {
    if (!root["clients"] || !root["clients"][client]) {
      throw bad_param(p.path, "no client named `" + client + "` in " + o.file);
    }
    // The map drives the rate: the client's own schedule and bursts would fight it.
    out.push_back({"clients." + client + ".schedule", "[]"});
    out.push_back({"clients." + client + ".bursts", "[]"});
  }
  return out;
}

namespace {

/// How one seed's run applies a step's value: `Simulation::set`, or for a
/// fault's size the fault re-injected with that size (the previous one cleared).
class StepDriver {
 public:
  StepDriver(const MapOptions& o, const std::vector<StepPlan>& plan) : param_(o.param) {
    std::size_t index = 0;
    std::string key;
    if (!fault_path(o.param.path, index, key)) return;
    fault_ = true;
    // Each step's fault as the loader reads it (validated, targets resolved).
    for (const auto& step : plan) {
      std::vector<Override> one = o.sets;
      one.push_back({"faults[" + std::to_string(index) + "]." + key, format_value(o.param, step.value)});
      FaultSpec f = load_spec(o.file, one).faults.at(index);
      f.at = Duration::zero();
      f.duration = Duration::infinite();  // until the next step clears it
      step_faults_.push_back(f);
    }
  }

  /// Applies step `i` now; the error message of Simulation::set, if any.
  std::optional<std::string> apply(Simulation& sim, const std::vector<StepPlan>& plan, std::size_t i) {
    if (!fault_) return sim.set(param_.path, format_value(param_, plan[i].value));
    if (active_) sim.clear_fault(*active_);
    active_ = sim.inject_fault(step_faults_[i]);
    return std::nullopt;
  }

 private:
  MapParam param_;
  bool fault_ = false;
  std::vector<FaultSpec> step_faults_;
  std::optional<std::uint32_t> active_;
};

/// One seed: one continuous run, each step's value applied at its start.
std::vector<StepSample> run_staircase(const Spec& spec, const MapOptions& o, const std::vector<StepPlan>& plan) {
  StepDriver driver(o, plan);
  Simulation sim(spec);
  for (std::size_t i = 0; i < plan.size(); ++i) {
    sim.advance_to(Time::zero() + Duration::s(plan[i].start_s));
    if (auto error = driver.apply(sim, plan, i)) throw bad_param(o.param.path, *error);
  }
  sim.advance_to(sim.end());
  return measure_steps(sim.finish().timeseries, plan);
}

}  // namespace

StabilityMap stability_map(const MapOptions& o) {
  if (o.steps < 2) throw bad_param(o.param.path, "--steps must be at least 2");
  const auto plan = plan_steps(o.param, o.steps, o.hold_s);
  // The parameter's kind first, on its own: one clear error, not one per step.
  if (!rate_client(o.param.path).empty() && o.param.unit != "/s") {
    throw bad_param(o.param.path, "a client's rate is stepped in rates: write LOW..HIGH as 100/s..1500/s");
  }
  const Spec first = load_spec(o.file, map_base_overrides(o, plan));  // bad input throws before anything runs
  {
    // The parameter must be one the run can change: try its first two values on a run not yet begun.
    StepDriver probe(o, plan);
    Simulation sim(first);
    for (std::size_t i = 0; i < 2; ++i) {
      if (auto error = probe.apply(sim, plan, i)) {
        throw bad_param(o.param.path, *error + " (a map steps any numeric path that can change mid-run, or a fault's size faults[i].KEY)");
      }
    }
  }
  std::vector<Spec> specs;
  for (int s = 0; s < o.seeds; ++s) {
    Spec spec = first;
    spec.simulation.seed = first.simulation.seed + static_cast<std::uint64_t>(s);
    specs.push_back(std::move(spec));
  }
  std::vector<std::vector<StepSample>> per_seed(specs.size());
  std::atomic<std::size_t> next{0};
  std::atomic<int> done{0};
  std::mutex progress;
  auto worker = [&] {
    for (std::size_t i = next++; i < specs.size(); i = next++) {
      per_seed[i] = run_staircase(specs[i], o, plan);
      const int d = ++done;
      if (o.on_progress) {
        std::lock_guard<std::mutex> lock(progress);
        o.on_progress(d, static_cast<int>(specs.size()));
      }
    }
  };
  std::vector<std::thread> pool;
  const int jobs = std::max(1, std::min<int>(o.jobs, static_cast<int>(specs.size())));
  for (int j = 0; j < jobs; ++j) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  return build_map(o.param, plan, o.hold_s, per_seed);
}

}  // namespace faultline::analysis
