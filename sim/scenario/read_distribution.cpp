// A distribution mapping -> DistSpec: the keys each kind takes, durations in ns.
#include <algorithm>
#include <cmath>
#include <set>

#include "builder.hpp"
#include "faultline/scenario/mixture.hpp"

namespace faultline::scenario {

namespace {
/// The keys each kind takes besides `dist` (and `weight` inside a mixture).
std::vector<std::string> keys_of_kind(DistSpec::Kind kind) {
  using K = DistSpec::Kind;
  switch (kind) {
    case K::constant: return {"value"};
    case K::exponential: return {"mean"};
    case K::uniform: return {"min", "max"};
    case K::normal: return {"mean", "stddev"};
    case K::lognormal: return {"median", "p99", "mu", "sigma"};
    case K::pareto: return {"scale", "shape"};
    case K::mixture: return {"of"};
    case K::empirical: return {"points"};
  }
  return {};
}
constexpr double kZ99 = 2.3263478740408408;  // the standard normal's 99th percentile
}  // namespace

DistSpec Builder::distribution(const YAML::Node& n, const std::string& path, int depth) {
  DistSpec d;
  if (!n.IsMap()) {
    r_.error(n, path, "expected a distribution like {dist: exponential, mean: 5ms}");
    return d;
  }
  if (!n["dist"]) {
    r_.error(n, path + ".dist", "missing: which distribution (constant, exponential, uniform, normal, lognormal, pareto, mixture, empirical)");
    return d;
  }
  const auto kind = r_.choice<DistSpec::Kind>(n["dist"], path + ".dist");
  if (!kind) return d;
  d.kind = *kind;
  const auto allowed = keys_of_kind(d.kind);
  std::set<std::string> seen;
  bool misspelt = false;  // an unknown key is likely the missing one: report it alone
  const std::string dist_name = "dist: " + std::string(word_of(d.kind));
  for (const auto& kv : n) {
    const std::string key = kv.first.Scalar();
    if (!seen.insert(key).second) {
      r_.error(kv.first, path + "." + key, "duplicate key `" + key + "`");
      continue;
    }
    if (key == "dist" || (depth > 0 && key == "weight")) continue;
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      const std::string near = nearest(key, allowed);
      std::string keys;
      for (const auto& a : allowed) keys += (keys.empty() ? "" : ", ") + a;
      r_.error(kv.first, path + "." + key, "unknown key `" + key + "` for " + dist_name + " (it takes " + keys + ")",
               near.empty() ? "" : "did you mean `" + near + "`?");
      misspelt = true;
    }
  }
  if (misspelt) quiet_.push_back(path);
  auto need = [&](const char* key) -> YAML::Node {
    if (!n[key] && !misspelt) r_.error(n, path + "." + key, "missing: " + dist_name + " needs `" + key + "`");
    return n[key];
  };
  auto ns = [&](const char* key) -> double {
    const YAML::Node v = need(key);
    if (!v) return 0;
    auto dur = r_.duration(v, path + "." + key);
    return dur ? static_cast<double>(dur->count_ns()) : 0;
  };
  auto real = [&](const char* key, double lo, double hi, double& out) {
    if (const YAML::Node v = need(key)) {
      if (auto x = r_.real(v, path + "." + key, lo, hi)) out = *x;
    }
  };
  switch (d.kind) {
    case DistSpec::Kind::constant: d.value_ns = ns("value"); break;
    case DistSpec::Kind::exponential: d.mean_ns = ns("mean"); break;
    case DistSpec::Kind::uniform:
      d.min_ns = ns("min");
      d.max_ns = ns("max");
      break;
    case DistSpec::Kind::normal:
      d.mean_ns = ns("mean");
      d.stddev_ns = ns("stddev");
      break;
    case DistSpec::Kind::lognormal:
      if (n["mu"] || n["sigma"]) {
        if (n["median"] || n["p99"]) r_.error(n, path, "give either median and p99, or mu and sigma, not both");
        real("mu", -50, 50, d.mu);
        real("sigma", 0, 20, d.sigma);
      } else {
        const double median = ns("median"), p99 = ns("p99");
        if (median <= 0) {
          if (n["median"]) r_.error(n["median"], path + ".median", "expected a median > 0");
        } else if (p99 <= median) {
          if (n["p99"]) r_.error(n["p99"], path + ".p99", "expected p99 > median");
        } else {
          d.mu = std::log(median * 1e-9);
          d.sigma = std::log(p99 / median) / kZ99;
        }
      }
      break;
    case DistSpec::Kind::pareto:
      d.scale_ns = ns("scale");
      real("shape", 0.01, 100, d.shape);
      break;
    case DistSpec::Kind::mixture: {
      const YAML::Node of = need("of");
      if (!of || !r_.list(of, path + ".of")) {
        quiet_.push_back(path);
        break;
      }
      if (depth >= 4) {
        r_.error(of, path + ".of", "mixtures nest at most 4 deep");
        break;
      }
      for (std::size_t i = 0; i < of.size(); ++i) {
        const std::string p = item(path + ".of", i);
        DistSpec::Component c;
        if (!of[i].IsMap() || !of[i]["weight"]) {
          r_.error(of[i], p + ".weight", "missing: each branch needs a weight, e.g. {weight: 0.95, dist: constant, value: 5ms}");
          continue;
        }
        if (auto w = r_.real(of[i]["weight"], p + ".weight", 0, 1e9)) c.weight = *w;
        c.dist = distribution(of[i], p, depth + 1);
        d.of.push_back(std::move(c));
      }
      const auto shares = mixture_shares(d);  // stored as shares: reports print them
      for (std::size_t i = 0; i < d.of.size(); ++i) d.of[i].weight = shares[i];
      break;
    }
    case DistSpec::Kind::empirical: {
      const YAML::Node pts = need("points");
      if (!pts || !r_.list(pts, path + ".points")) {
        quiet_.push_back(path);
        break;
      }
      for (std::size_t i = 0; i < pts.size(); ++i) {
        const std::string p = item(path + ".points", i);
        if (!pts[i].IsSequence() || pts[i].size() != 2) {
          r_.error(pts[i], p, "expected a point [cdf, duration], e.g. [0.9, 12ms]");
          continue;
        }
        DistSpec::Point pt;
        if (auto v = r_.real(pts[i][0], p + "[0]", 0, 1)) pt.cdf = *v;
        if (auto v = r_.duration(pts[i][1], p + "[1]")) pt.value_ns = static_cast<double>(v->count_ns());
        d.points.push_back(pt);
      }
      break;
    }
  }
  return d;
}

}  // namespace faultline::scenario
