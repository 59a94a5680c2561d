#pragma once
// [data-tier] `faultline describe`'s words for the data tier: what a service
// adds (load-dependent latency, admission, keys, locks, replication,
// autoscaling), what a call adds (a connection pool, op), and the sections of
// caches, queues' publishers and cost. Each returns "" when the part is absent.
#include <string>

#include "faultline/scenario/spec.hpp"

namespace faultline::report {

/// ", load-dependent ..., admission ..., ..." appended to a service's line.
std::string service_data_words(const ServiceSpec& s);
/// Extra lines under a service (keys, locks, replication, autoscale), each indented and ending in '\n'.
std::string service_data_lines(const Spec& spec, const ServiceSpec& s);
/// ", pool of 20 (wait up to 500ms), op write" appended to a call's line.
std::string call_data_words(const CallSpec& c);
/// The line of a `- cache: NAME` call: "    then reads cache profiles (miss: calls db, timeout 1s, ...)".
std::string cache_call_words(const Spec& spec, const CallSpec& c);
/// "Caches" section (empty without caches).
std::string caches_section(const Spec& spec);
/// "    published by api, web" under a queue's line.
std::string queue_publishers(const Spec& spec, int queue);
/// "Cost" section (empty without `cost:`).
std::string cost_section(const Spec& spec);

}  // namespace faultline::report
