// The top of the tree: simulation, services, clients, faults, expectations;
// then the rules of validate() located in the file.
#include "builder.hpp"

#include <algorithm>
#include <climits>
#include <filesystem>
#include <sstream>

#include "faultline/scenario/validate.hpp"
#include "expect_metrics.hpp"
#include "fields.hpp"

namespace faultline::scenario {

std::string item(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

bool switched_off(const YAML::Node& n) { return n.IsScalar() && (n.Scalar() == "none" || n.Scalar() == "off"); }

void Names::collect(const YAML::Node& map) {
  if (!map || !map.IsMap()) return;
  for (const auto& kv : map) {
    if (!kv.first.IsScalar() || index.count(kv.first.Scalar())) continue;
    index[kv.first.Scalar()] = static_cast<int>(list.size());
    list.push_back(kv.first.Scalar());
  }
}

YAML::Node node_at(const YAML::Node& root, const std::string& path) {
  YAML::Node cur = root;
  std::size_t i = 0;
  while (i < path.size()) {
    YAML::Node next;
    if (path[i] == '[') {
      const auto close = path.find(']', i);
      const std::size_t k = std::stoul(path.substr(i + 1, close - i - 1));
      if (!cur.IsSequence() || k >= cur.size()) return cur;
      next = cur[k];
      i = close + 1;
    } else {
      if (path[i] == '.') ++i;
      const auto end = path.find_first_of(".[", i);
      const std::string key = path.substr(i, end == std::string::npos ? std::string::npos : end - i);
      if (!cur.IsMap() || !cur[key]) return cur;
      next = cur[key];
      i = end == std::string::npos ? path.size() : end;
    }
    cur.reset(next);
  }
  return cur;
}

std::optional<int> Builder::lookup(const YAML::Node& at, const std::string& path, const std::string& name,
                                   std::initializer_list<const Names*> kinds, const std::string& noun,
                                   const std::string& otherwise, std::size_t* which) {
  std::vector<std::string> all;
  std::size_t k = 0;
  for (const Names* names : kinds) {
    if (auto it = names->index.find(name); it != names->index.end()) {
      if (which) *which = k;
      return it->second;
    }
    all.insert(all.end(), names->list.begin(), names->list.end());
    ++k;
  }
  const std::string near = nearest(name, all);
  r_.error(at, path, "no " + noun + " named `" + name + "`" + (noun == "retry policy" ? " in retry_policies" : ""),
           near.empty() ? otherwise : "did you mean `" + near + "`?");
  return std::nullopt;
}

int Builder::service_ref(const YAML::Node& n, const std::string& path) {
  auto name = r_.string(n, path);
  if (!name) return -1;
  return lookup(n, path, *name, {&services_}, "service").value_or(-1);
}

void Builder::simulation(const YAML::Node& n) {
  if (!r_.map(n, "simulation", Section::simulation)) return;
  if (!n["duration"]) r_.error(n, "simulation.duration", "missing: how long to simulate, e.g. duration: 120s");
  read_fields(r_, n, "simulation", Section::simulation, spec_.simulation);
}

void Builder::service(const YAML::Node& n, const std::string& path, ServiceSpec& s) {
  if (!r_.map(n, path, Section::service)) return;
  read_fields(r_, n, path, Section::service, s);
  if (const YAML::Node q = n["queue"]) {
    if (r_.map(q, path + ".queue", Section::queue)) read_fields(r_, q, path + ".queue", Section::queue, s.queue);
  }
  if (n["service_time"]) {
    s.service_time = distribution(n["service_time"], path + ".service_time");
  } else {
    r_.error(n, path + ".service_time", "missing: how long a request's own work takes, e.g. service_time: {dist: exponential, mean: 5ms}");
  }
  if (const YAML::Node id = n["idempotency"]) optional_section(id, path + ".idempotency", Section::idempotency, s.idempotency);
  if (const YAML::Node ld = n["load_dependent"]) {  // [data-tier]
    if (optional_section(ld, path + ".load_dependent", Section::load_dependent, s.load_dependent) &&
        !ld["mode"]) {
      r_.error(ld, path + ".load_dependent.mode", "missing: linear, polynomial or exponential");
    }
  }
  if (const YAML::Node adm = n["admission"]) {  // [data-tier]: exactly one mechanism
    const std::string ap = path + ".admission";
    AdmissionSpec& a = s.admission;
    if (optional_section(adm, ap, Section::admission, a)) {
      const int given = (adm["max_concurrency"] ? 1 : 0) + (adm["token_bucket"] ? 1 : 0) + (adm["codel"] ? 1 : 0);
      if (given != 1) {
        r_.error(adm, ap, "expected exactly one of max_concurrency, token_bucket, codel");
      } else if (adm["max_concurrency"]) {
        a.kind = AdmissionSpec::Kind::max_concurrency;
      } else if (const YAML::Node tb = adm["token_bucket"]) {
        a.kind = AdmissionSpec::Kind::token_bucket;
        a.burst = 1;
        if (r_.map(tb, ap + ".token_bucket", Section::token_bucket)) {
          read_fields(r_, tb, ap + ".token_bucket", Section::token_bucket, a);
          if (!tb["rate"]) r_.error(tb, ap + ".token_bucket.rate", "missing: tokens per unit of time, e.g. rate: 500/s");
        }
      } else if (const YAML::Node cd = adm["codel"]) {
        a.kind = AdmissionSpec::Kind::codel;
        if (r_.map(cd, ap + ".codel", Section::codel)) read_fields(r_, cd, ap + ".codel", Section::codel, a);
      }
    }
  }
  data_keys(n, path, s);  // [data-tier] keys, locks, replication
  if (const YAML::Node as = n["autoscale"]) autoscale(as, path + ".autoscale", s);  // [data-tier]
  if (const YAML::Node list = n["calls"]) calls(list, path + ".calls", s);
}

void Builder::data_keys(const YAML::Node& n, const std::string& path, ServiceSpec& s) {
  if (const YAML::Node k = n["keys"]) {
    if (r_.map(k, path + ".keys", Section::service_keys)) {
      read_fields(r_, k, path + ".keys", Section::service_keys, s.keys);
      if (!k["count"]) r_.error(k, path + ".keys.count", "missing: how many keys, e.g. keys: {count: 100000, zipf: 0.99}");
    }
  }
  if (const YAML::Node l = n["locks"]) s.locks.enabled = optional_section(l, path + ".locks", Section::locks, s.locks);
  if (const YAML::Node rep = n["replication"]) {
    const std::string rp = path + ".replication";
    if (optional_section(rep, rp, Section::replication, s.replication)) {
      if (!rep["read_replicas"]) r_.error(rep, rp + ".read_replicas", "missing: how many read replicas, e.g. 2");
      if (rep["lag"]) {
        s.replication.lag = distribution(rep["lag"], rp + ".lag");
      } else {
        r_.error(rep, rp + ".lag", "missing: the replication lag, e.g. lag: {dist: exponential, mean: 200ms}");
      }
    }
  }
}

void Builder::calls(const YAML::Node& list, const std::string& path, ServiceSpec& s) {
  if (!r_.list(list, path)) return;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string cp = item(path, i);
    const YAML::Node c = list[i];
    CallSpec call;
    if (c.IsMap() && c["publish"]) {  // [data-tier] an asynchronous publish
      if (r_.map(c, cp, Section::call)) {
        publish_call(c, cp, call);
      } else {
        quiet_.push_back(cp);
      }
    } else if (r_.map(c, cp, Section::call)) {
      if (c["cache"]) {  // [data-tier]
        cache_call(c, cp, call);
      } else if (c["service"]) {
        call.service = service_ref(c["service"], cp + ".service");
      } else {
        r_.error(c, cp + ".service", "missing: the service to call (or `cache: NAME`)");
      }
      read_fields(r_, c, cp, Section::call, call);
      if (const YAML::Node p = c["pool"]) {  // [data-tier]
        if (optional_section(p, cp + ".pool", Section::pool, call.pool) && !p["size"]) {
          r_.error(p, cp + ".pool.size", "missing: connections per caller replica, e.g. pool: {size: 20, wait_timeout: 500ms}");
        }
      }
      if (c["retry"]) call.retry = retry_ref(c["retry"], cp + ".retry");
      edge_policies(c, cp, call.policies);
    } else {
      quiet_.push_back(cp);
    }
    s.calls.push_back(call);
  }
}

void Builder::client(const YAML::Node& n, const std::string& path, ClientSpec& c) {
  if (!r_.map(n, path, Section::client)) {
    quiet_.push_back(path);
    return;
  }
  if (n["target"] && is_queue_target(n["target"])) {  // [data-tier] target: queue:NAME
    c.target_queue = queue_target(n["target"], path + ".target");
  } else if (n["target"]) {
    c.target = service_ref(n["target"], path + ".target");
  } else {
    r_.error(n, path + ".target", "missing: the service this client calls");
  }
  const bool open = static_cast<bool>(n["rate"]), closed = static_cast<bool>(n["users"]);
  if (open == closed) {
    r_.error(n, path, open ? "give either `rate` (open loop) or `users` (closed loop), not both"
                           : "missing: `rate` (open loop, e.g. rate: 800/s) or `users` (closed loop)");
  }
  c.loop = closed && !open ? ClientSpec::Loop::closed : ClientSpec::Loop::open;
  if (n["arrival"] && !open) r_.error(n["arrival"], path + ".arrival", "`arrival` goes with `rate` (open loop)");
  read_fields(r_, n, path, Section::client, c);
  if (n["think_time"]) {
    if (!closed) r_.error(n["think_time"], path + ".think_time", "`think_time` goes with `users` (closed loop)");
    c.think_time = distribution(n["think_time"], path + ".think_time");
  }
  if (n["retry"]) c.retry = retry_ref(n["retry"], path + ".retry");
  edge_policies(n, path, c.policies);
  if (const YAML::Node sched = n["schedule"]) schedule(sched, path + ".schedule", c);
  if (const YAML::Node list = n["bursts"]) bursts(list, path + ".bursts", c);
}

void Builder::schedule(const YAML::Node& list, const std::string& path, ClientSpec& c) {
  if (!r_.list(list, path)) return;
  const bool open = c.loop == ClientSpec::Loop::open;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string sp = item(path, i);
    const YAML::Node s = list[i];
    ScheduleStep step;
    if (!r_.map(s, sp, Section::schedule_step)) continue;
    if (!s["at"]) r_.error(s, sp + ".at", "missing: when the change starts");
    read_fields(r_, s, sp, Section::schedule_step, step);
    if (s["rate"]) {
      if (!open) r_.error(s["rate"], sp + ".rate", "this client is closed loop: change `users`, not `rate`");
      if (auto v = read_key<double>(r_, Section::schedule_step, "rate", s["rate"], sp + ".rate")) step.rate_per_s = *v;
    }
    if (s["users"]) {
      if (open) r_.error(s["users"], sp + ".users", "this client is open loop: change `rate`, not `users`");
      if (auto v = read_key<int>(r_, Section::schedule_step, "users", s["users"], sp + ".users")) step.users = *v;
    }
    if (!s["rate"] && !s["users"]) r_.error(s, sp, open ? "missing: the new `rate`" : "missing: the new `users`");
    c.schedule.push_back(step);
  }
}

