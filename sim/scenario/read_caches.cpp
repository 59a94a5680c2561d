// [data-tier] Caches (`caches.NAME`) and the calls that read through them (`- cache: NAME`).
#include "builder.hpp"
#include "fields.hpp"

namespace faultline::scenario {

void Builder::cache(const YAML::Node& n, const std::string& path, CacheSpec& c) {
  if (!r_.map(n, path, Section::cache)) {
    quiet_.push_back(path);
    return;
  }
  if (n["backend"]) {
    c.backend = service_ref(n["backend"], path + ".backend");
  } else {
    r_.error(n, path + ".backend", "missing: the service a miss calls, e.g. backend: db");
  }
  if (!n["capacity"]) r_.error(n, path + ".capacity", "missing: how many entries the cache holds, e.g. capacity: 50000");
  read_fields(r_, n, path, Section::cache, c);
  if (const YAML::Node k = n["keys"]) {
    if (r_.map(k, path + ".keys", Section::cache_keys)) read_fields(r_, k, path + ".keys", Section::cache_keys, c);
  }
  if (const YAML::Node h = n["hit_time"]) c.hit_time = distribution(h, path + ".hit_time");
}

void Builder::cache_call(const YAML::Node& c, const std::string& path, CallSpec& call) {
  if (c["service"]) {
    r_.error(c["service"], path + ".service",
             "a call reads a cache or calls a service, not both: the cache's `backend` is the service a miss calls");
  }
  auto name = r_.string(c["cache"], path + ".cache");
  if (!name) return;
  const auto i = lookup(c["cache"], path + ".cache", *name, {&caches_}, "cache", "caches are defined under `caches:`");
  if (!i) {
    quiet_.push_back(path);
    return;
  }
  call.cache = *i;
  if (static_cast<std::size_t>(*i) < spec_.caches.size()) call.service = spec_.caches[static_cast<std::size_t>(*i)].backend;
  if (call.service < 0) quiet_.push_back(path);  // the cache's own error stands
}

}  // namespace faultline::scenario
