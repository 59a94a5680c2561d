#include "faultline/model/build_rows.hpp"

#include "faultline/model/builder.hpp"
#include "faultline/model/call_pools.hpp"
#include "faultline/model/row_store.hpp"

namespace faultline {

namespace {

void build_rows(Model& m, const Spec& spec) {
  for (std::uint32_t s = 0; s < spec.services.size(); ++s) {
    const ServiceSpec& svc = spec.services[s];
    if (svc.keys.count <= 0) continue;
    auto rows = std::make_unique<RowStore>(m.services->context(), m.services->replicas(), svc, spec.simulation.seed,
                                           "services." + svc.name);
    rows->attach();
    RowStore* store = rows.get();
    for (Replica* r : m.services->service(s).replicas()) r->set_rows(store);
    if (store->has_locks()) {
      m.recorder.add_gauge("services." + svc.name, "locks_waiting",
                           [store](Time) { return static_cast<double>(store->locks_waiting()); });
    }
    if (store->has_replication()) {  // the share of this interval's reads that were stale (0 without reads)
      m.recorder.add_gauge("services." + svc.name, "stale_read_share",
                           [store, reads = std::uint64_t{0}, stale = std::uint64_t{0}](Time) mutable {
                             const std::uint64_t dr = store->reads_total() - reads, ds = store->stale_total() - stale;
                             reads = store->reads_total();
                             stale = store->stale_total();
                             return dr == 0 ? 0.0 : static_cast<double>(ds) / static_cast<double>(dr);
                           });
    }
    m.reporters.push_back([store, s](RunResult& r) {
      if (s < r.services.size()) store->report(r.services[s]);
    });
    m.components.push_back(std::move(rows));
  }
}

void build_pools(Model& m, const Spec& spec) {
  bool any = false;
  for (const ServiceSpec& svc : spec.services) {
    for (const CallSpec& c : svc.calls) any = any || c.pool.size > 0;
  }
  if (!any) return;
  auto owned = std::make_unique<CallPools>(m.services->context(), m.services->replicas());
  owned->attach();
  CallPools* pools = owned.get();
  for (std::uint32_t s = 0; s < spec.services.size(); ++s) {
    const ServiceSpec& svc = spec.services[s];
    bool has = false;
    for (const CallSpec& c : svc.calls) has = has || c.pool.size > 0;
    if (!has) continue;
    const std::vector<std::uint32_t>& edges = m.service_call_edges[s];
    for (Replica* r : m.services->service(s).replicas()) {
      std::vector<std::uint32_t> ids(svc.calls.size(), Replica::kNoPool);
      for (std::size_t k = 0; k < svc.calls.size(); ++k) {
        const PoolSpec& p = svc.calls[k].pool;
        if (p.size > 0) ids[k] = pools->add(edges[k], static_cast<std::uint32_t>(p.size), p.wait_timeout);
      }
      r->set_pools(pools, std::move(ids));
    }
    for (std::size_t k = 0; k < svc.calls.size(); ++k) {
      if (svc.calls[k].pool.size <= 0) continue;
      const std::uint32_t e = edges[k];
      const std::string entity = "edges." + m.callers->edge(e).config.name;
      m.recorder.add_gauge(entity, "pool_in_use", [pools, e](Time) { return pools->in_use(e); });
      m.recorder.add_gauge(entity, "pool_waiters", [pools, e](Time) { return pools->waiters(e); });
    }
  }
  m.reporters.push_back([pools](RunResult& r) { pools->report(r.edges); });
  m.components.push_back(std::move(owned));
}

}  // namespace

void build_rows_and_pools(Model& m, const Spec& spec) {
  build_rows(m, spec);
  build_pools(m, spec);
}

}  // namespace faultline
