#pragma once
// [data-tier] Connection pools on calls (`pool: {size, wait_timeout}`): one
// pool per caller replica and call. A request about to make that call takes a
// connection first (its worker held while it waits), keeps it for the whole
// call (every attempt) and gives it back when the call ends. A wait longer than
// wait_timeout fails the call as `error`. One handler for every pool of a run
// (one timer per pool with waiters); per-edge figures over the summary window.
#include <cstdint>
#include <memory>
#include <vector>

#include "faultline/engine/engine.hpp"
#include "faultline/metrics/histogram.hpp"
#include "faultline/metrics/run_result.hpp"
#include "faultline/model/data/connection_pool.hpp"
#include "faultline/model/pool.hpp"

namespace faultline {

class Replica;
struct ServiceContext;

class CallPools final : public EventHandler {
 public:
  CallPools(ServiceContext& ctx, std::vector<std::unique_ptr<Replica>>& replicas)
      : ctx_(ctx), replicas_(replicas) {}
  void attach();

  /// A pool of `size` connections for one caller replica on edge `edge`; returns its id.
  std::uint32_t add(std::uint32_t edge, std::uint32_t size, Duration wait_timeout);

  /// `attempt` wants a connection of pool `id`: true = it has one; false = it
  /// waits (a later Replica::connection_granted or connection_timed_out).
  bool acquire(std::uint32_t id, Time now, Handle attempt);
  /// A call ended: its connection goes to the oldest live waiter, or idles.
  void release(std::uint32_t id, Time now);

  void on_event(EventKind kind, std::uint64_t payload) override;
  /// Puts the pool figures into the summaries of the edges with pools.
  void report(std::vector<EdgeSummary>& edges) const;
  /// Connections in use / waiters on an edge now, summed over its caller replicas.
  double in_use(std::uint32_t edge) const;
  double waiters(std::uint32_t edge) const;
  /// [data-tier] Mid-run (Simulation::set): every pool on `edge` gets `size`
  /// connections; growing hands the new ones to waiters now, shrinking closes
  /// connections as they come back.
  void set_size(std::uint32_t edge, std::uint32_t size, Time now);

 private:
  struct Entry {
    std::uint32_t edge;
    data::ConnectionPool pool;
    bool armed = false;
  };
  struct EdgeStats {
    bool present = false;
    std::uint32_t size = 0;
    std::int64_t in_use = 0, waiting = 0;  // now, summed over the edge's pools
    std::int64_t in_use_max = 0, waiting_max = 0;
    std::uint64_t timeouts = 0;
    Histogram wait;  // every connection taken, zero waits included
  };
  void arm(std::uint32_t id);
  void level(EdgeStats& e, int in_use, int waiting);

  ServiceContext& ctx_;
  std::vector<std::unique_ptr<Replica>>& replicas_;
  TargetId self_ = 0;
  std::vector<Entry> pools_;
  std::vector<EdgeStats> edges_;  // by edge index
};

}  // namespace faultline
