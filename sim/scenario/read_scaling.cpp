// [data-tier] `autoscale` on a service and the top-level `cost:` section.
#include "builder.hpp"
#include "fields.hpp"

namespace faultline::scenario {

void Builder::autoscale(const YAML::Node& n, const std::string& path, ServiceSpec& s) {
  AutoscaleSpec& a = s.autoscale;
  if (!optional_section(n, path, Section::autoscale, a)) return;
  a.enabled = true;
  if (!n["max"]) r_.error(n, path + ".max", "missing: the most replicas, e.g. max: 20");
  const YAML::Node t = n["target"];
  if (!t) {
    r_.error(n, path + ".target", "missing: the metric's target per replica, e.g. target: 60%");
    return;
  }
  // A share for the utilizations, a length or a rate for the others.
  auto text = r_.string(t, path + ".target");
  if (!text) return;
  std::optional<double> v;
  if (text->find('/') != std::string::npos) {
    v = r_.rate(t, path + ".target");
  } else if (!text->empty() && text->back() == '%') {
    v = r_.probability(t, path + ".target");
  } else {
    v = r_.real(t, path + ".target", -1e300, 1e300);
  }
  if (v) a.target = *v;
}

void Builder::cost(const YAML::Node& n) {
  CostSpec& c = spec_.cost;
  if (!r_.map(n, "cost", Section::cost)) return;
  c.enabled = true;
  double price = 0;
  if (n["replica_hour"]) {
    if (auto v = read_key<double>(r_, Section::cost, "replica_hour", n["replica_hour"], "cost.replica_hour")) price = *v;
  }
  c.replica_hour.assign(spec_.services.size(), price);
  c.per_million_requests.assign(spec_.services.size(), 0.0);
  const YAML::Node list = n["services"];
  if (!list || !r_.named_map(list, "cost.services")) return;
  for (const auto& kv : list) {
    const std::string name = kv.first.IsScalar() ? kv.first.Scalar() : "";
    const std::string p = "cost.services." + name;
    const auto s = lookup(kv.first, p, name, {&services_}, "service");
    if (!s || !r_.map(kv.second, p, Section::cost_service)) continue;
    const auto i = static_cast<std::size_t>(*s);
    if (i >= c.replica_hour.size()) continue;
    if (const YAML::Node v = kv.second["replica_hour"]) {
      if (auto x = read_key<double>(r_, Section::cost_service, "replica_hour", v, p + ".replica_hour")) c.replica_hour[i] = *x;
    }
    if (const YAML::Node v = kv.second["per_million_requests"]) {
      if (auto x = read_key<double>(r_, Section::cost_service, "per_million_requests", v, p + ".per_million_requests"))
        c.per_million_requests[i] = *x;
    }
  }
}

}  // namespace faultline::scenario
