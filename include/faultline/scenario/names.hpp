#pragma once
// The words the format uses for its enums, for reports and messages.
#include "faultline/scenario/spec.hpp"

namespace faultline {

constexpr const char* fault_kind_name(FaultSpec::Kind k) {
  switch (k) {
    case FaultSpec::Kind::latency: return "latency";
    case FaultSpec::Kind::errors: return "errors";
    case FaultSpec::Kind::outage: return "outage";
    case FaultSpec::Kind::capacity: return "capacity";
    case FaultSpec::Kind::pause: return "pause";
    case FaultSpec::Kind::drop_responses: return "drop_responses";
    case FaultSpec::Kind::partition: return "partition";
    case FaultSpec::Kind::network_delay: return "network_delay";
  }
  return "?";
}

constexpr const char* reason_name(Reason r) {
  switch (r) {
    case Reason::timeout: return "timeout";
    case Reason::error: return "error";
    case Reason::rejected: return "rejected";
    case Reason::short_circuited: return "short_circuited";
    case Reason::throttled: return "throttled";
    case Reason::deadline: return "deadline";
  }
  return "?";
}

}  // namespace faultline
