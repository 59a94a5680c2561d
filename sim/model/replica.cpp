#include "faultline/model/replica.hpp"

#include <algorithm>
#include <cmath>

#include "faultline/model/call_pools.hpp"
#include "faultline/model/row_store.hpp"

namespace faultline {

Replica::Replica(ServiceContext& context, Config config, Sampler service_time, Rng work_rng, Rng error_rng, Rng fault_rng)
    : ctx_(context),
      engine_(context.engine),
      signals_(context.signals),
      attempts_(context.attempts),
      worker_limit_(config.workers),
      plain_(!config.idempotency_keys && config.admission.kind == AdmissionSpec::Kind::none),
      load_dependent_(config.load_dependent.mode != LoadDependentSpec::Mode::off),
      work_rng_(work_rng),
      service_time_(std::move(service_time)),
      config_(std::move(config)),
      error_rng_(error_rng),
      fault_rng_(fault_rng),
      available_(config_.workers) {
  using Mode = LoadDependentSpec::Mode;
  switch (config_.load_dependent.mode) {
    case Mode::off: break;
    case Mode::linear: load_.mode = data::LoadMode::linear; break;
    case Mode::polynomial: load_.mode = data::LoadMode::polynomial; break;
    case Mode::exponential: load_.mode = data::LoadMode::exponential; break;
  }
  load_.factor = config_.load_dependent.factor;
  load_.exponent = config_.load_dependent.exponent;
  const AdmissionSpec& adm = config_.admission;
  if (adm.kind == AdmissionSpec::Kind::token_bucket)
    bucket_.emplace(adm.rate_per_s, static_cast<std::uint32_t>(adm.burst));
  if (adm.kind == AdmissionSpec::Kind::codel) codel_.emplace(adm.target, adm.interval);
}

void Replica::attach() { self_ = engine_.add_handler(this); }

// --- the service side ------------------------------------------------------------

Service::Service(ServiceContext& context, std::vector<Replica*> replicas, bool keys, Duration ttl)
    : ctx_(context), replicas_(std::move(replicas)), store_(keys, ttl) {
  for (const Replica* r : replicas_) keyed_ = keyed_ || r->keyed();
}

void Service::accept(std::uint32_t replica, const AttemptRequest& request) {
  replicas_[replica]->arrive(request, keyed_ ? execution_key(request.op_id, request.site) : 0);
}

Replica& ServiceSide::add_replica(Replica::Config config, Sampler service_time, Rng work, Rng errors, Rng faults) {
  replicas_.push_back(std::make_unique<Replica>(ctx_, std::move(config), std::move(service_time), work, errors, faults));
  return *replicas_.back();
}

Service& ServiceSide::add_service(std::vector<Replica*> replicas, bool keys, Duration ttl) {
  services_.push_back(std::make_unique<Service>(ctx_, std::move(replicas), keys, ttl));
  return *services_.back();
}

void ServiceSide::call_done(const CallEnd& end, Outcome outcome) {
  const Handle owner{end.owner.index, end.owner.gen};
  if (attempts_.alive(owner)) replicas_[attempts_[owner].replica]->on_call_done(owner, outcome);
}

bool ServiceSide::hold(const Owner& o, TargetId target, EventKind kind, std::uint64_t payload) {
  const Handle owner{o.index, o.gen};
  if (!attempts_.alive(owner)) return false;
  Replica& replica = *replicas_[attempts_[owner].replica];
  if (!replica.paused()) return false;
  replica.defer_timer(target, kind, payload);
  return true;
}

// --- the waiting queue: pool indices, FIFO or LIFO ---------------------------

void Replica::enqueue(std::uint32_t index) {
  queue_.push_back(index);
  signals_.queue_changed(config_.service, +1);
}

std::uint32_t Replica::dequeue() {
  const std::uint32_t index = config_.lifo ? queue_.pop_back() : queue_.pop_front();
  signals_.queue_changed(config_.service, -1);
  return index;
}

// --- one attempt's life --------------------------------------------------------

void Replica::arrive(const AttemptRequest& request, std::uint64_t key) {
  Signals& sig = signals_;
  sig.service(config_.service, Signals::kArrivals);
  // Turned away at the door: answered (or lost) without taking an attempt slot.
  if (outage_depth_ > 0) {
    if (outage_refuse_) {
      sig.service(config_.service, Signals::kErrors);
      ctx_.answers->answer(request.reply_to, request.attempt_no, Outcome{false, Reason::error}, config_.service, false);
    } else {
      sig.service(config_.service, Signals::kLost);  // blackhole: no answer ever; the caller's timeout decides
    }
    return;
  }
  // Without idempotency keys or admission, a request finding no room is
  // answered before it takes an attempt slot (the common rejection).
  const bool plain = plain_;
  bool start_now = plain && can_start_now();
  if (plain && !start_now && !queue_has_room()) {
    sig.service(config_.service, Signals::kRejected);
    ctx_.answers->answer(request.reply_to, request.attempt_no, Outcome{false, Reason::rejected}, config_.service,
                         false);
    return;
  }
  const Handle h = take(request, key);
  if (!plain) {
    if (!admit_keyed(h)) return;
    start_now = can_start_now();
    if (!start_now && !queue_has_room()) {
      reject(h);
      return;
    }
  }
  if (gone_ != nullptr) undrain();  // [data-tier] it holds this attempt: billed and counted until done
  if (start_now) {
    start(h);
  } else {
    attempts_[h].phase = Attempt::Phase::queued;
    enqueue(h.index);
  }
}

/// The idempotency store and admission, in that order; false when the attempt
/// was answered, held or shed here.
bool Replica::admit_keyed(Handle h) {
  Signals& sig = signals_;
  Attempt& a = attempts_[h];
  if (config_.idempotency_keys) {
    Outcome stored;
    switch (config_.store->on_arrival(a.key, h, a.arrived, stored)) {
      case ExecutionStore::Arrival::wait:  // answered when the first attempt answers
        sig.service(config_.service, Signals::kHeld);
        return false;
      case ExecutionStore::Arrival::answered: {
        sig.service(config_.service, Signals::kDeduplicated);
        const Handle reply = a.reply_to;
        const std::uint8_t number = a.attempt_no;
        attempts_.release(h);
        ctx_.answers->answer(reply, number, stored, config_.service, false);
        return false;
      }
      case ExecutionStore::Arrival::run: break;
    }
    sig.store_size(config_.service, config_.store->size());
  }
  if (config_.admission.kind != AdmissionSpec::Kind::none && !admits()) {
    shed(h);
    return false;
  }
  return true;
}

Handle Replica::take(const AttemptRequest& request, std::uint64_t key) {
  const Handle h = attempts_.allocate();
  Attempt& a = attempts_[h];
  a.reply_to = request.reply_to;
  a.attempt_no = request.attempt_no;
  a.op_id = request.op_id;
  a.site = request.site;
  a.key = key;
  a.deadline = request.deadline;
  a.op = request.op;
  a.replica = config_.index;
  a.arrived = engine_.now();
  return h;
}

void Replica::reject(Handle h) {
  signals_.service(config_.service, Signals::kRejected);
  const Outcome rejected{false, Reason::rejected};
  lost(h, &rejected);
  const Attempt& a = attempts_[h];
  const Handle reply = a.reply_to;
  const std::uint8_t number = a.attempt_no;
  attempts_.release(h);
  ctx_.answers->answer(reply, number, rejected, config_.service, false);
}

bool Replica::admits() {
  switch (config_.admission.kind) {
    case AdmissionSpec::Kind::max_concurrency:
      return static_cast<std::int64_t>(outstanding()) < config_.admission.max_concurrency;
    case AdmissionSpec::Kind::token_bucket: return bucket_->try_take(engine_.now());
    default: return true;  // none; codel acts at the queue's head
  }
}

void Replica::shed(Handle h) {
  signals_.service(config_.service, Signals::kShed);
  reject(h);
}

void Replica::refuse(Handle h) {
  signals_.service(config_.service, Signals::kErrors);
  const Attempt& a = attempts_[h];
  const Handle reply = a.reply_to;
  const std::uint8_t number = a.attempt_no;
  attempts_.release(h);
  ctx_.answers->answer(reply, number, Outcome{false, Reason::error}, config_.service, false);
}

void Replica::lost(Handle h, const Outcome* outcome) {
  if (!config_.idempotency_keys) return;
  std::vector<Handle> waiters;
  config_.store->on_lost(attempts_[h].key, h, waiters);
  answer_waiters(waiters, outcome);
}

void Replica::answer_waiters(std::vector<Handle>& waiters, const Outcome* outcome) {
  for (const Handle w : waiters) {
    if (!attempts_.alive(w)) continue;
    const Attempt& a = attempts_[w];
    const Handle reply = a.reply_to;
    const std::uint8_t number = a.attempt_no;
    attempts_.release(w);
    signals_.service(config_.service, Signals::kUnheld);
    if (outcome == nullptr) {  // lost without an answer: the caller's timeout decides
      signals_.service(config_.service, Signals::kLost);
      continue;
    }
    signals_.service(config_.service, Signals::kDeduplicated);
    ctx_.answers->answer(reply, number, *outcome, config_.service, false);
  }
}

void Replica::start(Handle h) {
  Attempt& a = attempts_[h];
  const Time now = engine_.now();
  ++busy_;
  if (rows_ != nullptr && rows_first(h, now)) return;  // [data-tier] it took a row lock or waits for one
  signals_.work_started(config_.service, now - a.arrived);
  a.phase = Attempt::Phase::working;
  a.slot = static_cast<std::uint32_t>(in_service_.size());
  in_service_.push_back(h.index);
  begin_work(h);
}

void Replica::begin_work(Handle h) {
  Attempt& a = attempts_[h];
  const Time now = engine_.now();
  // Latency faults change work that starts while they are active.
  Duration d = Duration::ns(service_time_.sample_ns(work_rng_));
  if (load_dependent_) {
    // busy_ already counts this request: u = busy / workers as the format says.
    const double u = static_cast<double>(busy_) / static_cast<double>(std::max(1, worker_limit_));
    d = Duration::from_ns_clamped(static_cast<double>(d.count_ns()) * data::load_multiplier(load_, u));
  }
  if (latency_multiply_ != 1.0) d = Duration::from_ns_clamped(static_cast<double>(d.count_ns()) * latency_multiply_);
  d += latency_add_;  // saturating, as is the time it ends
  a.work_ends = now + d;
  engine_.schedule_at(a.work_ends, self_, kWorkDone, h.pack());
}

void Replica::on_event(EventKind kind, std::uint64_t payload) {
  const Handle h = Handle::unpack(payload);
  if (!attempts_.alive(h)) return;  // dropped by an outage
  if (kind != kWorkDone) {
    data_event(kind, h);
    return;
  }
  Attempt& a = attempts_[h];
  // A pause moves work_ends; the event scheduled before it is then stale.
  if (a.phase != Attempt::Phase::working || a.work_ends != engine_.now()) return;
  signals_.working_changed(config_.service, -1);
  const bool err = (config_.error_rate > 0 && error_rng_.bernoulli(config_.error_rate)) ||
                   (fault_error_p_ > 0 && fault_rng_.bernoulli(fault_error_p_));
  if (rows_ != nullptr) {  // [data-tier] the row lock goes before the downstream calls; a write reaches the log
    if (a.lock == Attempt::Hold::held) {
      a.lock = Attempt::Hold::none;
      rows_->unlock(engine_.now(), a.data_key);  // may start a waiter's work; allocates no attempt
    }
    if (!err && a.op == static_cast<std::uint8_t>(CallOp::write) && rows_->has_replication()) {
      rows_->wrote(engine_.now(), a.data_key);
    }
  }
  if (err) {
    respond(h, Outcome{false, Reason::error}, true);
    return;
  }
  // The side effect happens with the work that succeeded; a repeat is a duplicate.
  if (config_.side_effect && config_.store->on_executed(a.key, engine_.now())) {
    signals_.service(config_.service, Signals::kDuplicates);
  }
  a.phase = Attempt::Phase::calling;
  a.next_call = 0;
  continue_calls(h);
}

void Replica::continue_calls(Handle h) {
  Attempt& a = attempts_[h];
  if (a.next_call >= config_.call_edges.size()) {
    respond(h, Outcome{true, Reason::error}, true);
    return;
  }
  if (pools_ != nullptr && a.connection == Attempt::Hold::none && pool_ids_[a.next_call] != kNoPool) {
    // [data-tier] a connection first; the worker stays held while it waits
    if (!pools_->acquire(pool_ids_[a.next_call], engine_.now(), h)) {
      a.connection = Attempt::Hold::waiting;
      return;
    }
    a.connection = Attempt::Hold::held;
  }
  const Handle call = ctx_.calls->create(config_.call_edges[a.next_call], Owner{ctx_.owner_id, h.index, h.gen},
                                         a.op_id, false, a.deadline, a.site);
  a.downstream = call;
  ctx_.calls->send_first(call);  // may call on_call_done before returning: touch nothing after
}

void Replica::on_call_done(Handle h, Outcome outcome) {
  if (paused()) {
    deferred_.push_back(Deferred{false, h, outcome, 0, 0, 0});
    return;
  }
  if (attempts_[h].connection == Attempt::Hold::held) {  // [data-tier] the call ended: its connection goes back
    attempts_[h].connection = Attempt::Hold::none;
    pools_->release(pool_ids_[attempts_[h].next_call], engine_.now());  // may send another request's call
  }
  if (!outcome.success) {
    respond(h, Outcome{false, Reason::error}, true);  // a failed downstream call fails the request
    return;
  }
  Attempt& a = attempts_[h];
  a.downstream = Handle{};
  ++a.next_call;
  continue_calls(h);
}

void Replica::remove_in_service(Handle h) {
  const std::uint32_t slot = attempts_[h].slot;
  const std::uint32_t moved = in_service_.back();
  in_service_[slot] = moved;
  attempts_.at_index(moved).slot = slot;
  in_service_.pop_back();
}

void Replica::respond(Handle h, Outcome outcome, bool after_work) {
  Signals& sig = signals_;
  const Attempt& a = attempts_[h];
  const Handle reply = a.reply_to;
  const std::uint8_t number = a.attempt_no;
  sig.attempt_answered(name_, a.op_id, number, a.arrived, outcome.success);
  std::vector<Handle> waiters;
  if (config_.idempotency_keys) config_.store->on_answered(a.key, h, engine_.now(), outcome, waiters);
  remove_in_service(h);
  --busy_;
  sig.workers_released(config_.service, 1);
  sig.service(config_.service, outcome.success ? Signals::kCompleted : Signals::kErrors);
  attempts_.release(h);
  start_waiting();  // the freed worker takes the next request before anyone is told
  const bool dropped = after_work && drop_p_ > 0 && fault_rng_.bernoulli(drop_p_);
  const bool waited = dropped ? ctx_.answers->awaiting(reply, number)
                              : ctx_.answers->answer(reply, number, outcome, config_.service, true);
  if (!waited) sig.service(config_.service, Signals::kOrphaned);  // done for nobody
  if (!waiters.empty()) answer_waiters(waiters, &outcome);
  if (drain_ != nullptr) check_drained();  // [data-tier] scaled in: gone once empty
}

void Replica::start_waiting() {
  while (!paused() && outage_depth_ == 0 && busy_ < worker_limit_ && !queue_.empty()) {
    const std::uint32_t index = dequeue();
    const Handle h{index, attempts_.at_index(index).gen};
    if (config_.drop_expired && attempts_[h].deadline <= engine_.now()) {
      // Nobody waits for it any more: discard at no cost (expired, not orphaned).
      signals_.service(config_.service, Signals::kExpired);
      lost(h, nullptr);
      attempts_.release(h);
      if (drain_ != nullptr) check_drained();  // [data-tier] a draining replica may now be empty
      continue;
    }
    if (codel_) {
      const Time now = engine_.now();
      if (codel_->drop(now, now - attempts_[h].arrived)) {
        shed(h);  // the caller sees rejected
        if (queue_.empty()) codel_->on_empty();
        if (drain_ != nullptr) check_drained();  // [data-tier] a draining replica may now be empty
        continue;
      }
      if (queue_.empty()) codel_->on_empty();
    }
    start(h);
  }
}

void Replica::defer_timer(TargetId target, EventKind kind, std::uint64_t payload) {
  deferred_.push_back(Deferred{true, Handle{}, Outcome{}, target, kind, payload});
}

// --- fault verbs -------------------------------------------------------------

void Replica::add_latency(std::uint32_t fault, Duration add, double multiply) {
  effects_.push_back(Effect{fault, FaultSpec::Kind::latency, add, multiply});
  recompute_effects();
}
void Replica::add_errors(std::uint32_t fault, double probability) {
  effects_.push_back(Effect{fault, FaultSpec::Kind::errors, Duration::zero(), probability});
  recompute_effects();
}
void Replica::add_drop_responses(std::uint32_t fault, double probability) {
  effects_.push_back(Effect{fault, FaultSpec::Kind::drop_responses, Duration::zero(), probability});
  recompute_effects();
}
void Replica::limit_workers(std::uint32_t fault, int workers) {
  effects_.push_back(Effect{fault, FaultSpec::Kind::capacity, Duration::zero(), static_cast<double>(workers)});
  recompute_effects();
}
void Replica::remove_effect(std::uint32_t fault) {
  std::erase_if(effects_, [fault](const Effect& e) { return e.fault == fault; });
  recompute_effects();
  start_waiting();  // a capacity fault may have ended
}

void Replica::set_workers(int workers) {
  config_.workers = workers;
  recompute_effects();
  start_waiting();  // more workers take waiting work now
}

// Overlapping faults compose: latencies multiply and add up, error and drop
// probabilities combine as independent draws, the lowest worker cap wins.
void Replica::recompute_effects() {
  latency_multiply_ = 1.0;
  latency_add_ = Duration::zero();
  double keep_err = 1.0, keep_drop = 1.0;
  worker_limit_ = config_.workers;
  for (const Effect& e : effects_) {
    switch (e.kind) {
      case FaultSpec::Kind::latency:
        latency_multiply_ *= e.value;
        latency_add_ += e.add;
        break;
      case FaultSpec::Kind::errors: keep_err *= 1.0 - e.value; break;
      case FaultSpec::Kind::drop_responses: keep_drop *= 1.0 - e.value; break;
      case FaultSpec::Kind::capacity: worker_limit_ = std::min(worker_limit_, static_cast<int>(e.value)); break;
      default: break;
    }
  }
  fault_error_p_ = 1.0 - keep_err;
  drop_p_ = 1.0 - keep_drop;
  signal_available();
}

void Replica::signal_available() {
  const int now = outage_depth_ > 0 ? 0 : worker_limit_;
  if (now != available_) signals_.workers_available_changed(config_.service, now - available_);
  available_ = now;
}

void Replica::begin_outage(bool refuse_mode) {
  ++outage_depth_;
  outage_refuse_ = refuse_mode;
  signal_available();
  // The replica loses everything it holds; collect first, then tell callers, so
  // nobody sees a half-cleared replica.
  std::vector<std::uint32_t> dropped(in_service_.begin(), in_service_.end());
  while (!queue_.empty()) dropped.push_back(dequeue());
  for (std::uint32_t index : in_service_) {
    const Attempt& a = attempts_.at_index(index);
    if (a.phase == Attempt::Phase::working && a.work_ends != Time::max()) signals_.working_changed(config_.service, -1);
  }
  signals_.workers_released(config_.service, busy_);
  busy_ = 0;
  in_service_.clear();
  deferred_.clear();
  std::vector<std::uint32_t> holding;  // [data-tier] locks and connections to give back once they are gone
  if (rows_ != nullptr || pools_ != nullptr) {
    for (std::uint32_t index : dropped) {
      const Attempt& a = attempts_.at_index(index);
      if (a.lock == Attempt::Hold::held || a.connection == Attempt::Hold::held) holding.push_back(index);
    }
  }
  std::vector<std::pair<std::uint64_t, std::uint32_t>> to_release;  // (lock key or ~0, pool id or kNoPool)
  for (std::uint32_t index : holding) {
    const Attempt& a = attempts_.at_index(index);
    to_release.emplace_back(a.lock == Attempt::Hold::held ? a.data_key : ~0ULL,
                            a.connection == Attempt::Hold::held ? pool_ids_[a.next_call] : kNoPool);
  }
  for (std::uint32_t index : dropped) {
    Attempt& a = attempts_.at_index(index);
    const Handle h{index, a.gen};
    if (a.phase == Attempt::Phase::calling) ctx_.calls->abandon(a.downstream);  // goes on as orphaned work
    const Outcome refused{false, Reason::error};
    lost(h, refuse_mode ? &refused : nullptr);
    if (refuse_mode) {
      refuse(h);
    } else {
      signals_.service(config_.service, Signals::kLost);
      attempts_.release(h);
    }
  }
  const Time now = engine_.now();
  for (const auto& [key, pool] : to_release) {
    if (key != ~0ULL) rows_->unlock(now, key);
    if (pool != kNoPool) pools_->release(pool, now);
  }
  if (drain_ != nullptr) check_drained();  // [data-tier]
}

void Replica::end_outage() {
  if (outage_depth_ > 0) --outage_depth_;
  signal_available();
}

void Replica::pause() {
  if (pause_depth_++ > 0) return;
  const Time now = engine_.now();
  for (std::uint32_t index : in_service_) {
    Attempt& a = attempts_.at_index(index);
    if (a.phase != Attempt::Phase::working) continue;
    a.remaining = a.work_ends - now;
    a.work_ends = Time::max();  // the pending work-done event becomes stale
    signals_.working_changed(config_.service, -1);
  }
}

void Replica::resume() {
  if (pause_depth_ == 0 || --pause_depth_ > 0) return;
  const Time now = engine_.now();
  for (std::uint32_t index : in_service_) {
    Attempt& a = attempts_.at_index(index);
    if (a.phase != Attempt::Phase::working) continue;
    a.work_ends = now + a.remaining;
    signals_.working_changed(config_.service, +1);
    engine_.schedule_at(a.work_ends, self_, kWorkDone, Handle{index, a.gen}.pack());
  }
  std::vector<Deferred> replay;
  replay.swap(deferred_);
  for (const Deferred& d : replay) {
    if (d.is_timer) {
      engine_.dispatch(d.target, d.kind, d.payload);
    } else if (attempts_.alive(d.attempt)) {
      on_call_done(d.attempt, d.outcome);
    }
  }
  start_waiting();
}

}  // namespace faultline

