#include "faultline/scenario/presets.hpp"

namespace faultline {

namespace {

/// Exponential backoff doubling from `base` up to `max`, full jitter: the shape
/// of most libraries' defaults.
RetrySpec full_jitter_exponential(int max_attempts, Duration base, Duration max) {
  RetrySpec p;
  p.max_attempts = max_attempts;
  p.backoff = RetrySpec::Backoff::exponential;
  p.base = base;
  p.multiplier = 2;
  p.max = max;
  p.jitter = RetrySpec::Jitter::full;
  return p;
}

RetrySpec envoy() {
  // Envoy route retry_policy: num_retries defaults to 1 (2 attempts); backoff is
  // "fully jittered exponential" with base_interval 25 ms and max_interval 10 x base.
  return full_jitter_exponential(2, Duration::ms(25), Duration::ms(250));
}

RetrySpec grpc() {
  // gRFC A6 (client retries): the example policy maxAttempts 4 (capped at 5 by
  // the library), initialBackoff 0.1 s, maxBackoff 1 s, backoffMultiplier 2,
  // delay random(0, current backoff); retryable status UNAVAILABLE (not
  // DEADLINE_EXCEEDED); retry throttling maxTokens 10, tokenRatio 0.1.
  RetrySpec p = full_jitter_exponential(4, Duration::ms(100), Duration::s(1));
  p.retry_on = reason_bit(Reason::error) | reason_bit(Reason::rejected);
  p.throttling.enabled = true;
  p.throttling.max_tokens = 10;
  p.throttling.token_ratio = 0.1;
  return p;
}

RetrySpec aws_sdk() {
  // AWS SDKs, retry_mode "standard": max_attempts 3; delay random(0, 1) x 2^i
  // seconds, capped at 20 s (full jitter, base 1 s). Its retry quota (500
  // tokens, 5 per retry) is not modelled: use `budget` for a similar cap.
  return full_jitter_exponential(3, Duration::s(1), Duration::s(20));
}

RetrySpec finagle() {
  // Finagle RetryBudget default (release 6.31 blog post "Retry Budgets"): 20%
  // of requests may be retried on top of 10 retries per second, deposits
  // expire after 10 s. Requeues are immediate; we allow 3 attempts.
  RetrySpec p;
  p.max_attempts = 3;
  p.backoff = RetrySpec::Backoff::none;
  p.budget.enabled = true;
  p.budget.ratio = 0.2;
  p.budget.min_per_second = 10;
  p.budget.ttl = Duration::s(10);
  return p;
}

}  // namespace

const std::vector<RetryPreset>& retry_presets() {
  static const std::vector<RetryPreset> presets = {
      {"envoy", "Envoy route RetryPolicy (num_retries default 1) and BackoffStrategy (base 25 ms, max 10x base)",
       envoy()},
      {"grpc", "gRFC A6 client retries: example retryPolicy and retryThrottling", grpc()},
      {"aws-sdk", "AWS SDKs and Tools reference, retry behavior, standard mode", aws_sdk()},
      {"finagle", "Finagle RetryBudget defaults (20%, 10/s, ttl 10 s)", finagle()},
  };
  return presets;
}

const RetryPreset* find_retry_preset(std::string_view name) {
  for (const auto& p : retry_presets()) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace faultline
