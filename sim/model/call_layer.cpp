#include "faultline/model/call_layer.hpp"

#include <algorithm>

#include "faultline/model/backoff.hpp"

namespace faultline {

namespace {
// Timeout and hedge events carry an attempt number in the kind's upper bits,
// so the payload stays a plain call handle.
constexpr EventKind kKindMask = 0xff;

bool never_retried(Reason r) {
  return r == Reason::short_circuited || r == Reason::throttled || r == Reason::deadline;
}
}  // namespace

CallLayer::CallLayer(Engine& engine, Signals& signals) : engine_(engine), signals_(signals) {}

std::uint32_t CallLayer::add_edge(EdgeConfig config, Rng rng) {
  edges_.emplace_back(std::move(config), rng);
  network_.add_edges(1);
  return static_cast<std::uint32_t>(edges_.size() - 1);
}

void CallLayer::route(std::uint32_t service, AttemptSink* sink) {
  if (services_.size() <= service) services_.resize(service + 1, nullptr);
  services_[service] = sink;
}

std::uint32_t CallLayer::add_owner(CallOwner* owner) {
  owners_.push_back(owner);
  return static_cast<std::uint32_t>(owners_.size() - 1);
}

void CallLayer::attach() { self_ = engine_.add_handler(this); }

Handle CallLayer::create(std::uint32_t edge, Owner owner, std::uint64_t op_id, bool counted, Time inherited,
                         std::uint64_t parent_site) {
  const Handle h = calls_.allocate();
  Call& c = calls_[h];
  const EdgeConfig& e = edges_[edge].config;
  c.edge = edge;
  c.owner = owner;
  c.op_id = op_id;
  c.site = track_sites_ ? call_site(parent_site, edge) : 0;
  c.started = engine_.now();
  c.counted = counted;
  c.deadline = std::min(inherited, c.started + e.policies.deadline);
  c.prev_sleep = e.retry ? e.retry->base : Duration::zero();
  signals_.call_created(edge);
  return h;
}

void CallLayer::send(Handle h, bool is_hedge) {
  Call& c = calls_[h];
  Edge& edge = edges_[c.edge];
  const EdgeConfig& config = edge.config;
  const Time now = engine_.now();
  const auto kind = is_hedge ? Signals::Send::hedge : (c.attempts_sent == 0 ? Signals::Send::first : Signals::Send::retry);
  if (now >= c.deadline) {  // the operation's deadline passed while backing off
    if (!is_hedge) attempt_failed(h, Reason::deadline);
    return;
  }
  if (const auto refused = edge.guard.refuse(now, edge.rng)) {
    signals_.attempt_refused(c.edge, *refused);
    if (!is_hedge) attempt_failed(h, *refused);
    return;
  }
  ++c.attempts_sent;
  const std::uint8_t number = c.attempts_sent;
  if (kind == Signals::Send::hedge) ++c.hedges_sent;
  if (kind == Signals::Send::first) edge.guard.on_first_attempt(now);
  const std::uint32_t replica = edge.balancer.pick(edge.rng);
  signals_.attempt_sent(c.edge, config.name, kind, config.from_client ? static_cast<int>(config.from) : -1, c.counted,
                        c.op_id, number, replica);
  edge.balancer.taken(replica);
  for (auto& slot : c.in_flight) {
    if (slot.attempt_no != 0) continue;
    slot = InFlight{number, replica};
    ++c.in_flight_count;
    break;
  }
  const Duration left = c.deadline == Time::max() ? Duration::infinite() : c.deadline - now;
  const Duration timeout = std::min(config.timeout, left);
  if (!timeout.is_infinite()) set_timeout(edge, c.edge, h, number, timeout);
  if (config.policies.hedge.enabled && c.hedges_sent < config.policies.hedge.max_extra) {
    engine_.schedule_after(config.policies.hedge.after, self_, kHedge | (static_cast<EventKind>(number) << 8),
                           h.pack());
  }
  if (network_.cut(c.edge)) {  // the network between caller and service is cut
    if (network_.refuses(c.edge)) receive(h, number, Outcome{false, Reason::error});
    return;  // otherwise the attempt is lost: the timeout decides
  }
  const AttemptRequest request{h, number, c.op_id, c.site, c.deadline};
  if (network_.delay(c.edge) > Duration::zero()) {
    const Handle t = network_.outbound().allocate();
    auto& out = network_.outbound()[t];
    out.service = config.target_service;
    out.replica = replica;
    out.request = request;
    engine_.schedule_after(network_.delay(c.edge), self_, kArrive, t.pack());
    return;
  }
  services_[config.target_service]->accept(replica, request);  // may answer before returning: touch nothing after
}

void CallLayer::set_timeout(Edge& edge, std::uint32_t e, Handle h, std::uint8_t number, Duration timeout) {
  const Time at = engine_.now() + timeout;
  if (timeout == edge.config.timeout && edge.timeouts.fits(at)) {
    edge.timeouts.push(at, h, number);
    if (!edge.timeouts.armed) {
      engine_.schedule_at(at, self_, kEdgeTimeouts, e);
      edge.timeouts.armed = true;
    }
    return;
  }
  // Cut short by a deadline: out of the edge's order, so an event of its own.
  engine_.schedule_at(at, self_, kTimeout | (static_cast<EventKind>(number) << 8), h.pack());
}

void CallLayer::fire_edge_timeouts(std::uint32_t e) {
  TimeoutFifo& q = edges_[e].timeouts;
  const Time now = engine_.now();
  // Still armed while these run: attempts they send only join the back.
  while (!q.empty() && !(now < q.front().at)) {
    const TimeoutFifo::Entry due = q.front();
    q.pop();
    on_timeout(due.call, due.attempt_no);
  }
  while (!q.empty() && !awaiting(q.front().call, q.front().attempt_no)) q.pop();  // answered meanwhile
  q.armed = !q.empty();
  if (q.armed) engine_.schedule_at(q.front().at, self_, kEdgeTimeouts, e);
}

void CallLayer::on_timeout(Handle h, std::uint8_t number) {
  if (!awaiting(h, number)) return;  // answered, or the call ended
  Call& c = calls_[h];
  if (owner_holds(c, kTimeout | (static_cast<EventKind>(number) << 8), h.pack())) return;
  take_in_flight(c, number);
  edges_[c.edge].guard.on_timeout(engine_.now());
  attempt_failed(h, engine_.now() >= c.deadline ? Reason::deadline : Reason::timeout);
}

bool CallLayer::take_in_flight(Call& c, std::uint8_t attempt_no) {
  for (auto& slot : c.in_flight) {
    if (slot.attempt_no != attempt_no || attempt_no == 0) continue;
    edges_[c.edge].balancer.returned(slot.replica);
    slot = InFlight{};
    --c.in_flight_count;
    return true;
  }
  return false;
}

void CallLayer::release_in_flight(Call& c) {
  for (auto& slot : c.in_flight) {
    if (slot.attempt_no == 0) continue;
    edges_[c.edge].balancer.returned(slot.replica);
    slot = InFlight{};
  }
  c.in_flight_count = 0;
}

bool CallLayer::awaiting(Handle h, std::uint8_t attempt_no) const {
  if (!calls_.alive(h) || attempt_no == 0) return false;
  for (const auto& slot : calls_.at_index(h.index).in_flight) {
    if (slot.attempt_no == attempt_no) return true;
  }
  return false;
}

bool CallLayer::answer(Handle h, std::uint8_t attempt_no, Outcome outcome, std::uint32_t from_service,
                       bool work_done) {
  if (!calls_.alive(h)) return false;
  const std::uint32_t e = calls_[h].edge;
  if (network_.delay(e) > Duration::zero()) {  // the answer travels back; orphaned or not is decided on arrival
    if (!awaiting(h, attempt_no)) return false;
    const Handle t = network_.inbound().allocate();
    auto& in = network_.inbound()[t];
    in.call = h;
    in.attempt_no = attempt_no;
    in.outcome = outcome;
    in.from_service = from_service;
    in.work_done = work_done;
    engine_.schedule_after(network_.delay(e), self_, kAnswer, t.pack());
    return true;
  }
  return receive(h, attempt_no, outcome);  // false when that attempt is no longer awaited
}

bool CallLayer::receive(Handle h, std::uint8_t attempt_no, Outcome outcome) {
  if (!calls_.alive(h)) return false;
  Call& c = calls_[h];
  if (!take_in_flight(c, attempt_no)) return false;
  Edge& edge = edges_[c.edge];
  if (edge.guard.on_answer(engine_.now(), outcome)) signals_.breaker_changed(edge.config.name, edge.guard.breaker());
  if (outcome.success) {
    finish(h, outcome);  // any other attempt in flight (a hedge) becomes orphaned work
  } else {
    attempt_failed(h, outcome.reason);
  }
  return true;
}

void CallLayer::attempt_failed(Handle h, Reason reason) {
  Call& c = calls_[h];
  c.last_reason = reason;
  if (c.in_flight_count > 0) return;  // another attempt (a hedge) may still answer
  Edge& edge = edges_[c.edge];
  const RetrySpec* policy = edge.config.retry;
  const Time now = engine_.now();
  signals_.attempt_failed(edge.config.name, c.op_id, c.attempts_sent, reason);
  const int tries = c.attempts_sent - c.hedges_sent;
  if (policy == nullptr || never_retried(reason) || tries >= policy->max_attempts ||
      (policy->retry_on & reason_bit(reason)) == 0) {
    finish(h, Outcome{false, reason});
    return;
  }
  if (!edge.guard.retry_allowed(now)) {
    signals_.retry_denied(c.edge);
    finish(h, Outcome{false, reason});  // the operation ends with its last attempt's reason
    return;
  }
  const Duration sleep = retry_sleep(*policy, tries, c.prev_sleep, edge.rng);
  c.prev_sleep = sleep;
  // Always through an event, even after a zero sleep: no unbounded recursion.
  engine_.schedule_after(sleep, self_, kRetry, h.pack());
}

void CallLayer::finish(Handle h, Outcome outcome) {
  Call& done = calls_[h];
  release_in_flight(done);
  signals_.call_finished(edges_[done.edge].config.name, done.op_id, done.started, outcome, done.attempts_sent);
  const CallEnd end{done.owner, done.op_id, done.started, done.counted};
  calls_.release(h);  // before notifying: the owner may start new calls
  owners_[end.owner.sink]->call_done(end, outcome);
}

void CallLayer::abandon(Handle h) {
  if (!calls_.alive(h)) return;
  release_in_flight(calls_[h]);
  calls_.release(h);
}

bool CallLayer::owner_holds(const Call& c, EventKind kind, std::uint64_t payload) {
  return owners_[c.owner.sink]->hold(c.owner, self_, kind, payload);
}

void CallLayer::on_event(EventKind kind, std::uint64_t payload) {
  const EventKind what = kind & kKindMask;
  if (what == kArrive) {
    const Handle t = Handle::unpack(payload);
    const Network::Outbound out = network_.outbound()[t];
    network_.outbound().release(t);
    services_[out.service]->accept(out.replica, out.request);
    return;
  }
  if (what == kAnswer) {
    const Handle t = Handle::unpack(payload);
    const Network::Inbound in = network_.inbound()[t];
    network_.inbound().release(t);
    if (!receive(in.call, in.attempt_no, in.outcome) && in.work_done) {
      signals_.service(in.from_service, Signals::kOrphaned);  // the caller left while it travelled
    }
    return;
  }
  if (what == kEdgeTimeouts) {
    fire_edge_timeouts(static_cast<std::uint32_t>(payload));
    return;
  }
  const Handle h = Handle::unpack(payload);
  if (!calls_.alive(h)) return;  // the call ended already: a stale timer
  Call& c = calls_[h];
  const auto number = static_cast<std::uint8_t>(kind >> 8);
  if (what == kTimeout) {
    on_timeout(h, number);
  } else if (what == kRetry) {
    if (c.in_flight_count != 0) return;
    if (owner_holds(c, kind, payload)) return;
    send(h, false);
  } else if (what == kHedge) {
    // Only if nothing new was sent since this timer was set, and no answer came yet.
    if (c.attempts_sent != number || c.in_flight_count == 0) return;
    if (c.hedges_sent >= edges_[c.edge].config.policies.hedge.max_extra) return;
    if (owner_holds(c, kind, payload)) return;
    send(h, true);
  }
}

}  // namespace faultline
