#include "faultline/live/live_run.hpp"

#include <algorithm>
#include <cmath>

#include "faultline/analysis/findings.hpp"
#include "faultline/live/record.hpp"
#include "faultline/scenario/names.hpp"
#include "faultline/simulation.hpp"
#include "live_views.hpp"

namespace faultline::live {

using nlohmann::json;

namespace {

std::string fault_target(const Spec& spec, const FaultSpec& f) {
  auto service = [&](int i) { return i >= 0 ? spec.services[static_cast<std::size_t>(i)].name : std::string("?"); };
  if (f.kind == FaultSpec::Kind::partition || f.kind == FaultSpec::Kind::network_delay) {
    const std::string from = f.from < 0 ? "?"
                             : f.from_client ? spec.clients[static_cast<std::size_t>(f.from)].name
                                             : service(f.from);
    return from + "->" + service(f.to);
  }
  if (f.kind == FaultSpec::Kind::cache_flush) {  // [data-tier]
    return f.target >= 0 ? spec.caches[static_cast<std::size_t>(f.target)].name : std::string("?");
  }
  return service(f.target) + (f.replica >= 0 ? "[" + std::to_string(f.replica) + "]" : "");
}

json fault_summary(const FaultSpec& f) {
  json j = {{"kind", fault_kind_name(f.kind)}};
  if (!f.duration.is_infinite()) j["duration_s"] = f.duration.seconds();
  if (f.add > Duration::zero()) j["add_ms"] = f.add.millis();
  if (f.multiply != 1.0) j["multiply"] = f.multiply;
  if (f.probability > 0) j["probability"] = f.probability;
  if (f.kind == FaultSpec::Kind::capacity) j["workers"] = f.workers;
  return j;
}

Time end_of(Time start, Duration d) { return d.is_infinite() ? Time::max() : start + d; }

}  // namespace

LiveRun::LiveRun(Spec spec, std::string scenario_text, Workshop workshop, double speed)
    : spec_(std::move(spec)),
      scenario_text_(std::move(scenario_text)),
      workshop_(std::move(workshop)),
      sim_(std::make_unique<Simulation>(spec_)),
      speed_(speed) {
  // Scheduled faults take ids 0..n-1 in file order (the Simulation's numbering).
  for (std::size_t i = 0; i < spec_.faults.size(); ++i) {
    const FaultSpec& f = spec_.faults[i];
    const Time start = Time::zero() + f.at;
    faults_.push_back(LiveFault{static_cast<std::uint32_t>(i), fault_kind_name(f.kind), fault_target(spec_, f),
                                "scheduled", start, end_of(start, f.duration), fault_summary(f)});
  }
}

LiveRun::~LiveRun() = default;

const TimeSeries& LiveRun::series() const { return result_ ? result_->timeseries : sim_->series(); }

void LiveRun::start(WallClock::time_point now) { rebase(now); }

void LiveRun::rebase(WallClock::time_point now) {
  anchor_wall_ = now;
  anchor_sim_ = sim_time_;
}

void LiveRun::advance(Time to) {
  const Time end = Time::zero() + spec_.simulation.duration;
  to = std::min(to, end);
  if (to <= sim_time_) return;
  sim_->advance_to(to);
  sim_time_ = to;
  show_due_hints();
}

double LiveRun::lag_s(WallClock::time_point now) const {
  if (paused_ || done()) return 0;
  const double wall = std::chrono::duration<double>(now - anchor_wall_).count();
  const double target = std::min(anchor_sim_.seconds() + wall * speed_, spec_.simulation.duration.seconds());
  return std::max(0.0, target - sim_time_.seconds());
}

bool LiveRun::tick(WallClock::time_point now, Duration max_step) {
  if (!done() && !paused_) {
    const double wall = std::chrono::duration<double>(now - anchor_wall_).count();
    const Time target = anchor_sim_ + Duration::s(wall * speed_);
    advance(std::min(target, sim_time_ + max_step));
    // Behind by more than one sample interval: the machine cannot keep up.
    lagging_ = lag_s(now) > spec_.simulation.sample_interval.seconds();
    if (sim_time_ >= Time::zero() + spec_.simulation.duration) finish();
  }
  const std::size_t samples = series().times_s.size();
  const bool fresh = samples != samples_seen_;
  samples_seen_ = samples;
  return fresh;
}

void LiveRun::show_due_hints() {
  for (std::size_t i = 0; i < workshop_.hints.size(); ++i) {
    const Hint& h = workshop_.hints[i];
    if (!h.at || Time::zero() + *h.at > sim_time_) continue;
    const bool shown = std::any_of(hints_shown_.begin(), hints_shown_.end(), [&](const auto& s) { return s.index == i; });
    if (!shown) hints_shown_.push_back({i, Time::zero() + *h.at});
  }
}

void LiveRun::finish() {
  if (result_) return;
  result_ = std::make_unique<RunResult>(sim_->finish());
  paused_ = false;
  lagging_ = false;
}

ControlOutcome LiveRun::control(const json& body, bool instructor) {
  if (!instructor) {
    // Without the token only a participant's signed `set` is possible.
    const bool participant = body.is_object() && body.value("action", json()) == "set" && body.contains("name");
    if (!participant) {
      return {401, {{"error", "this action needs the instructor's token (Authorization: Bearer TOKEN)"}}};
    }
  }
  Control c;
  try {
    c = parse_control(body, scenario_text_, spec_.source_file);
  } catch (const ControlError& e) {
    return {400, {{"error", e.message}, {"field", e.field}}};
  } catch (const std::exception& e) {  // a body shaped in a way no check foresaw: still the caller's mistake
    return {400, {{"error", std::string("body: ") + e.what()}, {"field", "body"}}};
  }
  if (!instructor) {
    if (c.name.empty()) return {400, {{"error", "name: type your name; participants' changes are signed"}, {"field", "name"}}};
    const auto& allowed = workshop_.participant_controls;
    if (std::find(allowed.begin(), allowed.end(), c.path) == allowed.end()) {
      std::string list;
      for (const auto& p : allowed) list += (list.empty() ? "" : ", ") + p;
      return {403, {{"error", "path: participants may set only: " + (list.empty() ? std::string("(none)") : list)},
                    {"field", "path"}}};
    }
  }
  return apply(c, c.name.empty() ? "instructor" : c.name);
}

std::optional<std::string> LiveRun::apply_to_simulation(const Control& c, json& result) {
  switch (c.kind) {
    case Control::Kind::inject: {
      std::uint32_t id = 0;
      try {
        id = sim_->inject_fault(c.parsed_fault);
      } catch (const std::invalid_argument& e) {
        return std::string(e.what());
      }
      faults_.push_back(LiveFault{id, fault_kind_name(c.parsed_fault.kind), fault_target(spec_, c.parsed_fault),
                                  "injected", sim_time_, end_of(sim_time_, c.parsed_fault.duration), c.fault});
      result["id"] = id;
      return std::nullopt;
    }
    case Control::Kind::clear: {
      if (!sim_->clear_fault(c.id)) return "id: no active fault " + std::to_string(c.id);
      for (auto& f : faults_) {  // one not yet begun never begins: an empty window
        if (f.id == c.id) f.end = std::max(f.start, std::min(f.end, sim_time_));
      }
      return std::nullopt;
    }
    case Control::Kind::set: return sim_->set(c.path, c.value);
    default: return std::nullopt;
  }
}

ControlOutcome LiveRun::apply(const Control& c, const std::string& by) {
  if (done() && (changes_run(c.kind) || c.kind == Control::Kind::step || c.kind == Control::Kind::pause ||
                 c.kind == Control::Kind::resume || c.kind == Control::Kind::speed)) {
    return {409, {{"error", "the run is over; start it again to act on it"}}};
  }
  json result = json::object();
  switch (c.kind) {
    case Control::Kind::inject:
    case Control::Kind::clear:
    case Control::Kind::set: {
      if (auto err = apply_to_simulation(c, result)) {
        // The model's messages start with the path; "expected" ones are about the value.
        const std::string field = c.kind == Control::Kind::clear    ? "id"
                                  : c.kind == Control::Kind::inject ? "fault"
                                  : err->find(": expected ") != std::string::npos ? "value"
                                                                                  : "path";
        return {400, {{"error", err->rfind(field, 0) == 0 ? *err : field + ": " + *err}, {"field", field}}};
      }
      break;
    }
    case Control::Kind::pause: paused_ = true; break;
    case Control::Kind::resume:
      paused_ = false;
      rebase(WallClock::now());
      break;
    case Control::Kind::step: {
      paused_ = true;
      const std::int64_t interval = spec_.simulation.sample_interval.count_ns();
      advance(Time::from_ns((sim_time_.ns() / interval + 1) * interval));
      if (sim_time_ >= Time::zero() + spec_.simulation.duration) finish();
      result["time_s"] = sim_time_.seconds();
      break;
    }
    case Control::Kind::speed:
      speed_ = c.speed;
      rebase(WallClock::now());
      break;
    case Control::Kind::hint: {
      std::size_t next = workshop_.hints.size();
      for (std::size_t i = 0; i < workshop_.hints.size() && next == workshop_.hints.size(); ++i) {
        const bool shown = std::any_of(hints_shown_.begin(), hints_shown_.end(), [&](const auto& s) { return s.index == i; });
        if (!shown) next = i;
      }
      if (next == workshop_.hints.size()) return {409, {{"error", "no hint left to show"}}};
      hints_shown_.push_back({next, sim_time_});
      result["hint"] = workshop_.hints[next].text;
      break;
    }
    case Control::Kind::reveal: revealed_ = true; break;
  }
  actions_.push_back(ActionEntry{actions_.size() + 1, sim_time_, c, by, result});
  json body = {{"ok", true}, {"time_s", sim_time_.seconds()}, {"seq", actions_.size()}};
  body.update(result);
  return {200, body};
}

std::vector<LiveFault> LiveRun::active_faults() const {
  std::vector<LiveFault> out;
  for (const auto& f : faults_) {
    if (f.start <= sim_time_ && sim_time_ < f.end) out.push_back(f);
  }
  return out;
}

json LiveRun::state() const {
  json s = views::entities(spec_, series());
  s["scenario"] = spec_.name;
  s["time_s"] = sim_time_.seconds();
  s["end_s"] = spec_.simulation.duration.seconds();
  s["interval_s"] = spec_.simulation.sample_interval.seconds();
  s["speed"] = speed_;
  s["paused"] = paused_;
  s["done"] = done();
  s["lagging"] = lagging_;
  s["lag_s"] = lag_s(WallClock::now());
  s["samples"] = series().times_s.size();
  s["sample_time_s"] = series().times_s.empty() ? 0.0 : series().times_s.back();
  json faults = json::array(), windows = json::array();
  for (const auto& f : faults_) {
    json j = {{"id", f.id}, {"kind", f.kind}, {"target", f.target}, {"source", f.source},
              {"start_s", f.start.seconds()}, {"end_s", f.end == Time::max() ? json() : json(f.end.seconds())},
              {"detail", f.detail}};
    if (f.start <= sim_time_ && f.start < f.end) windows.push_back(j);
    if (f.start <= sim_time_ && sim_time_ < f.end) faults.push_back(j);
  }
  s["faults"] = faults;
  s["fault_windows"] = windows;
  json actions = json::array();
  for (const auto& a : actions_) actions.push_back(views::action_json(a));
  s["actions"] = actions;
  json w = {{"present", workshop_.present}, {"title", workshop_.title}, {"briefing", workshop_.briefing},
            {"participant_controls", workshop_.participant_controls}, {"hints_total", workshop_.hints.size()},
            {"revealed", revealed_}};
  json hints = json::array();
  for (const auto& h : hints_shown_) hints.push_back({{"text", workshop_.hints[h.index].text}, {"time_s", h.at.seconds()}});
  w["hints"] = hints;
  if (revealed_ || done()) w["cause"] = workshop_.cause;  // hidden from the room until then
  s["workshop"] = w;
  if (revealed_ || done()) s["debrief"] = debrief();
  if (result_) s["fingerprint"] = views::hex(result_->engine.fingerprint);
  return s;
}

json LiveRun::history() const { return views::history(series()); }

json LiveRun::debrief() const {
  const TimeSeries& ts = series();
  json d;
  json trigger = json::array();
  for (const auto& f : faults_) {
    if (f.start > sim_time_ || f.start >= f.end) continue;
    trigger.push_back({{"id", f.id}, {"kind", f.kind}, {"target", f.target}, {"source", f.source},
                       {"start_s", f.start.seconds()}, {"end_s", f.end == Time::max() ? json() : json(f.end.seconds())}});
  }
  d["trigger"] = trigger;
  json timeline = json::array();
  for (const auto& a : actions_) {
    json j = views::action_json(a);
    const double t = a.at.seconds();
    j["goodput_before"] = views::total_goodput(spec_, ts, t - 10, t);
    j["goodput_after"] = views::total_goodput(spec_, ts, t + 5, t + 30);
    timeline.push_back(j);
  }
  d["timeline"] = timeline;
  // Findings: the final ones at the end; before it, those the time series supports.
  RunResult partial;
  const RunResult* r = result_.get();
  if (r == nullptr) {
    partial = views::partial_result(spec_, ts, sim_time_);
    for (const auto& f : faults_) {
      if (f.start <= sim_time_) {
        partial.faults.push_back({f.kind, f.target, f.start.seconds(), std::min(f.end, sim_time_).seconds()});
      }
    }
    analysis::find(partial);
    r = &partial;
  }
  json findings = json::array();
  for (const auto& f : r->findings) findings.push_back(f.text);
  d["findings"] = findings;
  d["verdict"] = r->verdict.state;
  d["final"] = result_ != nullptr;
  d["cause"] = workshop_.cause;
  d["text"] = workshop_.debrief;
  return d;
}

std::string LiveRun::metrics() const {
  return views::prometheus(spec_, series(), sim_time_.seconds(), speed_, paused_, lagging_,
                           active_faults().size(), actions_.size());
}

json LiveRun::record() const {
  json j;
  j["format"] = kRecordFormat;
  j["scenario_file"] = spec_.source_file;
  j["scenario_text"] = scenario_text_;
  j["speed"] = speed_;
  json actions = json::array();
  for (const auto& a : actions_) {
    json x = views::action_json(a);
    x["t_ns"] = a.at.ns();
    actions.push_back(x);
  }
  j["actions"] = actions;
  j["end_ns"] = sim_time_.ns();
  j["finished"] = done();
  if (result_) {
    j["fingerprint"] = views::hex(result_->engine.fingerprint);
    j["partial"] = result_->partial;
  }
  return j;
}

}  // namespace faultline::live