namespace faultline {

// --- [data-tier] row locks and connection pools ----------------------------------

bool Replica::rows_first(Handle h, Time now) {
  Attempt& a = attempts_[h];
  a.data_key = rows_->key_of(a.op_id);
  if (config_.read_replica >= 0) {  // a read replica: reads lock nothing; is what it reads stale?
    rows_->read(now, a.data_key, static_cast<std::uint32_t>(config_.read_replica));
    return false;
  }
  if (!rows_->has_locks() || !rows_->wants_lock()) return false;
  // The worker is taken, then waits idle for the lock: busy, not working.
  signals_.worker_taken_idle(config_.service, now - a.arrived);
  a.phase = Attempt::Phase::locking;
  a.slot = static_cast<std::uint32_t>(in_service_.size());
  in_service_.push_back(h.index);
  if (!rows_->lock(now, a.data_key, h)) {
    a.lock = Attempt::Hold::waiting;
    a.work_ends = Time::max();
    return true;
  }
  a.lock = Attempt::Hold::held;
  a.phase = Attempt::Phase::working;
  signals_.working_changed(config_.service, +1);
  begin_work(h);
  return true;
}

void Replica::lock_granted(Handle h) {
  attempts_[h].lock = Attempt::Hold::held;
  data_event_when_running(kLockGranted, h);
}

void Replica::lock_timed_out(Handle h) {
  attempts_[h].lock = Attempt::Hold::none;
  data_event_when_running(kLockTimedOut, h);
}

void Replica::connection_granted(Handle h) {
  attempts_[h].connection = Attempt::Hold::held;
  data_event_when_running(kConnectionGranted, h);
}

void Replica::data_event_when_running(EventKind kind, Handle h) {
  if (paused()) {
    defer_timer(self_, kind, h.pack());  // handed back at resume
    return;
  }
  data_event(kind, h);
}

void Replica::connection_timed_out(Handle h) {
  attempts_[h].connection = Attempt::Hold::none;
  on_call_done(h, Outcome{false, Reason::error});  // as a failed call (deferred while paused)
}

void Replica::data_event(EventKind kind, Handle h) {
  Attempt& a = attempts_[h];
  switch (kind) {
    case kLockGranted:
      if (a.phase != Attempt::Phase::locking || a.lock != Attempt::Hold::held) return;
      a.phase = Attempt::Phase::working;
      signals_.working_changed(config_.service, +1);
      begin_work(h);
      return;
    case kLockTimedOut:
      if (a.phase != Attempt::Phase::locking || a.lock != Attempt::Hold::none) return;
      respond(h, Outcome{false, Reason::error}, false);
      return;
    case kConnectionGranted:
      if (a.phase != Attempt::Phase::calling || a.connection != Attempt::Hold::held) return;
      continue_calls(h);
      return;
    default: return;
  }
}

}  // namespace faultline
