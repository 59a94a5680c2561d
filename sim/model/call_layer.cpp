#include "faultline/model/call_layer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "faultline/model/backoff.hpp"
#include "faultline/scenario/names.hpp"
#include "faultline/model/client.hpp"
#include "faultline/model/replica.hpp"
#include "faultline/model/trace_log.hpp"
#include "faultline/model/world.hpp"

namespace faultline {

namespace {
// Timeout and hedge events carry an attempt number in the kind's upper bits,
// so the payload stays a plain call handle.
constexpr EventKind kKindMask = 0xff;
enum class Send { first, retry, hedge };

bool never_retried(Reason r) {
  return r == Reason::short_circuited || r == Reason::throttled || r == Reason::deadline;
}
}  // namespace

CallLayer::CallLayer(World& world) : world_(world) {}

std::uint32_t CallLayer::add_edge(Edge edge) {
  edges_.push_back(std::move(edge));
  return static_cast<std::uint32_t>(edges_.size() - 1);
}

void CallLayer::attach() { self_ = world_.engine.add_handler(this); }

void CallLayer::count(const Call& c, int counter) {
  world_.recorder.count_edge(c.edge, static_cast<Recorder::EdgeCounter>(counter));
}

Handle CallLayer::create(std::uint32_t edge, Owner owner, std::uint64_t op_id, bool counted, Time inherited) {
  const Handle h = world_.calls.allocate();
  Call& c = world_.calls[h];
  const Edge& e = edges_[edge];
  c.edge = edge;
  c.owner = owner;
  c.op_id = op_id;
  c.started = world_.engine.now();
  c.counted = counted;
  c.deadline = std::min(inherited, c.started + e.policies.deadline);
  c.prev_sleep = e.retry ? e.retry->base : Duration::zero();
  world_.recorder.count_edge(edge, Recorder::kCalls);
  return h;
}

std::uint32_t CallLayer::pick_replica(Edge& edge) {
  const auto n = static_cast<std::uint32_t>(edge.outstanding.size());
  if (n == 1) return 0;
  auto fewer = [&](std::uint32_t a, std::uint32_t b) {
    if (edge.outstanding[a] != edge.outstanding[b]) return edge.outstanding[a] < edge.outstanding[b] ? a : b;
    return edge.rng.below(2) == 0 ? a : b;  // ties: drawn from the caller's stream
  };
  switch (edge.balancer) {
    case ServiceSpec::Balancer::round_robin: return edge.round_robin_next++ % n;
    case ServiceSpec::Balancer::random: return static_cast<std::uint32_t>(edge.rng.below(n));
    case ServiceSpec::Balancer::p2c: {
      const auto a = static_cast<std::uint32_t>(edge.rng.below(n));
      auto b = static_cast<std::uint32_t>(edge.rng.below(n - 1));
      if (b >= a) ++b;  // two distinct replicas
      return fewer(a, b);
    }
    case ServiceSpec::Balancer::least_outstanding: {
      std::uint32_t best = 0, ties = 0;
      for (std::uint32_t r = 0; r < n; ++r) {
        if (r == 0 || edge.outstanding[r] < edge.outstanding[best]) {
          best = r;
          ties = 1;
        } else if (edge.outstanding[r] == edge.outstanding[best]) {
          ++ties;
        }
      }
      if (ties == 1) return best;
      auto pick = edge.rng.below(ties);  // a uniform choice among the least loaded
      for (std::uint32_t r = 0; r < n; ++r) {
        if (edge.outstanding[r] == edge.outstanding[best] && pick-- == 0) return r;
      }
      return best;
    }
  }
  return 0;
}

void CallLayer::send(Handle h, bool is_hedge) {
  Call& c = world_.calls[h];
  Edge& edge = edges_[c.edge];
  const Time now = world_.engine.now();
  const Send kind = is_hedge ? Send::hedge : (c.attempts_sent == 0 ? Send::first : Send::retry);
  if (now >= c.deadline) {  // the operation's deadline passed while backing off
    if (!is_hedge) attempt_failed(h, Reason::deadline);
    return;
  }
  if (edge.guarded) {
    if (!edge.breaker.allow(now)) {
      count(c, Recorder::kShortCircuited);
      if (!is_hedge) attempt_failed(h, Reason::short_circuited);
      return;
    }
    if (edge.throttle.should_reject(now, edge.rng)) {
      count(c, Recorder::kThrottled);
      if (!is_hedge) attempt_failed(h, Reason::throttled);
      return;
    }
  }
  ++c.attempts_sent;
  const std::uint8_t number = c.attempts_sent;
  count(c, Recorder::kEdgeAttempts);
  if (kind == Send::retry) count(c, Recorder::kRetries);
  if (kind == Send::hedge) {
    ++c.hedges_sent;
    count(c, Recorder::kHedges);
  }
  if (kind == Send::first) edge.budget.deposit(now);
  if (edge.from_client) world_.recorder.attempt_sent(edge.from, c.counted);

  const std::uint32_t replica = pick_replica(edge);
  ++edge.outstanding[replica];
  for (auto& slot : c.in_flight) {
    if (slot.attempt_no != 0) continue;
    slot = InFlight{number, replica};
    ++c.in_flight_count;
    break;
  }
  const Duration left = c.deadline == Time::max() ? Duration::infinite() : c.deadline - now;
  const Duration timeout = std::min(edge.timeout, left);
  if (!timeout.is_infinite()) set_timeout(edge, c.edge, h, number, timeout);
  if (edge.policies.hedge.enabled && c.hedges_sent < edge.policies.hedge.max_extra) {
    world_.engine.schedule_after(edge.policies.hedge.after, self_, kHedge | (static_cast<EventKind>(number) << 8),
                                 h.pack());
  }
  if (world_.trace) {
    world_.trace->debug("[{:.9f}] {} op={} attempt {} sent to replica {}", now.seconds(), edge.name, c.op_id,
                        number, replica);
  }
  if (edge.partitions > 0) {  // the network between caller and service is cut
    if (edge.partition_refuse) receive(h, number, Outcome{false, Reason::error});
    return;  // otherwise the attempt is lost: the timeout decides
  }
  const Handle a = world_.attempts.allocate();
  Attempt& attempt = world_.attempts[a];
  attempt.reply_to = h;
  attempt.attempt_no = number;
  attempt.op_id = c.op_id;
  attempt.deadline = c.deadline;
  const std::uint32_t target = world_.services[edge.target_service]->replicas()[replica];
  attempt.replica = target;
  if (edge.delay > Duration::zero()) {
    world_.engine.schedule_after(edge.delay, self_, kArrive, a.pack());
    return;
  }
  world_.replicas[target]->arrive(a);  // may answer before returning: touch nothing after
}

void CallLayer::set_timeout(Edge& edge, std::uint32_t e, Handle h, std::uint8_t number, Duration timeout) {
  const Time at = world_.engine.now() + timeout;
  if (timeout == edge.timeout && edge.timeouts.fits(at)) {
    edge.timeouts.push(at, h, number);
    if (!edge.timeouts.armed) {
      world_.engine.schedule_at(at, self_, kEdgeTimeouts, e);
      edge.timeouts.armed = true;
    }
    return;
  }
  // Cut short by a deadline: out of the edge's order, so an event of its own.
  world_.engine.schedule_at(at, self_, kTimeout | (static_cast<EventKind>(number) << 8), h.pack());
}

void CallLayer::fire_edge_timeouts(std::uint32_t e) {
  TimeoutFifo& q = edges_[e].timeouts;
  const Time now = world_.engine.now();
  // Still armed while these run: attempts they send only join the back.
  while (!q.empty() && !(now < q.front().at)) {
    const TimeoutFifo::Entry due = q.front();
    q.pop();
    on_timeout(due.call, due.attempt_no);
  }
  while (!q.empty() && !awaiting(q.front().call, q.front().attempt_no)) q.pop();  // answered meanwhile
  q.armed = !q.empty();
  if (q.armed) world_.engine.schedule_at(q.front().at, self_, kEdgeTimeouts, e);
}

void CallLayer::on_timeout(Handle h, std::uint8_t number) {
  if (!awaiting(h, number)) return;  // answered, or the call ended
  Call& c = world_.calls[h];
  if (owner_frozen(c, kTimeout | (static_cast<EventKind>(number) << 8), h.pack())) return;
  take_in_flight(c, number);
  Edge& edge = edges_[c.edge];
  if (edge.guarded) {
    edge.breaker.record(world_.engine.now(), false);
    edge.throttling.on_failure();
  }
  attempt_failed(h, world_.engine.now() >= c.deadline ? Reason::deadline : Reason::timeout);
}

bool CallLayer::take_in_flight(Call& c, std::uint8_t attempt_no) {
  for (auto& slot : c.in_flight) {
    if (slot.attempt_no != attempt_no || attempt_no == 0) continue;
    --edges_[c.edge].outstanding[slot.replica];
    slot = InFlight{};
    --c.in_flight_count;
    return true;
  }
  return false;
}

void CallLayer::release_in_flight(Call& c) {
  for (auto& slot : c.in_flight) {
    if (slot.attempt_no == 0) continue;
    --edges_[c.edge].outstanding[slot.replica];
    slot = InFlight{};
  }
  c.in_flight_count = 0;
}

bool CallLayer::awaiting(Handle h, std::uint8_t attempt_no) const {
  if (!world_.calls.alive(h) || attempt_no == 0) return false;
  for (const auto& slot : world_.calls.at_index(h.index).in_flight) {
    if (slot.attempt_no == attempt_no) return true;
  }
  return false;
}

bool CallLayer::deliver(Handle h, std::uint8_t attempt_no, Outcome outcome, std::uint32_t from_service) {
  if (!awaiting(h, attempt_no)) return false;
  const Edge& edge = edges_[world_.calls[h].edge];
  if (edge.delay > Duration::zero()) {  // the answer travels back; orphaned or not is decided on arrival
    const Handle t = transit_.allocate();
    transit_[t].call = h;
    transit_[t].attempt_no = attempt_no;
    transit_[t].outcome = outcome;
    transit_[t].from_service = from_service;
    world_.engine.schedule_after(edge.delay, self_, kAnswer, t.pack());
    return true;
  }
  return receive(h, attempt_no, outcome);
}

bool CallLayer::receive(Handle h, std::uint8_t attempt_no, Outcome outcome) {
  if (!world_.calls.alive(h)) return false;
  Call& c = world_.calls[h];
  if (!take_in_flight(c, attempt_no)) return false;
  Edge& edge = edges_[c.edge];
  const Time now = world_.engine.now();
  if (edge.guarded) {
    const auto transitions = edge.breaker.transitions();
    edge.breaker.record(now, outcome.success);
    if (world_.trace_log != nullptr && edge.breaker.transitions() != transitions) {
      static const char* const states[] = {"closed", "half-open", "open"};
      world_.trace_log->instant("breaker " + edge.name + " " + states[static_cast<int>(edge.breaker.state(now))],
                                "breaker", now, "");
    }
    if (outcome.success) {
      edge.throttling.on_success();
    } else {
      edge.throttling.on_failure();
    }
    if (outcome.success || outcome.reason != Reason::rejected) edge.throttle.on_accept(now);
  }
  if (outcome.success) {
    finish(h, outcome);  // any other attempt in flight (a hedge) becomes orphaned work
  } else {
    attempt_failed(h, outcome.reason);
  }
  return true;
}

void CallLayer::attempt_failed(Handle h, Reason reason) {
  Call& c = world_.calls[h];
  c.last_reason = reason;
  if (c.in_flight_count > 0) return;  // another attempt (a hedge) may still answer
  Edge& edge = edges_[c.edge];
  const RetrySpec* policy = edge.retry;
  const Time now = world_.engine.now();
  if (world_.trace) {
    world_.trace->debug("[{:.9f}] {} op={} attempt {} failed: {}", now.seconds(), edge.name, c.op_id,
                        c.attempts_sent, reason_name(reason));
  }
  const int tries = c.attempts_sent - c.hedges_sent;
  if (policy == nullptr || never_retried(reason) || tries >= policy->max_attempts ||
      (policy->retry_on & reason_bit(reason)) == 0) {
    finish(h, Outcome{false, reason});
    return;
  }
  if (!edge.throttling.retry_allowed() || !edge.budget.try_withdraw(now)) {
    count(c, Recorder::kBudgetDenied);
    finish(h, Outcome{false, reason});  // the operation ends with its last attempt's reason
    return;
  }
  const Duration sleep = retry_sleep(*policy, tries, c.prev_sleep, edge.rng);
  c.prev_sleep = sleep;
  // Always through an event, even after a zero sleep: no unbounded recursion.
  world_.engine.schedule_after(sleep, self_, kRetry, h.pack());
}

void CallLayer::finish(Handle h, Outcome outcome) {
  Call& done = world_.calls[h];
  release_in_flight(done);
  if (world_.trace_log != nullptr && world_.trace_log->sampled(done.op_id)) {
    world_.trace_log->span(edges_[done.edge].name, "call", done.op_id, done.started, world_.engine.now(),
                           std::string(outcome.success ? "success" : reason_name(outcome.reason)) + " after " +
                               std::to_string(done.attempts_sent) + " attempt(s)");
  }
  if (done.owner.kind == Owner::Kind::client) {
    // A client only records and schedules: it starts no call before returning,
    // so the slot can be read in place and released after.
    world_.clients[done.owner.index]->on_operation_done(done, outcome);
    world_.calls.release(h);
    return;
  }
  const Handle owner{done.owner.index, done.owner.gen};
  world_.calls.release(h);  // before notifying: the owner may start new calls
  if (world_.attempts.alive(owner)) {
    world_.replicas[world_.attempts[owner].replica]->on_call_done(owner, outcome);
  }
}

void CallLayer::abandon(Handle h) {
  if (!world_.calls.alive(h)) return;
  release_in_flight(world_.calls[h]);
  world_.calls.release(h);
}

bool CallLayer::owner_frozen(const Call& c, EventKind kind, std::uint64_t payload) {
  if (c.owner.kind != Owner::Kind::attempt) return false;
  const Handle owner{c.owner.index, c.owner.gen};
  if (!world_.attempts.alive(owner)) return false;
  Replica& replica = *world_.replicas[world_.attempts[owner].replica];
  if (!replica.paused()) return false;
  replica.defer_timer(self_, kind, payload);
  return true;
}

// --- edge faults ----------------------------------------------------------------

void CallLayer::begin_partition(std::uint32_t e, bool refuse) {
  ++edges_[e].partitions;
  edges_[e].partition_refuse = refuse;
}
void CallLayer::end_partition(std::uint32_t e) {
  if (edges_[e].partitions > 0) --edges_[e].partitions;
}
void CallLayer::add_delay(std::uint32_t e, Duration d) { edges_[e].delay += d; }
void CallLayer::remove_delay(std::uint32_t e, Duration d) { edges_[e].delay -= d; }

void CallLayer::on_event(EventKind kind, std::uint64_t payload) {
  const EventKind what = kind & kKindMask;
  if (what == kArrive) {
    const Handle a = Handle::unpack(payload);
    if (world_.attempts.alive(a)) world_.replicas[world_.attempts[a].replica]->arrive(a);
    return;
  }
  if (what == kAnswer) {
    const Handle t = Handle::unpack(payload);
    const Transit answer = transit_[t];
    transit_.release(t);
    if (!receive(answer.call, answer.attempt_no, answer.outcome)) {
      world_.recorder.count(answer.from_service, Recorder::kOrphaned);  // the caller left while it travelled
    }
    return;
  }
  if (what == kEdgeTimeouts) {
    fire_edge_timeouts(static_cast<std::uint32_t>(payload));
    return;
  }
  const Handle h = Handle::unpack(payload);
  if (!world_.calls.alive(h)) return;  // the call ended already: a stale timer
  Call& c = world_.calls[h];
  const auto number = static_cast<std::uint8_t>(kind >> 8);
  if (what == kTimeout) {
    on_timeout(h, number);
  } else if (what == kRetry) {
    if (c.in_flight_count != 0) return;
    if (owner_frozen(c, kind, payload)) return;
    send(h, false);
  } else if (what == kHedge) {
    // Only if nothing new was sent since this timer was set, and no answer came yet.
    if (c.attempts_sent != number || c.in_flight_count == 0) return;
    if (c.hedges_sent >= edges_[c.edge].policies.hedge.max_extra) return;
    if (owner_frozen(c, kind, payload)) return;
    send(h, true);
  }
}

}  // namespace faultline
