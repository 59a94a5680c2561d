#include "faultline/model/row_store.hpp"

#include <algorithm>

#include "faultline/model/replica.hpp"

namespace faultline {

namespace {
enum : EventKind { kLockTimeouts = 1 };
}

RowStore::RowStore(ServiceContext& ctx, std::vector<std::unique_ptr<Replica>>& replicas, const ServiceSpec& spec,
                   std::uint64_t seed, const std::string& path)
    : ctx_(ctx),
      replicas_(replicas),
      keys_(spec.keys.zipf > 0 ? data::KeySampler::zipf(static_cast<std::uint64_t>(spec.keys.count), spec.keys.zipf)
                               : data::KeySampler::uniform(static_cast<std::uint64_t>(spec.keys.count))),
      key_seed_(stream_for(seed, path + ".keys").next()),
      share_(spec.locks.share),
      share_rng_(stream_for(seed, path + ".locks")),
      lag_(spec.replication.lag),
      lag_rng_(stream_for(seed, path + ".lag")) {
  if (spec.locks.enabled) table_.emplace(spec.locks.timeout);
  if (spec.replication.read_replicas > 0) {
    log_.emplace(static_cast<std::uint32_t>(spec.replication.read_replicas));
    lags_.resize(static_cast<std::size_t>(spec.replication.read_replicas));
  }
}

void RowStore::attach() { self_ = ctx_.engine.add_handler(this); }

std::uint64_t RowStore::key_of(std::uint64_t op_id) const {
  // A generator seeded by (the service's key seed, op_id): the same operation
  // draws the same key however many requests, retries or calls it makes.
  std::uint64_t state = key_seed_ ^ (op_id * 0x9e3779b97f4a7c15ULL);
  Rng rng(splitmix64(state));
  return keys_.draw(rng);
}

bool RowStore::lock(Time now, std::uint64_t key, Handle attempt) {
  if (table_->acquire(now, key, attempt.pack())) {
    if (ctx_.signals.in_window()) lock_wait_.record(0);
    return true;
  }
  if (ctx_.signals.in_window()) ++lock_waits_;
  arm();
  return false;
}

void RowStore::unlock(Time now, std::uint64_t key) {
  // A waiter that left meanwhile (its replica's outage) passes the lock on.
  while (const auto grant = table_->release(now, key)) {
    const Handle h = Handle::unpack(grant->tag);
    if (!ctx_.attempts.alive(h) || ctx_.attempts[h].lock != Attempt::Hold::waiting) continue;
    if (ctx_.signals.in_window()) lock_wait_.record(grant->waited.count_ns());
    replicas_[ctx_.attempts[h].replica]->lock_granted(h);
    return;
  }
}

void RowStore::arm() {
  if (armed_) return;
  const Time at = table_->next_deadline();
  if (at == Time::max()) return;
  armed_ = true;
  ctx_.engine.schedule_at(std::max(at, ctx_.engine.now()), self_, kLockTimeouts, arm_gen_);  // a moved deadline may be past
}

void RowStore::on_event(EventKind, std::uint64_t payload) {
  if (payload != arm_gen_) return;  // outdated by set_locks
  armed_ = false;
  const Time now = ctx_.engine.now();
  table_->expire(now, [&](std::uint64_t, const data::Grant& g) {
    const Handle h = Handle::unpack(g.tag);
    if (!ctx_.attempts.alive(h) || ctx_.attempts[h].lock != Attempt::Hold::waiting) return;
    if (ctx_.signals.in_window()) {
      lock_wait_.record(g.waited.count_ns());
      ++lock_timeouts_;
    }
    replicas_[ctx_.attempts[h].replica]->lock_timed_out(h);
  });
  arm();
}

void RowStore::wrote(Time now, std::uint64_t key) {
  for (Duration& lag : lags_) lag = Duration::ns(lag_.sample_ns(lag_rng_));
  log_->write(now, key, lags_);
}

void RowStore::read(Time now, std::uint64_t key, std::uint32_t ordinal) {
  const bool stale = log_->read(now, key, ordinal);
  if (!ctx_.signals.in_window()) return;
  ++reads_;
  stale_ += stale ? 1 : 0;
}

void RowStore::report(ServiceSummary& out) const {
  if (table_) {
    out.locks = true;
    out.lock_waits = lock_waits_;
    out.lock_timeouts = lock_timeouts_;
    out.lock_wait_mean_ms = lock_wait_.mean() * 1e-6;
    out.lock_wait_p99_ms = lock_wait_.quantile(0.99) * 1e-6;
  }
  if (log_) {
    out.replication = true;
    out.reads = reads_;
    out.stale_reads = stale_;
    out.stale_read_share = reads_ == 0 ? 0.0 : static_cast<double>(stale_) / static_cast<double>(reads_);
  }
}

void RowStore::set_locks(const LocksSpec& locks) {
  share_ = locks.share;
  if (!table_) return;
  table_->set_timeout(locks.timeout);
  ++arm_gen_;  // the deadlines moved: the pending event may be late
  armed_ = false;
  arm();
}

}  // namespace faultline
