#include "faultline/model/service_autoscaler.hpp"

#include <algorithm>

#include "faultline/model/builder.hpp"

namespace faultline {

namespace {
enum Kind : EventKind { kTick = 1, kReady = 2 };

data::AutoscaleConfig config_of(const AutoscaleSpec& a) {
  data::AutoscaleConfig c;
  c.target = a.target;
  c.min = static_cast<std::uint32_t>(a.min);
  c.max = static_cast<std::uint32_t>(a.max);
  c.evaluate_every = a.evaluate_every;
  c.window = a.window;
  c.tolerance = a.tolerance;
  c.provision_delay = a.provision_delay;
  c.scale_in_cooldown = a.scale_in_cooldown;
  return c;
}

std::uint32_t initial_of(const ServiceSpec& s) {
  return static_cast<std::uint32_t>(std::clamp(s.replicas, s.autoscale.min, s.autoscale.max));
}

/// The primaries' slots: the first `max` of the service's replicas (read replicas follow them).
std::vector<Replica*> primary_slots(const std::vector<Replica*>& all, const ServiceSpec& s) {
  return {all.begin(), all.begin() + s.primary_slots()};
}
}  // namespace

ServiceAutoscaler::ServiceAutoscaler(Model& m, const Spec& spec, std::uint32_t service)
    : engine_(m.engine),
      signals_(m.signals),
      recorder_(m.recorder),
      service_(service),
      name_(spec.services[service].name),
      spec_(spec.services[service].autoscale),
      workers_(spec.services[service].workers),
      slots_(primary_slots(m.services->service(service).replicas(), spec.services[service])),
      fixed_(static_cast<std::uint32_t>(spec.services[service].replication.read_replicas)),
      first_index_(0),
      scaler_(config_of(spec_), initial_of(spec.services[service])),
      meter_(Time::zero() + spec.simulation.warmup, Time::zero() + spec.simulation.duration,
             initial_of(spec.services[service]) + fixed_),
      draining_(slots_.size(), 0),
      active_(initial_of(spec.services[service])),
      max_current_(initial_of(spec.services[service])) {
  self_ = engine_.add_handler(this);
  // Every slot was built in a row; the global index of the first names them all.
  for (std::uint32_t i = 0; i < m.services->replicas().size(); ++i) {
    if (m.services->replicas()[i].get() == slots_.front()) first_index_ = i;
  }
  for (std::uint32_t e = 0; e < m.callers->edges().size(); ++e) {
    Edge& edge = m.callers->edge(e);
    // Reads go to the read replicas (replica_offset > 0), which the HPA does not scale.
    if (edge.config.target_service != service || edge.config.replica_offset != 0) continue;
    edge.balancer.set_active(active_);
    balancers_.push_back(&edge.balancer);
  }
  // Utilization is a share of the workers of slots taking work or draining (read replicas always).
  recorder_.set_worker_area(service_, [this](Time t) {
    const auto held = static_cast<std::int64_t>(active_ + fixed_ + draining_count_);
    return static_cast<double>(workers_) * static_cast<double>(held_ns_ + held * (t - last_).count_ns());
  });
  recorder_.add_gauge("services." + name_, "replicas", [this](Time) { return static_cast<double>(current()); });
  recorder_.add_gauge("services." + name_, "replicas_serving", [this](Time) { return static_cast<double>(serving()); });
  snapshots_.push_back(Snapshot{engine_.now(), 0, 0});
  next_eval_ = Time::zero() + spec_.evaluate_every;
  // Window starts: k x evaluate_every - window, the first after 0.
  const std::int64_t e = spec_.evaluate_every.count_ns(), w = spec_.window.count_ns();
  std::int64_t first = e - (w % e);
  next_snap_ = Time::from_ns(first);
  schedule_next();
}

void ServiceAutoscaler::schedule_next() {
  engine_.schedule_at(std::min(next_eval_, next_snap_), self_, kTick, 0);
}

void ServiceAutoscaler::advance(Time now) {
  const std::int64_t dt = (now - last_).count_ns();
  // Read replicas take work all along: they count with the primaries taking it.
  taking_ns_ += static_cast<std::int64_t>(active_ + fixed_) * dt;
  held_ns_ += static_cast<std::int64_t>(active_ + fixed_ + draining_count_) * dt;
  last_ = now;
}

double ServiceAutoscaler::metric_integral() {
  using A = Recorder::Area;
  switch (spec_.metric) {
    case AutoscaleSpec::Metric::cpu_utilization: return recorder_.area(service_, A::cpu) / workers_;
    case AutoscaleSpec::Metric::utilization: return recorder_.area(service_, A::busy) / workers_;
    case AutoscaleSpec::Metric::queue_length: return recorder_.area(service_, A::queue);
    case AutoscaleSpec::Metric::arrivals_per_s:
      return static_cast<double>(recorder_.total(service_, Recorder::kArrivals)) * 1e9;  // per s once divided by ns
  }
  return 0;
}

void ServiceAutoscaler::on_event(EventKind kind, std::uint64_t) {
  const Time now = engine_.now();
  if (kind == kReady) {
    take_ready(now);
    return;
  }
  const bool eval = now == next_eval_, snap = now == next_snap_;
  if (eval) {
    evaluate(now);
    next_eval_ = now + spec_.evaluate_every;
  }
  if (snap) {
    advance(now);
    snapshots_.push_back(Snapshot{now, metric_integral(), taking_ns_});
    next_snap_ = now + spec_.evaluate_every;
  }
  schedule_next();
}

void ServiceAutoscaler::evaluate(Time now) {
  take_ready(now);  // replicas ready at this instant count as serving
  advance(now);
  const Time from = Time::from_ns(now.ns() - spec_.window.count_ns());  // may be before 0: then the 0 snapshot
  while (snapshots_.size() > 1 && snapshots_.front().at < from) snapshots_.pop_front();
  const Snapshot& start = snapshots_.front();
  const std::int64_t replica_ns = taking_ns_ - start.taking_ns;
  const double average = replica_ns > 0 ? (metric_integral() - start.metric) / static_cast<double>(replica_ns) : 0.0;
  const data::Autoscaler::Decision d = scaler_.evaluate(now, average);
  if (!d.changed()) return;
  signals_.scaled(name_, true, d.from, d.to);
  ScaleEvent ev;
  ev.service = name_;
  ev.at_s = now.seconds();
  ev.from = d.from;
  ev.to = d.to;
  events_.push_back(ev);
  max_current_ = std::max(max_current_, d.to);
  if (d.started > 0) {
    waiting_.push_back({events_.size() - 1, d.started});
    engine_.schedule_at(now + spec_.provision_delay, self_, kReady, 0);
  }
  for (std::uint32_t c = d.cancelled; c > 0;) {  // starting replicas dropped, newest first
    auto& back = waiting_.back();
    const std::uint32_t n = std::min(c, back.second);
    back.second -= n;
    c -= n;
    if (back.second == 0) waiting_.pop_back();
  }
  if (d.removed_serving > 0) set_active(scaler_.serving());
  bill(now);
}

void ServiceAutoscaler::take_ready(Time now) {
  const std::uint32_t ready = scaler_.take_ready(now);
  if (ready == 0) return;
  for (std::uint32_t r = 0; r < ready && !waiting_.empty(); ++r) {
    auto& front = waiting_.front();
    ScaleEvent& ev = events_[front.first];
    if (ev.first_ready_s < 0) ev.first_ready_s = now.seconds();
    if (--front.second == 0) waiting_.pop_front();
  }
  set_active(scaler_.serving());
  bill(now);
}

void ServiceAutoscaler::set_active(std::uint32_t serving) {
  const Time now = engine_.now();
  advance(now);
  const std::uint32_t before = active_;
  if (serving > before) {
    // A slot taken again while a scaled-in instance still drains there: that
    // instance's work now shares the new one's workers; its bill ends.
    for (std::uint32_t i = before; i < serving; ++i) {
      if (draining_[i] != 0) {
        draining_[i] = 0;
        --draining_count_;
      }
      slots_[i]->drain(nullptr);  // taking work: neither draining nor gone
    }
    active_ = serving;
    for (Balancer* b : balancers_) b->set_active(active_);
  } else if (serving < before) {
    active_ = serving;
    for (Balancer* b : balancers_) b->set_active(active_);  // no new work first, then drain
    for (std::uint32_t i = serving; i < before; ++i) {
      draining_[i] = 1;
      ++draining_count_;
      slots_[i]->drain(this);  // may call drained() at once
    }
  }
  if (before != active_) signals_.scaled(name_, false, before, active_);
}

void ServiceAutoscaler::drained(std::uint32_t replica_index) {
  const std::uint32_t slot = replica_index - first_index_;
  if (slot >= draining_.size() || draining_[slot] == 0) return;
  advance(engine_.now());
  draining_[slot] = 0;
  --draining_count_;
  bill(engine_.now());
}

// An attempt sent before the scale-in reached the slot after it had drained (a
// delayed network): it counts as draining again (workers held, billed) until done.
void ServiceAutoscaler::undrained(std::uint32_t replica_index) {
  const std::uint32_t slot = replica_index - first_index_;
  if (slot >= draining_.size() || draining_[slot] != 0 || slot < active_) return;
  advance(engine_.now());
  draining_[slot] = 1;
  ++draining_count_;
  bill(engine_.now());
}

void ServiceAutoscaler::bill(Time now) { meter_.set(now, scaler_.current() + draining_count_ + fixed_); }

void ServiceAutoscaler::report(Time end, ServiceSummary& out, std::vector<ScaleEvent>& events) const {
  out.autoscaled = true;
  out.replicas = scaler_.current();
  out.replicas_max = max_current_;
  out.replica_seconds = static_cast<double>(meter_.replica_ns(end)) / 1e9;
  out.scale_changes = events_.size();
  static const char* const metrics[] = {"cpu_utilization", "utilization", "queue_length", "arrivals_per_s"};
  out.scale_metric = metrics[static_cast<int>(spec_.metric)];
  out.scale_target = spec_.target;
  events.insert(events.end(), events_.begin(), events_.end());
}

void build_autoscalers(Model& m, const Spec& spec) {
  std::vector<const ServiceAutoscaler*> scalers;
  for (std::uint32_t s = 0; s < spec.services.size(); ++s) {
    if (!spec.services[s].autoscale.enabled) continue;
    auto scaler = std::make_unique<ServiceAutoscaler>(m, spec, s);
    scalers.push_back(scaler.get());
    m.components.push_back(std::move(scaler));
  }
  if (scalers.empty()) return;
  // Their figures and decisions, before cost (which bills them) and findings.
  m.reports.push_back([scalers](Time end, RunResult& result) {
    for (const ServiceAutoscaler* a : scalers) {
      if (a->service() < result.services.size()) a->report(end, result.services[a->service()], result.scale_events);
    }
    std::stable_sort(result.scale_events.begin(), result.scale_events.end(),
                     [](const ScaleEvent& x, const ScaleEvent& y) { return x.at_s < y.at_s; });
  });
}

}  // namespace faultline
