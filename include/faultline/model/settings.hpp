#pragma once
// Settings changed mid-run (Simulation::set): which paths can change, how a
// value is read, and the verb of the component that applies it.
#include <optional>
#include <string>

#include "faultline/scenario/spec.hpp"

namespace faultline {

struct Model;

/// The paths that can change mid-run, for messages and docs.
inline constexpr const char* kSettablePaths =
    "clients.NAME.rate (open loop), clients.NAME.users (closed loop), clients.NAME.timeout, "
    "services.NAME.workers, services.NAME.error_rate, services.NAME.queue.capacity, services.NAME.calls[i].timeout, "
    "retry_policies.NAME.{max_attempts, base, multiplier, max, backoff, jitter, retry_on}; "
    "[data-tier] caches.NAME.{ttl, capacity, coalesce}, "
    "queues.NAME.{consumer.concurrency, visibility_timeout, max_receives, shed_above, capacity}, "
    "services.NAME.calls[i].pool.size, services.NAME.locks.{timeout, share}, services.NAME.autoscale.{min, max}, "
    "services.NAME.admission.{max_concurrency, token_bucket.rate, token_bucket.burst, codel.target, codel.interval}";

/// Applies `path` = `value` (YAML-like text) at the engine's current time.
/// `spec` is the run's own copy: retry policies are read from it by the model.
/// Returns an error message, or nullopt when applied.
std::optional<std::string> apply_setting(Model& model, Spec& spec, const std::string& path, const std::string& value);

}  // namespace faultline
