// Simulation: one run built from a Spec, advanced step by step, acted on
// between steps, and collected at the end.
//
// Determinism of actions: an action (inject_fault, clear_fault, set) applies
// directly, at the clock's current time, between two advance_to calls: every
// event at or before that time has run, none after it. Replaying the same
// actions after advance_to to the same times gives the same run (the same
// fingerprint); anything the action schedules is ordered after the events
// already pending at that time.
#include "faultline/simulation.hpp"
#include "faultline/scenario/validate.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>

#include "faultline/analysis/findings.hpp"
#include "faultline/engine/engine.hpp"
#include "faultline/metrics/recorder.hpp"
#include "faultline/model/builder.hpp"
#include "faultline/model/data/run_cost.hpp"
#include "faultline/model/debug_log.hpp"
#include "faultline/model/settings.hpp"
#include "faultline/model/trace_log.hpp"

namespace faultline {

namespace {

class RunCheckpoint final : public Checkpoint {
 public:
  RunCheckpoint(const RunOptions& options, Time end) : options_(options), end_(end) {}
  bool on_checkpoint(Time now, std::uint64_t events) override {
    if (options_.stop != nullptr && options_.stop->load(std::memory_order_relaxed)) return false;
    if (options_.on_progress) options_.on_progress(now.seconds(), now.seconds() / end_.seconds(), events);
    return true;
  }

 private:
  const RunOptions& options_;
  Time end_;
};

}  // namespace

struct Simulation::Impl {
  explicit Impl(const Spec& s, const RunOptions& o)
      : spec(s),
        options(o),
        recorder(engine, recorder_config(spec)),
        end(Time::zero() + spec.simulation.duration),
        checkpoint(options, end) {
    std::vector<SignalObserver*> observers;
    if (options.logger != nullptr && options.logger->should_log(spdlog::level::debug)) {
      debug_log = std::make_unique<DebugLog>(*options.logger, engine);
      observers.push_back(debug_log.get());
    }
    if (options.trace != nullptr) observers.push_back(options.trace);
    recorder.start();
    model = build_model(spec, engine, recorder, observers);
  }
  Spec spec;  // the run's own copy: components refer to it, set() edits its retry policies
  RunOptions options;
  Engine engine;
  Recorder recorder;
  std::unique_ptr<DebugLog> debug_log;
  std::unique_ptr<Model> model;
  Time end;
  RunCheckpoint checkpoint;
  bool stopped = false;
  bool finished = false;
  double wall_s = 0;
};

// Specs built in C++ (tests, programs) keep the same rules as loaded ones.
Simulation::Simulation(const Spec& spec, const RunOptions& options)
    : impl_((require_valid(spec), std::make_unique<Impl>(spec, options))) {}
Simulation::~Simulation() = default;

bool Simulation::advance_to(Time t) {
  Impl& m = *impl_;
  if (m.stopped || m.finished) return !m.stopped;
  if (t > m.end) t = m.end;
  if (t <= m.engine.now()) return true;
  const auto wall_start = std::chrono::steady_clock::now();
  // Events at t run too (a sample due at t appears in series()), but never
  // those at the end: a run's last instant is not simulated.
  const auto reason = t < m.end ? m.engine.run_through(t, &m.checkpoint) : m.engine.run_until(t, &m.checkpoint);
  m.stopped = reason != Engine::StopReason::reached_end;
  if (reason == Engine::StopReason::halted && m.options.logger != nullptr) {
    m.options.logger->error("the run stopped early: {}", m.engine.halt_reason());
  }
  m.wall_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return !m.stopped;
}

Time Simulation::now() const { return impl_->engine.now(); }
Time Simulation::end() const { return impl_->end; }
bool Simulation::done() const { return impl_->stopped || impl_->finished || impl_->engine.now() >= impl_->end; }
const TimeSeries& Simulation::series() const { return impl_->recorder.timeseries(); }
std::vector<FaultWindow> Simulation::faults() const { return impl_->model->faults->applied(impl_->engine.now()); }

std::uint32_t Simulation::inject_fault(const FaultSpec& fault) {
  const Spec& spec = impl_->spec;
  const bool edge = fault.kind == FaultSpec::Kind::partition || fault.kind == FaultSpec::Kind::network_delay;
  const auto services = static_cast<int>(spec.services.size());
  if (edge) {
    const int froms = static_cast<int>(fault.from_client ? spec.clients.size() : spec.services.size());
    if (fault.from < 0 || fault.from >= froms || fault.to < 0 || fault.to >= services) {
      throw std::invalid_argument("inject_fault: the edge's from/to index is out of range");
    }
  } else if (fault.target < 0 || fault.target >= services ||
             fault.replica >= spec.services[static_cast<std::size_t>(fault.target)].replicas) {
    throw std::invalid_argument("inject_fault: the target service or replica index is out of range");
  }
  return impl_->model->faults->inject(fault);
}

bool Simulation::clear_fault(std::uint32_t id) { return impl_->model->faults->clear(id); }

std::optional<std::string> Simulation::set(const std::string& path, const std::string& value) {
  if (done()) return std::string("the run is over");
  return apply_setting(*impl_->model, impl_->spec, path, value);
}

RunResult Simulation::finish() {
  Impl& m = *impl_;
  m.finished = true;
  const Spec& spec = m.spec;
  RunResult result;
  result.scenario = spec.name;
  result.description = spec.description;
  result.seed = spec.simulation.seed;
  result.partial = m.stopped || m.engine.now() < m.end;
  result.stop_reason = m.engine.halt_reason();
  result.simulated_s = m.engine.now().seconds();
  result.duration_s = spec.simulation.duration.seconds();
  result.warmup_s = spec.simulation.warmup.seconds();
  m.recorder.finish(m.engine.now(), result);
  result.faults = m.model->faults->windows();
  for (const auto& report : m.model->reports) report(m.engine.now(), result);  // [data-tier] components' figures
  if (spec.cost.enabled) result.cost = data::run_cost(spec, result);  // [data-tier]
  analysis::find(result);
  result.engine.events = m.engine.event_count();
  result.engine.wall_s = m.wall_s;
  result.engine.events_per_s = m.wall_s > 0 ? static_cast<double>(m.engine.event_count()) / m.wall_s : 0;
  result.engine.fingerprint = m.engine.fingerprint();
  return result;
}

}  // namespace faultline