void Builder::bursts(const YAML::Node& list, const std::string& path, ClientSpec& c) {
  if (!r_.list(list, path)) return;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string bp = item(path, i);
    BurstSpec b;
    if (!r_.map(list[i], bp, Section::burst)) continue;
    if (!list[i]["at"]) r_.error(list[i], bp + ".at", "missing: when");
    if (!list[i]["count"]) r_.error(list[i], bp + ".count", "missing: how many operations");
    read_fields(r_, list[i], bp, Section::burst, b);
    c.bursts.push_back(b);
  }
  std::stable_sort(c.bursts.begin(), c.bursts.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
}

void Builder::fault(const YAML::Node& n, const std::string& path, FaultSpec& f) {
  using Kind = FaultSpec::Kind;
  if (!r_.map(n, path, Section::fault)) {
    quiet_.push_back(path);
    return;
  }
  if (!n["kind"]) {
    r_.error(n, path + ".kind", "missing: latency, errors, outage, capacity, pause, drop_responses, partition, network_delay or cache_flush");
    quiet_.push_back(path);
    return;
  }
  const auto kind = r_.choice<Kind>(n["kind"], path + ".kind");
  if (!kind) {
    quiet_.push_back(path);
    return;
  }
  f.kind = *kind;
  // Which keys each kind takes, beyond kind/at/duration.
  std::vector<std::string> own;
  switch (f.kind) {
    case Kind::latency: own = {"target", "add", "multiply"}; break;
    case Kind::errors: own = {"target", "probability"}; break;
    case Kind::outage: own = {"target", "mode"}; break;
    case Kind::capacity: own = {"target", "workers"}; break;
    case Kind::pause: own = {"target"}; break;
    case Kind::drop_responses: own = {"target", "probability"}; break;
    case Kind::partition: own = {"from", "to", "mode"}; break;
    case Kind::network_delay: own = {"from", "to", "add"}; break;
    case Kind::cache_flush: own = {"target"}; break;
  }
  for (const auto& kv : n) {
    const std::string key = kv.first.Scalar();
    if (key == "kind" || key == "at" || key == "duration") continue;
    if (std::find(own.begin(), own.end(), key) == own.end()) {
      r_.error(kv.first, path + "." + key, "`" + key + "` does not apply to a " + n["kind"].Scalar() + " fault");
    }
  }
  // A partition blackholes unless told otherwise; an outage refuses.
  f.mode = f.kind == Kind::partition ? FaultSpec::OutageMode::blackhole : FaultSpec::OutageMode::refuse;
  read_fields(r_, n, path, Section::fault, f);
  if (f.kind == Kind::cache_flush) {  // [data-tier] an instant: the cache empties at `at`
    if (n["duration"]) r_.error(n["duration"], path + ".duration", "a cache_flush is instantaneous: it has no duration");
    f.duration = Duration::zero();
  }
  fault_target(n, path, f);
  switch (f.kind) {
    case Kind::latency:
      if (!n["add"] && !n["multiply"]) r_.error(n, path, "missing: `add` (e.g. add: 300ms) and/or `multiply` (e.g. multiply: 3)");
      break;
    case Kind::errors:
    case Kind::drop_responses:
      if (!n["probability"]) r_.error(n, path + ".probability", "missing: how likely, e.g. probability: 0.3");
      break;
    case Kind::capacity:
      if (!n["workers"]) r_.error(n, path + ".workers", "missing: workers per replica while the fault lasts");
      break;
    case Kind::network_delay:
      if (!n["add"]) r_.error(n, path + ".add", "missing: the delay each way, e.g. add: 50ms");
      break;
    case Kind::outage:
    case Kind::partition:
    case Kind::cache_flush:
    case Kind::pause: break;
  }
}

