#pragma once
// Backoff and jitter, as the scenario format's "Precise semantics" defines them
// (AWS "Exponential Backoff and Jitter").
#include "faultline/engine/random.hpp"
#include "faultline/engine/time.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

/// Backoff before retry n (n = 1 for the first retry), capped at policy.max, before jitter.
Duration backoff_before_jitter(const RetrySpec& policy, int retry_n);

/// The sleep before retry n. `previous_sleep` is decorrelated jitter's memory
/// (start it at policy.base); draws from `rng` only when the jitter is random.
Duration retry_sleep(const RetrySpec& policy, int retry_n, Duration previous_sleep, Rng& rng);

}  // namespace faultline
