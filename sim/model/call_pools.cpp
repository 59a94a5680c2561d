#include "faultline/model/call_pools.hpp"

#include <algorithm>

#include "faultline/model/replica.hpp"

namespace faultline {

void CallPools::attach() { self_ = ctx_.engine.add_handler(this); }

std::uint32_t CallPools::add(std::uint32_t edge, std::uint32_t size, Duration wait_timeout) {
  pools_.push_back(Entry{edge, data::ConnectionPool(size, wait_timeout)});
  if (edges_.size() <= edge) edges_.resize(edge + 1);
  edges_[edge].present = true;
  edges_[edge].size = size;
  return static_cast<std::uint32_t>(pools_.size() - 1);
}

void CallPools::level(EdgeStats& e, int in_use, int waiting) {
  e.in_use += in_use;
  e.waiting += waiting;
  if (!ctx_.signals.in_window()) return;
  e.in_use_max = std::max(e.in_use_max, e.in_use);
  e.waiting_max = std::max(e.waiting_max, e.waiting);
}

bool CallPools::acquire(std::uint32_t id, Time now, Handle attempt) {
  Entry& p = pools_[id];
  EdgeStats& e = edges_[p.edge];
  if (p.pool.acquire(now, attempt.pack())) {
    level(e, +1, 0);
    if (ctx_.signals.in_window()) e.wait.record(0);
    return true;
  }
  level(e, 0, +1);
  arm(id);
  return false;
}

void CallPools::release(std::uint32_t id, Time now) {
  Entry& p = pools_[id];
  EdgeStats& e = edges_[p.edge];
  for (;;) {
    const auto grant = p.pool.release(now);
    if (!grant) {
      level(e, -1, 0);  // the connection idles
      return;
    }
    level(e, 0, -1);
    const Handle h = Handle::unpack(grant->tag);
    // A waiter that left meanwhile (its replica's outage) gives it back at once.
    if (!ctx_.attempts.alive(h) || ctx_.attempts[h].connection != Attempt::Hold::waiting) continue;
    if (ctx_.signals.in_window()) e.wait.record(grant->waited.count_ns());
    replicas_[ctx_.attempts[h].replica]->connection_granted(h);
    return;
  }
}

void CallPools::arm(std::uint32_t id) {
  Entry& p = pools_[id];
  if (p.armed) return;
  const Time at = p.pool.next_deadline();
  if (at == Time::max()) return;
  p.armed = true;
  ctx_.engine.schedule_at(at, self_, 1, id);
}

void CallPools::on_event(EventKind, std::uint64_t payload) {
  const auto id = static_cast<std::uint32_t>(payload);
  Entry& p = pools_[id];
  p.armed = false;
  EdgeStats& e = edges_[p.edge];
  p.pool.expire(ctx_.engine.now(), [&](const data::Grant& g) {
    level(e, 0, -1);
    const Handle h = Handle::unpack(g.tag);
    if (!ctx_.attempts.alive(h) || ctx_.attempts[h].connection != Attempt::Hold::waiting) return;
    if (ctx_.signals.in_window()) {
      e.wait.record(g.waited.count_ns());
      ++e.timeouts;
    }
    replicas_[ctx_.attempts[h].replica]->connection_timed_out(h);
  });
  arm(id);
}

double CallPools::in_use(std::uint32_t edge) const { return static_cast<double>(edges_[edge].in_use); }
double CallPools::waiters(std::uint32_t edge) const { return static_cast<double>(edges_[edge].waiting); }

void CallPools::report(std::vector<EdgeSummary>& edges) const {
  for (std::size_t i = 0; i < edges_.size() && i < edges.size(); ++i) {
    const EdgeStats& e = edges_[i];
    if (!e.present) continue;
    EdgeSummary& out = edges[i];
    out.pool = true;
    out.pool_size = e.size;
    out.pool_in_use_max = static_cast<std::uint64_t>(e.in_use_max);
    out.pool_waiters_max = static_cast<std::uint64_t>(e.waiting_max);
    out.pool_timeouts = e.timeouts;
    out.pool_wait_mean_ms = e.wait.mean() * 1e-6;
    out.pool_wait_p99_ms = e.wait.quantile(0.99) * 1e-6;
  }
}

void CallPools::set_size(std::uint32_t edge, std::uint32_t size, Time now) {
  if (edge < edges_.size()) edges_[edge].size = size;
  for (std::uint32_t id = 0; id < pools_.size(); ++id) {
    Entry& p = pools_[id];
    if (p.edge != edge) continue;
    p.pool.set_size(size);
    EdgeStats& e = edges_[edge];
    while (const auto grant = p.pool.grant_spare(now)) {
      level(e, +1, -1);
      const Handle h = Handle::unpack(grant->tag);
      // A waiter that left meanwhile gives it back at once: the next waiter gets it, or it idles.
      if (!ctx_.attempts.alive(h) || ctx_.attempts[h].connection != Attempt::Hold::waiting) {
        release(id, now);
        continue;
      }
      if (ctx_.signals.in_window()) e.wait.record(grant->waited.count_ns());
      replicas_[ctx_.attempts[h].replica]->connection_granted(h);
    }
  }
}

}  // namespace faultline
