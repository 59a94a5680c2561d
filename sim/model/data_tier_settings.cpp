#include "faultline/model/data_tier_settings.hpp"

#include <vector>

#include "faultline/model/builder.hpp"
#include "faultline/model/cache_component.hpp"
#include "faultline/model/call_pools.hpp"
#include "faultline/model/queue_component.hpp"
#include "faultline/model/row_store.hpp"
#include "faultline/model/service_autoscaler.hpp"
#include "faultline/scenario/setting.hpp"
#include "faultline/scenario/validate.hpp"

namespace faultline {

namespace {

using Error = std::optional<std::string>;

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> parts(1);
  for (char ch : text) {
    if (ch == '.') parts.emplace_back();
    else parts.back() += ch;
  }
  return parts;
}

std::string cannot(const std::string& path) {
  return path + " cannot change mid-run; of the data tier these can: " + kDataTierSettablePaths;
}

/// The scenario's rules (validate) on the spec with the new value: the first
/// problem of the entity the path names, as the loader words it.
Error rules(const Spec& trial, const std::string& entity) {
  for (const LoadError& e : validate(trial)) {
    if (e.key_path.rfind(entity, 0) != 0) continue;
    return e.key_path + ": " + e.message + (e.suggestion.empty() ? "" : " (" + e.suggestion + ")");
  }
  return std::nullopt;
}

template <class Component>
Component* find_component(Model& m, const auto& matches) {
  for (const auto& c : m.components) {
    if (auto* x = dynamic_cast<Component*>(c.get()); x != nullptr && matches(*x)) return x;
  }
  return nullptr;
}

template <class Named>
int index_of(const std::vector<Named>& items, const std::string& name) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

Error set_cache(Model& m, Spec& spec, const std::string& path, const std::string& name, const std::string& field,
                const std::string& value) {
  const int c = index_of(spec.caches, name);
  if (c < 0) return path + ": no cache named " + name;
  if (field != "ttl" && field != "capacity" && field != "coalesce") return cannot(path);
  Spec trial = spec;
  CacheSpec& t = trial.caches[static_cast<std::size_t>(c)];
  if (auto e = read_setting(Section::cache, field, path, value, &t)) return e;
  if (auto e = rules(trial, "caches." + name)) return e;
  spec.caches[static_cast<std::size_t>(c)] = t;
  auto* cache = find_component<CacheComponent>(m, [&](const CacheComponent& x) { return x.name() == name; });
  if (field == "ttl") cache->set_ttl(t.ttl);
  if (field == "capacity") cache->set_capacity(static_cast<std::uint32_t>(t.capacity));
  if (field == "coalesce") cache->set_coalesce(t.coalesce);
  return std::nullopt;
}

Error set_queue(Model& m, Spec& spec, const std::string& path, const std::string& name, const std::string& field,
                const std::string& value) {
  const int q = index_of(spec.queues, name);
  if (q < 0) return path + ": no queue named " + name;
  const bool consumer = field == "consumer.concurrency";
  if (!consumer && field != "visibility_timeout" && field != "max_receives" && field != "shed_above" &&
      field != "capacity") {
    return cannot(path);
  }
  Spec trial = spec;
  AsyncQueueSpec& t = trial.queues[static_cast<std::size_t>(q)];
  if (auto e = read_setting(consumer ? Section::consumer : Section::message_queue, consumer ? "concurrency" : field,
                            path, value, &t)) {
    return e;
  }
  if (auto e = rules(trial, "queues." + name)) return e;
  spec.queues[static_cast<std::size_t>(q)] = t;
  find_component<QueueComponent>(m, [&](const QueueComponent& x) { return x.name() == name; })->reconfigure(t);
  return std::nullopt;
}

/// `calls[K].pool.size` or `calls.K.pool.size`: K, or -1.
long call_index(const std::string& field, std::string& rest) {
  std::size_t end = 0;
  std::string digits;
  if (field.rfind("calls[", 0) == 0) {
    end = field.find(']');
    if (end == std::string::npos) return -1;
    digits = field.substr(6, end - 6);
    ++end;
  } else if (field.rfind("calls.", 0) == 0) {
    end = field.find('.', 6);
    if (end == std::string::npos) return -1;
    digits = field.substr(6, end - 6);
  } else {
    return -1;
  }
  if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string::npos) return -1;
  rest = end < field.size() && field[end] == '.' ? field.substr(end + 1) : "";
  return std::stol(digits);
}