void Builder::fault_target(const YAML::Node& n, const std::string& path, FaultSpec& f) {
  if (f.kind == FaultSpec::Kind::partition || f.kind == FaultSpec::Kind::network_delay) {
    if (!n["from"] || !n["to"]) {
      r_.error(n, path, "missing: `from` (a service or client) and `to` (a service)");
      return;
    }
    if (auto from = r_.string(n["from"], path + ".from")) {
      std::size_t which = 0;
      if (auto i = lookup(n["from"], path + ".from", *from, {&services_, &clients_}, "service or client", "", &which)) {
        f.from = *i;
        f.from_client = which == 1;
      }
    }
    f.to = service_ref(n["to"], path + ".to");
    return;
  }
  if (f.kind == FaultSpec::Kind::cache_flush) {  // [data-tier]: the target is a cache
    if (!n["target"]) {
      r_.error(n, path + ".target", "missing: the cache to flush");
    } else if (auto name = r_.string(n["target"], path + ".target")) {
      if (auto i = lookup(n["target"], path + ".target", *name, {&caches_}, "cache", "caches are defined under `caches:`")) f.target = *i;
    }
    return;
  }
  if (!n["target"]) {
    r_.error(n, path + ".target", "missing: the service to break");
    return;
  }
  auto text = r_.string(n["target"], path + ".target");
  if (!text) return;
  std::string name = *text;
  const auto open = name.find('[');
  if (open != std::string::npos && name.back() == ']') {
    const std::string digits = name.substr(open + 1, name.size() - open - 2);
    name = name.substr(0, open);
    const bool number = !digits.empty() && digits.size() <= 18 &&
                        std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!number) {
      r_.error(n["target"], path + ".target", "expected a replica like \"" + name + "[0]\"");
    } else {
      // Past INT_MAX it is out of range all the same: validate() names the replica count.
      f.replica = static_cast<int>(std::min<long long>(std::stoll(digits), INT_MAX));
    }
  }
  if (auto i = lookup(n["target"], path + ".target", name, {&services_}, "service")) f.target = *i;
}

