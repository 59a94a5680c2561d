#pragma once
// [data-tier] A service's rows: which key each operation touches (`keys`), the
// exclusive row locks some requests take during their own work (`locks`), and
// the replication log its read replicas are judged against (`replication`).
// One per service that has `keys`; the service's replicas call it, and it
// calls them back when a lock waiter is granted or gives up. It keeps the
// service's lock and stale-read figures over the summary window.
#include <cstdint>
#include <optional>
#include <vector>

#include "faultline/engine/engine.hpp"
#include "faultline/engine/random.hpp"
#include "faultline/metrics/histogram.hpp"
#include "faultline/metrics/run_result.hpp"
#include "faultline/model/data/key_sampler.hpp"
#include "faultline/model/data/lock_table.hpp"
#include "faultline/model/data/replication.hpp"
#include "faultline/model/pool.hpp"
#include "faultline/model/sampler.hpp"
#include "faultline/model/signals.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

class Replica;
struct ServiceContext;

class RowStore final : public EventHandler {
 public:
  /// `path` names the service's streams ("services.db"): `.keys`, `.locks`, `.lag`.
  RowStore(ServiceContext& ctx, std::vector<std::unique_ptr<Replica>>& replicas, const ServiceSpec& spec,
           std::uint64_t seed, const std::string& path);
  void attach();

  /// The key of operation `op_id` here: a pure function of (seed, service,
  /// op_id), so every request of one operation to this service touches one key.
  std::uint64_t key_of(std::uint64_t op_id) const;

  // --- locks ---------------------------------------------------------------
  bool has_locks() const { return table_.has_value(); }
  /// Whether this request needs its key's lock (drawn per request: locks.share).
  bool wants_lock() { return share_ >= 1.0 || share_rng_.bernoulli(share_); }
  /// `attempt` wants the lock on `key`: true = held now; false = it waits (a
  /// later call of Replica::lock_granted or lock_timed_out).
  bool lock(Time now, std::uint64_t key, Handle attempt);
  /// The holder of `key` is done with it: the oldest live waiter gets it.
  void unlock(Time now, std::uint64_t key);

  // --- replication -----------------------------------------------------------
  bool has_replication() const { return log_.has_value(); }
  /// A write of `key` completed on a primary at `now`: lags drawn per read replica.
  void wrote(Time now, std::uint64_t key);
  /// A read of `key` starting its work on read replica `ordinal` (0-based).
  void read(Time now, std::uint64_t key, std::uint32_t ordinal);

  void on_event(EventKind kind, std::uint64_t payload) override;
  /// Puts the lock and replication figures into the service's summary.
  void report(ServiceSummary& out) const;
  std::size_t locks_waiting() const { return table_ ? table_->waiting() : 0; }
  /// Reads and stale reads since the start (the time series takes differences).
  std::uint64_t reads_total() const { return log_ ? log_->reads() : 0; }
  std::uint64_t stale_total() const { return log_ ? log_->stale_reads() : 0; }
  /// [data-tier] Mid-run (Simulation::set): the locks' share (from the next
  /// request) and wait timeout (for the waits in progress too, from when each began).
  void set_locks(const LocksSpec& locks);

 private:
  void arm();

  ServiceContext& ctx_;
  std::vector<std::unique_ptr<Replica>>& replicas_;
  TargetId self_ = 0;
  data::KeySampler keys_;
  std::uint64_t key_seed_;
  // locks
  std::optional<data::LockTable> table_;
  double share_ = 1;
  Rng share_rng_;
  bool armed_ = false;
  std::uint64_t arm_gen_ = 0;  // the pending timeout event's payload; set_locks outdates it
  Histogram lock_wait_;
  std::uint64_t lock_waits_ = 0, lock_timeouts_ = 0;
  // replication
  std::optional<data::ReplicationLog> log_;
  Sampler lag_;
  Rng lag_rng_;
  std::vector<Duration> lags_;
  std::uint64_t reads_ = 0, stale_ = 0;
};

}  // namespace faultline