Error set_service(Model& m, Spec& spec, const std::string& path, const std::string& name, const std::string& field,
                  const std::string& value) {
  const int si = index_of(spec.services, name);
  if (si < 0) return path + ": no service named " + name;
  const auto s = static_cast<std::size_t>(si);
  const Time now = m.engine.now();
  const std::string entity = "services." + name;
  Spec trial = spec;
  ServiceSpec& t = trial.services[s];
  ServiceSpec& live = spec.services[s];

  std::string rest;
  if (const long k = call_index(field, rest); k >= 0 || field.rfind("calls", 0) == 0) {  // a call's pool
    if (k < 0 || static_cast<std::size_t>(k) >= live.calls.size()) {
      return path + ": service " + name + " has " + std::to_string(live.calls.size()) + " calls";
    }
    const auto ki = static_cast<std::size_t>(k);
    if (rest != "pool.size") return cannot(path);
    if (live.calls[ki].pool.size <= 0) {
      return path + ": this call has no connection pool (a pool is added in the file: pool: {size, wait_timeout})";
    }
    if (auto e = read_setting(Section::pool, "size", path, value, &t.calls[ki].pool)) return e;
    if (auto e = rules(trial, entity)) return e;
    live.calls[ki].pool = t.calls[ki].pool;
    auto* pools = find_component<CallPools>(m, [](const CallPools&) { return true; });
    pools->set_size(m.service_call_edges[s][ki], static_cast<std::uint32_t>(live.calls[ki].pool.size), now);
    return std::nullopt;
  }

  const auto dot = field.find('.');
  const std::string group = field.substr(0, dot), key = dot == std::string::npos ? "" : field.substr(dot + 1);
  if (group == "locks") {
    if (key != "timeout" && key != "share") return cannot(path);
    if (!live.locks.enabled) return path + ": service " + name + " has no locks (locks are added in the file)";
    if (auto e = read_setting(Section::locks, key, path, value, &t.locks)) return e;
    if (auto e = rules(trial, entity)) return e;
    const bool timeout_changed = t.locks.timeout != live.locks.timeout;
    live.locks = t.locks;
    RowStore* rows = m.services->service(static_cast<std::uint32_t>(s)).replicas().front()->rows();
    if (timeout_changed || key == "share") rows->set_locks(live.locks);
    return std::nullopt;
  }
  if (group == "autoscale") {
    if (key != "min" && key != "max") return cannot(path);
    if (!live.autoscale.enabled) return path + ": service " + name + " has no autoscale";
    if (auto e = read_setting(Section::autoscale, key, path, value, &t.autoscale)) return e;
    if (auto e = rules(trial, entity)) return e;
    auto* scaler = find_component<ServiceAutoscaler>(
        m, [&](const ServiceAutoscaler& x) { return x.service() == static_cast<std::uint32_t>(s); });
    if (t.autoscale.max > static_cast<int>(scaler->slots())) {
      return path + ": expected at most " + std::to_string(scaler->slots()) +
             " (the replica slots built from autoscale.max at load; mid-run the max can only come down)";
    }
    live.autoscale.min = t.autoscale.min;
    live.autoscale.max = t.autoscale.max;
    scaler->set_bounds(static_cast<std::uint32_t>(live.autoscale.min), static_cast<std::uint32_t>(live.autoscale.max));
    return std::nullopt;
  }
  if (group == "admission") {
    using K = AdmissionSpec::Kind;
    const K kind = live.admission.kind;
    Section section;
    std::string leaf;
    if (key == "max_concurrency" && kind == K::max_concurrency) {
      section = Section::admission;
      leaf = key;
    } else if ((key == "token_bucket.rate" || key == "token_bucket.burst") && kind == K::token_bucket) {
      section = Section::token_bucket;
      leaf = key.substr(13);
    } else if ((key == "codel.target" || key == "codel.interval") && kind == K::codel) {
      section = Section::codel;
      leaf = key.substr(6);
    } else if (kind == K::none) {
      return path + ": service " + name + " has no admission (it is added in the file)";
    } else {
      static const char* const kKeys[] = {"", "admission.max_concurrency", "admission.token_bucket.{rate, burst}",
                                          "admission.codel.{target, interval}"};
      return path + ": service " + name + "'s admission is " + kKeys[static_cast<int>(kind)] +
             " (its kind cannot change mid-run)";
    }
    if (auto e = read_setting(section, leaf, path, value, &t.admission)) return e;
    if (auto e = rules(trial, entity)) return e;
    const AdmissionSpec& a = t.admission;
    const bool same = a.max_concurrency == live.admission.max_concurrency && a.rate_per_s == live.admission.rate_per_s &&
                      a.burst == live.admission.burst && a.target == live.admission.target &&
                      a.interval == live.admission.interval;
    live.admission = a;
    if (!same) {
      for (Replica* r : m.services->service(static_cast<std::uint32_t>(s)).replicas()) r->set_admission(a, now);
    }
    return std::nullopt;
  }
  return cannot(path);
}

}  // namespace

bool is_data_tier_setting(const std::string& path) {
  if (path.rfind("caches.", 0) == 0 || path.rfind("queues.", 0) == 0) return true;
  if (path.rfind("services.", 0) != 0) return false;
  const auto parts = split(path);
  if (parts.size() < 3) return false;
  const std::string& f = parts[2];
  return f == "locks" || f == "autoscale" || f == "admission" || (f.rfind("calls", 0) == 0 && path.find(".pool.") != std::string::npos);
}

std::optional<std::string> apply_data_tier_setting(Model& m, Spec& spec, const std::string& path,
                                                   const std::string& value) {
  const auto parts = split(path);
  if (parts.size() < 3) return cannot(path);
  std::string field = parts[2];
  for (std::size_t i = 3; i < parts.size(); ++i) field += "." + parts[i];
  if (parts[0] == "caches") return set_cache(m, spec, path, parts[1], field, value);
  if (parts[0] == "queues") return set_queue(m, spec, path, parts[1], field, value);
  return set_service(m, spec, path, parts[1], field, value);
}

}  // namespace faultline
