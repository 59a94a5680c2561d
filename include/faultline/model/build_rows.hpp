#pragma once
// [data-tier] The build step of keys, row locks, replication (RowStore per
// service with `keys`) and connection pools (CallPools, for calls with `pool`).
// Nothing is built, and no stream or handler is added, for a spec without them.
namespace faultline {

struct Model;
struct Spec;

void build_rows_and_pools(Model& model, const Spec& spec);

}  // namespace faultline
