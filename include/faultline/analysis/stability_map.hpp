#pragma once
// `faultline map`: the stability map. One continuous run per seed in which a
// parameter steps up from LOW to HIGH and back down, driven through
// faultline::Simulation: any numeric path `Simulation::set` accepts (a client's
// rate, a service's workers, a retry policy's max_attempts, ...) is set at each
// step's start, and a fault's size (faults[i].KEY) is re-injected with the
// step's size. Goodput, p99 and amplification measured per step and direction.
// Where the way down stays below the way up (beyond the seeds' confidence
// interval) the system is metastable: that is the hysteresis band.
#include <functional>
#include <string>
#include <vector>

#include "faultline/analysis/stats.hpp"
#include "faultline/metrics/run_result.hpp"
#include "faultline/scenario/load.hpp"

namespace faultline::analysis {

/// `--param PATH=LOW..HIGH`. Values are kept in the parameter's unit: per second
/// for rates, milliseconds for durations, plain numbers otherwise.
struct MapParam {
  std::string path;        // "clients.web.rate", "faults[0].add", "services.ledger.workers"
  double low = 0, high = 0;
  std::string unit;        // "/s", "ms" or "" (plain number)
  bool integer = false;    // a count (workers, max_attempts, users, capacity): steps are rounded to whole numbers
};

/// "clients.web.rate=100/s..1500/s"; throws LoadFailure when malformed.
MapParam parse_map_param(const std::string& text);
/// A value in the parameter's unit as YAML text ("250/s", "40ms", "3").
std::string format_value(const MapParam& p, double value);

/// One step of the staircase: its value and the part of it that is measured.
struct StepPlan {
  bool up = true;
  double value = 0;
  double start_s = 0, end_s = 0;          // the step's hold
  double measure_from_s = 0;              // measured over [measure_from_s, end_s): the settled second half
};

/// `steps` values from low to high (both included), then back down to low
/// (the top is not repeated), each held `hold_s`, starting at 0.
std::vector<StepPlan> plan_steps(const MapParam& p, int steps, double hold_s);

/// What one seed measured in one step.
struct StepSample {
  double goodput_per_s = 0;  // summed over clients
  double p99_ms = 0;         // mean over the step's samples of the worst client's p99 (NaN: nothing succeeded)
  double amplification = 0;  // attempts on the most-hit edge per client operation (27 for 3 layers of 3 attempts)
};

/// Per-step figures from one run's time series (clients' goodput_per_s and p99_ms;
/// edges' attempts_per_s, retries_per_s, hedges_per_s).
std::vector<StepSample> measure_steps(const TimeSeries& ts, const std::vector<StepPlan>& plan);

struct MapStep {
  bool up = true;
  double value = 0;
  Interval goodput, p99, amplification;
};

struct HysteresisBand {
  double from = 0, to = 0;
  bool down_below = true;  // the way down below the way up (a load); false: the way up below (added capacity)
};

struct StabilityMap {
  std::string param;
  std::string unit;
  int seeds = 0;
  double hold_s = 0;
  std::vector<MapStep> steps;              // the plan's order: up, then down
  double capacity_value = 0, capacity_goodput = 0;
  std::vector<HysteresisBand> hysteresis;  // ascending; empty when none
};

/// A value is in the band when, paired by seed, the way up's goodput minus the
/// way down's has a 95% interval that excludes zero and a mean of at least
/// `kHysteresisShare` of the larger of the two (so one seed's noise cannot make one).
/// Adjacent values with the same side (down below up, or up below down) form one band.
inline constexpr double kHysteresisShare = 0.10;
/// Folds per-seed samples (per_seed[s][i] for plan step i) into the map.
StabilityMap build_map(const MapParam& p, const std::vector<StepPlan>& plan, double hold_s,
                       const std::vector<std::vector<StepSample>>& per_seed);

struct MapOptions {
  std::string file;
  std::vector<Override> sets;
  MapParam param;
  int steps = 8;
  double hold_s = 20;
  int seeds = 3;          // the file's seed and the next ones
  bool with_faults = false;
  int jobs = 1;
  std::function<void(int, int)> on_progress;
};

/// The overrides of the map's base run (exposed for tests): the user's --set, the
/// duration of the plan, no warmup, the file's faults only with --with-faults (never
/// the subject fault, which is injected per step), and for a client's rate no
/// schedule or bursts of its own. Throws LoadFailure for an unknown client or fault.
std::vector<Override> map_base_overrides(const MapOptions& o, const std::vector<StepPlan>& plan);
/// Runs every seed (in parallel up to `jobs`; the result does not depend on it). Throws LoadFailure.
StabilityMap stability_map(const MapOptions& o);

std::string format_map_json(const StabilityMap& m);
std::string format_map_csv(const StabilityMap& m);
std::string format_map_table(const StabilityMap& m);
/// A self-contained HTML page: an SVG of both curves (with intervals and the band) and the table.
std::string format_map_html(const StabilityMap& m, const std::string& title);

}  // namespace faultline::analysis
