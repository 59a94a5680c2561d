#pragma once
// One scenario played in real time: a Simulation paced to the wall clock, the
// actions applied to it (logged with their simulated time), the workshop state
// (hints shown, cause revealed) and the views the server and `watch` show.
// No networking here: the server (sim/live/server.cpp) and `watch` drive it.
#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "faultline/live/control.hpp"
#include "faultline/live/workshop.hpp"
#include "faultline/metrics/run_result.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {
class Simulation;
}

namespace faultline::live {

using WallClock = std::chrono::steady_clock;

/// An applied action, as shown and recorded.
struct ActionEntry {
  std::uint64_t seq = 0;
  Time at;                     // simulated time it was applied at
  Control control;
  std::string by;              // "instructor" or the participant's name
  nlohmann::json result;       // {"id": N} for inject, {} otherwise
};

/// A fault window the live run knows of: scheduled in the file or injected.
struct LiveFault {
  std::uint32_t id = 0;
  std::string kind, target, source;  // source: "scheduled" | "injected"
  Time start, end;                   // end == Time::max(): until the end of the run
  nlohmann::json detail;             // the fault as given (injected) or summarised
};

/// What an HTTP control call gets back: a status and a JSON body.
struct ControlOutcome {
  int status = 200;
  nlohmann::json body;
};

class LiveRun {
 public:
  /// `scenario_text` is the file's text (faults in control bodies are parsed against it).
  LiveRun(Spec spec, std::string scenario_text, Workshop workshop, double speed);
  ~LiveRun();
  LiveRun(const LiveRun&) = delete;
  LiveRun& operator=(const LiveRun&) = delete;

  /// Starts the wall clock: simulated time 0 is `now`.
  void start(WallClock::time_point now);
  /// Advances toward the paced time, by at most `max_step` of simulated time.
  /// Returns true when a sample interval completed (a new frame to send).
  bool tick(WallClock::time_point now, Duration max_step);
  /// The paced target minus where the simulation is (simulated seconds behind).
  double lag_s(WallClock::time_point now) const;
  bool lagging() const { return lagging_; }

  /// Validates and applies a control body. `instructor`: the token matched.
  ControlOutcome control(const nlohmann::json& body, bool instructor);
  /// Applies an already parsed control (watch keys, tests).
  ControlOutcome apply(const Control& c, const std::string& by);

  /// Ends the run where it is (Ctrl-C) or at its end; idempotent.
  void finish();
  bool done() const { return result_ != nullptr; }
  const RunResult* result() const { return result_.get(); }

  nlohmann::json state() const;     // GET /api/state, one WebSocket frame
  nlohmann::json history() const;   // every sample so far, for a viewer that joins late
  nlohmann::json debrief() const;   // timeline, actions with their effect, findings
  std::string metrics() const;      // GET /metrics (Prometheus text)
  nlohmann::json record() const;    // what --record writes; `faultline replay` reads it

  const Spec& spec() const { return spec_; }
  const Workshop& workshop() const { return workshop_; }
  const std::string& scenario_text() const { return scenario_text_; }
  const TimeSeries& series() const;
  const std::vector<ActionEntry>& actions() const { return actions_; }
  std::vector<LiveFault> active_faults() const;
  Time sim_time() const { return sim_time_; }
  double speed() const { return speed_; }
  bool paused() const { return paused_; }
  std::size_t hints_shown() const { return hints_shown_.size(); }

 private:
  void rebase(WallClock::time_point now);
  void advance(Time to);
  void show_due_hints();
  void note_fault_windows();
  std::optional<std::string> apply_to_simulation(const Control& c, nlohmann::json& result);

  Spec spec_;
  std::string scenario_text_;
  Workshop workshop_;
  std::unique_ptr<Simulation> sim_;
  std::unique_ptr<RunResult> result_;
  double speed_ = 1;
  bool paused_ = false;
  bool revealed_ = false;
  bool lagging_ = false;
  // Pacing: simulated time anchor_sim_ + (wall - anchor_wall_) * speed_.
  WallClock::time_point anchor_wall_{};
  Time anchor_sim_;
  Time sim_time_;                   // every advance_to argument so far is <= this
  std::size_t samples_seen_ = 0;
  std::vector<ActionEntry> actions_;
  std::vector<LiveFault> faults_;
  struct ShownHint {
    std::size_t index;
    Time at;
  };
  std::vector<ShownHint> hints_shown_;
};

}  // namespace faultline::live
