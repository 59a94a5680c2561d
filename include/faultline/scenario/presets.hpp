#pragma once
// Retry-policy presets: the defaults that well-known systems document, filled
// in before the policy's own keys (which override them).
#include <string>
#include <string_view>
#include <vector>

#include "faultline/scenario/spec.hpp"

namespace faultline {

struct RetryPreset {
  std::string name;    // envoy | grpc | aws-sdk | finagle
  std::string source;  // where each default comes from
  RetrySpec policy;
};

/// Every preset, in a fixed order.
const std::vector<RetryPreset>& retry_presets();
/// The preset of that name, or nullptr.
const RetryPreset* find_retry_preset(std::string_view name);

}  // namespace faultline