void Builder::expectation(const YAML::Node& n, const std::string& path, ExpectSpec& e) {
  if (!r_.map(n, path, Section::expectation)) return;
  if (!n["metric"]) {
    r_.error(n, path + ".metric", "missing: the metric, e.g. clients.web.goodput_per_s");
    return;
  }
  if (auto m = r_.string(n["metric"], path + ".metric")) {
    e.metric = *m;
    // The entity must exist, and a summary figure's name too (a windowed one is checked when the run is).
    const auto dot1 = m->find('.');
    const auto dot2 = dot1 == std::string::npos ? std::string::npos : m->find('.', dot1 + 1);
    const std::string kind = m->substr(0, dot1);
    const std::string name = dot2 == std::string::npos ? "" : m->substr(dot1 + 1, dot2 - dot1 - 1);
    const bool cost_figure = kind == "cost" && dot1 != std::string::npos;  // [data-tier] cost.total, ...
    const bool known = cost_figure || (kind == "clients" && clients_.index.count(name)) ||
                       (kind == "services" && services_.index.count(name)) || kind == "edges" ||
                       (kind == "queues" && queues_.index.count(name)) ||  // [data-tier]
                       (kind == "caches" && caches_.index.count(name));  // [data-tier]
    if (cost_figure) {
      if (!root_has_cost_) r_.error(n["metric"], path + ".metric", "`" + *m + "` needs a top-level `cost:` section");
    } else if (dot2 == std::string::npos || !known) {
      r_.error(n["metric"], path + ".metric", "expected clients.NAME.METRIC, services.NAME.METRIC, edges.FROM->TO.METRIC or caches.NAME.METRIC naming an existing entity, got \"" + *m + "\"");
    } else if (!n["after"] && !n["before"]) {  // a summary figure: its name is known now
      check_summary_metric(r_, n["metric"], path + ".metric", kind, m->substr(dot2 + 1));
    }
  }
  // A bound may carry a unit: a rate (750/s), a duration (in ms, as the metrics), a percentage, or a number.
  auto bound = [&](const char* key, double& out) {
    const YAML::Node b = n[key];
    if (!b) return;
    auto text = r_.string(b, path + "." + key);
    if (!text) return;
    if (text->find('/') != std::string::npos) {
      if (auto v = r_.rate(b, path + "." + key)) out = *v;
    } else if (!text->empty() && text->back() == '%') {
      if (auto v = r_.probability(b, path + "." + key)) out = *v;
    } else if (!text->empty() && std::isalpha(static_cast<unsigned char>(text->back()))) {
      if (auto v = r_.duration(b, path + "." + key)) out = v->millis();
    } else {
      if (auto v = r_.real(b, path + "." + key, -1e300, 1e300)) out = *v;
    }
  };
  bound("at_least", e.at_least);
  bound("at_most", e.at_most);
  if (!n["at_least"] && !n["at_most"]) r_.error(n, path, "missing: at_least and/or at_most");
  read_fields(r_, n, path, Section::expectation, e);
  e.windowed = n["after"] || n["before"];
  std::ostringstream text;
  text << e.metric;
  if (n["at_least"]) text << " >= " << n["at_least"].Scalar();
  if (n["at_most"]) text << " <= " << n["at_most"].Scalar();
  if (n["after"]) text << " after " << n["after"].Scalar();
  if (n["before"]) text << " before " << n["before"].Scalar();
  e.text = text.str();
}

