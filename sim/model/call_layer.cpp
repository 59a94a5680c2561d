#include "faultline/model/call_layer.hpp"

#include <spdlog/spdlog.h>

#include "faultline/model/backoff.hpp"
#include "faultline/model/client.hpp"
#include "faultline/model/replica.hpp"
#include "faultline/model/world.hpp"

namespace faultline {

namespace {
// Timeout events carry the attempt number in the kind's upper bits, so the
// payload stays a plain call handle.
constexpr EventKind kKindMask = 0xff;
constexpr const char* reason_name(Reason r) {
  switch (r) {
    case Reason::timeout: return "timeout";
    case Reason::error: return "error";
    case Reason::rejected: return "rejected";
    case Reason::short_circuited: return "short_circuited";
    case Reason::throttled: return "throttled";
    case Reason::deadline: return "deadline";
  }
  return "?";
}
}  // namespace

CallLayer::CallLayer(World& world) : world_(world) {}

std::uint32_t CallLayer::add_edge(Edge edge) {
  edges_.push_back(std::move(edge));
  return static_cast<std::uint32_t>(edges_.size() - 1);
}

void CallLayer::attach() { self_ = world_.engine.add_handler(this); }

Handle CallLayer::create(std::uint32_t edge, Owner owner, std::uint64_t op_id, bool counted) {
  const Handle h = world_.calls.allocate();
  Call& c = world_.calls[h];
  c.edge = edge;
  c.owner = owner;
  c.op_id = op_id;
  c.started = world_.engine.now();
  c.counted = counted;
  const RetrySpec* policy = edges_[edge].retry;
  c.prev_sleep = policy ? policy->base : Duration::zero();
  return h;
}

void CallLayer::send(Handle h) {
  Call& c = world_.calls[h];
  ++c.attempts_sent;
  c.awaiting = c.attempts_sent;
  const std::uint8_t number = c.attempts_sent;
  const Edge& edge = edges_[c.edge];
  if (c.owner.kind == Owner::Kind::client) world_.recorder.attempt_sent(c.owner.index, c.counted);
  if (!edge.timeout.is_infinite()) {
    world_.engine.schedule_after(edge.timeout, self_, kTimeout | (static_cast<EventKind>(number) << 8), h.pack());
  }
  const Handle a = world_.attempts.allocate();
  Attempt& attempt = world_.attempts[a];
  attempt.reply_to = h;
  attempt.attempt_no = number;
  attempt.op_id = c.op_id;
  if (world_.trace) {
    world_.trace->debug("[{:.9f}] {} op={} attempt {} sent", world_.engine.now().seconds(), edge.name,
                        c.op_id, number);
  }
  world_.services[edge.target_service]->accept(a);  // may answer before returning
}

bool CallLayer::awaiting(Handle h, std::uint8_t attempt_no) const {
  return world_.calls.alive(h) && world_.calls.at_index(h.index).awaiting == attempt_no;
}

bool CallLayer::deliver(Handle h, std::uint8_t attempt_no, Outcome outcome) {
  if (!awaiting(h, attempt_no)) return false;
  if (outcome.success) {
    finish(h, outcome);
  } else {
    attempt_failed(h, outcome.reason);
  }
  return true;
}

void CallLayer::attempt_failed(Handle h, Reason reason) {
  Call& c = world_.calls[h];
  c.awaiting = 0;
  c.last_reason = reason;
  Edge& edge = edges_[c.edge];
  const RetrySpec* policy = edge.retry;
  if (world_.trace) {
    world_.trace->debug("[{:.9f}] {} op={} attempt {} failed: {}", world_.engine.now().seconds(), edge.name,
                        c.op_id, c.attempts_sent, reason_name(reason));
  }
  if (policy != nullptr && c.attempts_sent < policy->max_attempts && (policy->retry_on & reason_bit(reason))) {
    const Duration sleep = retry_sleep(*policy, c.attempts_sent, c.prev_sleep, edge.jitter_rng);
    c.prev_sleep = sleep;
    // Always through an event, even after a zero sleep: no unbounded recursion.
    world_.engine.schedule_after(sleep, self_, kRetry, h.pack());
    return;
  }
  finish(h, Outcome{false, reason});
}

void CallLayer::finish(Handle h, Outcome outcome) {
  const Call done = world_.calls[h];
  world_.calls.release(h);  // before notifying: the owner may start new calls
  if (done.owner.kind == Owner::Kind::client) {
    world_.clients[done.owner.index]->on_operation_done(done, outcome);
    return;
  }
  const Handle owner{done.owner.index, done.owner.gen};
  if (world_.attempts.alive(owner)) {
    world_.replicas[world_.attempts[owner].replica]->on_call_done(owner, outcome);
  }
}

void CallLayer::abandon(Handle h) {
  if (world_.calls.alive(h)) world_.calls.release(h);
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

void CallLayer::on_event(EventKind kind, std::uint64_t payload) {
  const Handle h = Handle::unpack(payload);
  if (!world_.calls.alive(h)) return;  // the call ended already: a stale timer
  const Call& c = world_.calls[h];
  if ((kind & kKindMask) == kTimeout) {
    const auto number = static_cast<std::uint8_t>(kind >> 8);
    if (c.awaiting != number) return;
    if (owner_frozen(c, kind, payload)) return;
    attempt_failed(h, Reason::timeout);
  } else if (kind == kRetry) {
    if (c.awaiting != 0) return;
    if (owner_frozen(c, kind, payload)) return;
    send(h);
  }
}

}  // namespace faultline
