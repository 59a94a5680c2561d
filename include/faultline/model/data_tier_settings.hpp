#pragma once
// [data-tier] The data tier's settings changed mid-run (Simulation::set, the
// live mode's controls, `faultline map`): caches, queues, connection pools,
// row locks, autoscaling bounds and admission. A value is read and checked as
// the loader reads that key (field tables, then the scenario's rules on a
// copy of the spec), then handed to the component's own narrow setter.
#include <optional>
#include <string>

#include "faultline/scenario/spec.hpp"

namespace faultline {

struct Model;

/// The data tier's paths that can change mid-run, for messages and docs.
inline constexpr const char* kDataTierSettablePaths =
    "caches.NAME.{ttl, capacity, coalesce}, "
    "queues.NAME.{consumer.concurrency, visibility_timeout, max_receives, shed_above, capacity}, "
    "services.NAME.calls[i].pool.size, services.NAME.locks.{timeout, share}, services.NAME.autoscale.{min, max}, "
    "services.NAME.admission.{max_concurrency, token_bucket.rate, token_bucket.burst, codel.target, codel.interval}";

/// Whether `path` belongs to the data tier (caches., queues., or a service's
/// pool, locks, autoscale or admission): apply_data_tier_setting answers it.
bool is_data_tier_setting(const std::string& path);

/// Applies `path` = `value` at the engine's current time; `spec` is the run's
/// own copy and is updated with the value. Returns an error message (the path,
/// what was expected, what was given), or nullopt when applied.
std::optional<std::string> apply_data_tier_setting(Model& model, Spec& spec, const std::string& path,
                                                   const std::string& value);

}  // namespace faultline