template <class T, class Read>
void Builder::named(const YAML::Node& map, const std::string& path, const Names& names, std::vector<T>& out, Read read) {
  if (!r_.named_map(map, path)) return;
  for (const auto& kv : map) {
    // A name defined twice is reported by named_map; only its first definition is
    // read, so that every index is that of its name.
    const std::string name = kv.first.IsScalar() ? kv.first.Scalar() : "";
    const auto it = names.index.find(name);
    if (it == names.index.end() || static_cast<std::size_t>(it->second) != out.size()) continue;
    T item;
    item.name = name;
    read(kv.second, path + "." + name, item);
    out.push_back(std::move(item));
  }
}

template <class T, class Read>
void Builder::required_named(const YAML::Node& root, const std::string& key, const std::string& noun,
                             const Names& names, std::vector<T>& out, Read read) {
  const YAML::Node map = root[key];
  if (!map) {
    r_.error(root, key, "missing: at least one " + noun);
    return;
  }
  if (map.IsMap() && map.size() == 0) r_.error(map, key, "expected at least one " + noun);
  named(map, key, names, out, read);
}

void Builder::raw_map(const YAML::Node& n, const std::string& path) {
  if (!n.IsMap()) r_.error(n, path, "expected a mapping");
}

Spec Builder::build(const YAML::Node& root, const std::string& file) {
  if (!r_.map(root, "", Section::top)) return spec_;
  services_.collect(root["services"]);
  queues_.collect(root["queues"]);  // [data-tier]
  clients_.collect(root["clients"]);
  root_has_cost_ = static_cast<bool>(root["cost"]);
  policies_.collect(root["retry_policies"]);
  caches_.collect(root["caches"]);  // [data-tier]
  spec_.name = std::filesystem::path(file).stem().string();
  if (root["name"]) {
    if (auto v = r_.string(root["name"], "name")) spec_.name = *v;
  }
  if (root["description"]) {
    if (auto v = r_.string(root["description"], "description")) spec_.description = *v;
  }
  if (root["simulation"]) {
    simulation(root["simulation"]);
  } else {
    r_.error(root, "simulation", "missing: simulation: {duration: 60s}");
  }
  if (const YAML::Node policies = root["retry_policies"]) {
    named(policies, "retry_policies", policies_, spec_.retry_policies,
          [&](const YAML::Node& n, const std::string& path, RetrySpec& p) { p = retry_policy(n, path, p.name); });
  }
  if (const YAML::Node caches = root["caches"]) {  // [data-tier]: before the services whose calls name them
    named(caches, "caches", caches_, spec_.caches,
          [&](const YAML::Node& n, const std::string& path, CacheSpec& c) { cache(n, path, c); });
  }
  required_named(root, "services", "service", services_, spec_.services,
                 [&](const YAML::Node& n, const std::string& path, ServiceSpec& s) { service(n, path, s); });
  if (const YAML::Node queues = root["queues"]) {  // [data-tier]
    named(queues, "queues", queues_, spec_.queues,
          [&](const YAML::Node& n, const std::string& path, AsyncQueueSpec& q) { message_queue(n, path, q); });
  }
  required_named(root, "clients", "client", clients_, spec_.clients,
                 [&](const YAML::Node& n, const std::string& path, ClientSpec& c) { client(n, path, c); });
  if (const YAML::Node faults = root["faults"]) {
    if (r_.list(faults, "faults")) {
      for (std::size_t i = 0; i < faults.size(); ++i) {
        FaultSpec f;
        fault(faults[i], item("faults", i), f);
        spec_.faults.push_back(f);
      }
    }
  }
  // Inline policies go after the named ones; fix up their indices.
  const int named = static_cast<int>(spec_.retry_policies.size());
  for (auto& p : inline_policies_) spec_.retry_policies.push_back(std::move(p));
  auto fix = [named](int& ref) {
    if (ref <= -2) ref = named + (-2 - ref);
  };
  for (auto& s : spec_.services) {
    for (auto& c : s.calls) fix(c.retry);
  }
  for (auto& c : spec_.clients) fix(c.retry);
  if (const YAML::Node c = root["cost"]) cost(c);  // [data-tier]
  if (const YAML::Node expect = root["expect"]) {
    if (r_.list(expect, "expect")) {
      for (std::size_t i = 0; i < expect.size(); ++i) {
        ExpectSpec e;
        expectation(expect[i], item("expect", i), e);
        spec_.expect.push_back(std::move(e));
      }
    }
  }
  if (const YAML::Node variants = root["variants"]) {
    // Variants are applied by `faultline compare`; here they are only checked for shape.
    if (r_.named_map(variants, "variants")) {
      for (const auto& kv : variants) {
        const std::string p = "variants." + kv.first.Scalar();
        if (!kv.second.IsMap()) r_.error(kv.second, p, "expected a mapping of key paths to values, e.g. {retry_policies.standard.max_attempts: 1}");
      }
    }
  }
  if (const YAML::Node n = root["workshop"]) raw_map(n, "workshop");
  if (const YAML::Node n = root["stress"]) {
    if (auto v = r_.boolean(n, "stress")) spec_.stress = *v;
  }
  report(spec_, root);
  return spec_;
}

void Builder::report(const Spec& spec, const YAML::Node& root) {
  std::vector<std::string> covered = quiet_;
  for (const auto& e : r_.errors()) covered.push_back(e.key_path);
  auto inside = [](const std::string& inner, const std::string& outer) {
    return !outer.empty() && inner.size() > outer.size() && inner.rfind(outer, 0) == 0 &&
           (inner[outer.size()] == '.' || inner[outer.size()] == '[');
  };
  for (auto& e : validate(spec)) {
    const bool known = std::any_of(covered.begin(), covered.end(), [&](const std::string& c) {
      return c == e.key_path || inside(e.key_path, c) || inside(c, e.key_path);
    });
    if (!known) r_.error(node_at(root, e.key_path), e.key_path, std::move(e.message), std::move(e.suggestion));
  }
}

}  // namespace faultline::scenario
