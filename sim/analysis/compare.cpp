#include "faultline/analysis/compare.hpp"

#include <algorithm>
#include <cmath>

#include "faultline/analysis/batch.hpp"
#include "faultline/analysis/expectations.hpp"
#include "faultline/analysis/recovery.hpp"
#include "faultline/analysis/stress.hpp"
#include "faultline/metrics/registry.hpp"
#include "faultline/scenario/load.hpp"

namespace faultline::analysis {

namespace {

/// A row of the comparison: read from a run's registry (or its time series) for one client.
struct MetricDef {
  const char* name;
  bool higher_is_better;
  double (*read)(const RunResult&, const MetricRegistry&, const std::string& entity);
  bool optional = false;  // left out when no run has a value other than 0
};

/// The sum of one figure over every service.
double sum_services(const MetricRegistry& m, const char* path) {
  double s = 0;
  for (const auto& metric : m.all()) {
    if (metric.entity.rfind("services.", 0) == 0 && std::string(metric.path) == path) s += metric.value;
  }
  return s;
}

const MetricDef kClientMetrics[] = {
    {"goodput/s", true, [](const RunResult&, const MetricRegistry& m, const std::string& c) { return m.value(c, "goodput_per_s"); }},
    {"success ratio", true,
     [](const RunResult&, const MetricRegistry& m, const std::string& c) {
       const double done = m.value(c, "operations") - m.value(c, "in_flight");
       return done > 0 ? m.value(c, "succeeded") / done : std::nan("");
     }},
    {"amplification", false, [](const RunResult&, const MetricRegistry& m, const std::string& c) { return m.value(c, "amplification"); }},
    {"p50 ms", false, [](const RunResult&, const MetricRegistry& m, const std::string& c) { return m.value(c, "latency_ms.p50"); }},
    {"p99 ms", false, [](const RunResult&, const MetricRegistry& m, const std::string& c) { return m.value(c, "latency_ms.p99"); }},
    {"p99.9 ms", false, [](const RunResult&, const MetricRegistry& m, const std::string& c) { return m.value(c, "latency_ms.p999"); }},
    // Every operation, failures at their failure time: a policy that fails its slow calls does not win here.
    {"p99 ms (all ops)", false, [](const RunResult&, const MetricRegistry& m, const std::string& c) { return m.value(c, "latency_all_ms.p99"); }, true},
    {"p99.9 ms (all ops)", false, [](const RunResult&, const MetricRegistry& m, const std::string& c) { return m.value(c, "latency_all_ms.p999"); }, true},
    {"failed timeout", false, [](const RunResult&, const MetricRegistry& m, const std::string& c) { return m.value(c, "failed.timeout"); }, true},
    {"failed error", false, [](const RunResult&, const MetricRegistry& m, const std::string& c) { return m.value(c, "failed.error"); }, true},
    {"failed rejected", false, [](const RunResult&, const MetricRegistry& m, const std::string& c) { return m.value(c, "failed.rejected"); }, true},
    {"failed short-circuited", false, [](const RunResult&, const MetricRegistry& m, const std::string& c) { return m.value(c, "failed.short_circuited"); }, true},
    {"failed throttled", false, [](const RunResult&, const MetricRegistry& m, const std::string& c) { return m.value(c, "failed.throttled"); }, true},
    {"failed deadline", false, [](const RunResult&, const MetricRegistry& m, const std::string& c) { return m.value(c, "failed.deadline"); }, true},
    {"recovery s", false,
     [](const RunResult& r, const MetricRegistry&, const std::string& c) {
       std::size_t index = 0;
       while (index < r.clients.size() && "clients." + r.clients[index].name != c) ++index;
       const Recovery rec = recovery(r, index);
       if (!rec.applicable) return std::nan("");
       return rec.recovered ? rec.seconds : INFINITY;  // infinite: did not recover
     }},
};

/// The load each dependency receives.
const MetricDef kEdgeMetrics[] = {
    {"amplification", false, [](const RunResult&, const MetricRegistry& m, const std::string& e) { return m.value(e, "amplification"); }},
};

/// [data-tier] What a queue did (only rows some run has a value for).
const MetricDef kQueueMetrics[] = {
    {"depth max", false, [](const RunResult&, const MetricRegistry& m, const std::string& q) { return m.value(q, "depth_max"); }, true},
    {"end-to-end p99 ms", false, [](const RunResult&, const MetricRegistry& m, const std::string& q) { return m.value(q, "end_to_end_ms.p99"); }, true},
    {"redeliveries", false, [](const RunResult&, const MetricRegistry& m, const std::string& q) { return m.value(q, "redeliveries"); }, true},
    {"dead-lettered", false, [](const RunResult&, const MetricRegistry& m, const std::string& q) { return m.value(q, "dead_lettered"); }, true},
    {"lost", false, [](const RunResult&, const MetricRegistry& m, const std::string& q) { return m.value(q, "lost"); }, true},
};

/// [data-tier] Each cache: how much it kept off its backend.
const MetricDef kCacheMetrics[] = {
    {"hit ratio", true, [](const RunResult&, const MetricRegistry& m, const std::string& c) { return m.value(c, "hit_ratio"); }},
    {"backend calls", false, [](const RunResult&, const MetricRegistry& m, const std::string& c) { return m.value(c, "backend_calls"); }},
};

const MetricDef kScenarioMetrics[] = {
    {"orphaned", false, [](const RunResult&, const MetricRegistry& m, const std::string&) { return sum_services(m, "orphaned"); }},
    {"duplicates", false, [](const RunResult&, const MetricRegistry& m, const std::string&) { return sum_services(m, "duplicates"); }},
};

// [data-tier] With `cost:`: what each variant would cost to run, lower is better.
const MetricDef kCostMetrics[] = {
    {"cost $ per million succeeded", false,
     [](const RunResult&, const MetricRegistry& m, const std::string&) { return m.value("cost", "per_million_succeeded"); }},
    {"cost $", false, [](const RunResult&, const MetricRegistry& m, const std::string&) { return m.value("cost", "total"); }},
    {"replica-seconds (autoscaled)", false,
     [](const RunResult&, const MetricRegistry& m, const std::string&) { return sum_services(m, "replica_seconds"); }, true},
};

}  // namespace

StressResult summarize_stress(const std::string& client, std::size_t seeds, const std::vector<RunResult>& plain,
                              const std::vector<RunResult>& stressed) {
  StressResult out;
  out.client = client;
  out.cases.push_back("as written");
  for (const auto& c : stress_battery()) out.cases.push_back(c.name);
  const std::size_t cases = stress_battery().size(), variants = plain.size() / std::max<std::size_t>(seeds, 1);
  const std::string entity = "clients." + client;
  // runs of variant v, case k (0: as written): plain[v*seeds + s], stressed[(v*cases + k-1)*seeds + s]
  auto run_of = [&](std::size_t v, std::size_t k, std::size_t s) -> const RunResult& {
    return k == 0 ? plain[v * seeds + s] : stressed[(v * cases + k - 1) * seeds + s];
  };
  for (std::size_t v = 0; v < variants; ++v) {
    std::vector<Interval> goodput;
    std::vector<int> metastable;
    for (std::size_t k = 0; k <= cases; ++k) {
      std::vector<double> samples;
      int never = 0;
      for (std::size_t s = 0; s < seeds; ++s) {
        const RunResult& r = run_of(v, k, s);
        samples.push_back(r.partial ? std::nan("") : registry(r)->value(entity, "goodput_per_s"));
        never += r.verdict.state == "metastable" ? 1 : 0;
      }
      goodput.push_back(interval(samples));
      metastable.push_back(never);
    }
    std::size_t worst = 0;
    for (std::size_t k = 1; k < goodput.size(); ++k) {
      if (goodput[k].mean < goodput[worst].mean) worst = k;
    }
    out.goodput.push_back(std::move(goodput));
    out.metastable.push_back(std::move(metastable));
    out.worst.push_back(worst);
    out.ranking.push_back(v);
  }
  // Best worst case first; fewer metastable seeds break ties.
  auto worst_mean = [&](std::size_t v) { return out.goodput[v][out.worst[v]].mean; };
  std::stable_sort(out.ranking.begin(), out.ranking.end(), [&](std::size_t a, std::size_t b) {
    if (worst_mean(a) != worst_mean(b)) return worst_mean(a) > worst_mean(b);
    return out.metastable[a][out.worst[a]] < out.metastable[b][out.worst[b]];
  });
  return out;
}

int clear_best(const std::vector<std::vector<double>>& samples, bool higher_is_better) {
  // Rank by mean; infinite samples (did not recover) rank as the worst.
  std::vector<std::pair<double, int>> ranked;
  for (std::size_t v = 0; v < samples.size(); ++v) {
    double sum = 0;
    int n = 0;
    for (double x : samples[v]) {
      if (std::isnan(x)) continue;
      sum += x;
      ++n;
    }
    if (n == 0) continue;
    const double mean = sum / n;
    ranked.emplace_back(higher_is_better ? -mean : mean, static_cast<int>(v));
  }
  if (ranked.size() < 2) return -1;
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  const auto best = static_cast<std::size_t>(ranked[0].second), second = static_cast<std::size_t>(ranked[1].second);
  if (ranked[0].first == ranked[1].first) return -1;  // a tie (and all-equal rows)
  // Paired by seed. "Did not recover" (infinite) counts as a very long time, so a
  // variant that recovers beats one that does not.
  auto finite = [](std::vector<double> v) {
    for (double& x : v) x = std::isinf(x) ? std::copysign(1e9, x) : x;
    return v;
  };
  const Interval d = paired_difference(finite(samples[second]), finite(samples[best]));
  if (d.n < 2) return -1;  // one seed: no interval, no claim
  const bool clear = higher_is_better ? d.mean - d.half_width > 0 : d.mean + d.half_width < 0;
  return clear ? static_cast<int>(best) : -1;
}

Comparison compare(const CompareOptions& o) {
  // Load every variant before running anything: bad input fails fast, nothing half done.
  std::vector<Spec> specs;
  Comparison out;
  for (const auto& v : o.variants) {
    std::vector<Override> overrides = o.sets;
    overrides.insert(overrides.end(), v.overrides.begin(), v.overrides.end());
    specs.push_back(load_spec(o.file, overrides));
    out.variants.push_back(v.name);
    std::string definition;
    for (const auto& ov : v.overrides) definition += (definition.empty() ? "" : ", ") + ov.path + "=" + ov.value;
    out.definitions.push_back(definition.empty() ? "as written" : definition);
  }
  if (specs.empty()) return out;
  out.scenario = specs.front().name;
  for (int s = 0; s < o.seeds; ++s) out.seeds.push_back(specs.front().simulation.seed + static_cast<std::uint64_t>(s));

  std::vector<BatchJob> jobs;
  for (const auto& spec : specs) {
    for (const auto seed : out.seeds) jobs.push_back(BatchJob{&spec, seed});
  }
  const std::size_t runs = jobs.size();
  // Under stress: every variant again under each case of the battery, in the same batch.
  const std::size_t cases = o.stress ? stress_battery().size() : 0;
  std::vector<Spec> stressed;
  stressed.reserve(specs.size() * cases);
  for (const auto& spec : specs) {
    for (std::size_t k = 0; k < cases; ++k) stressed.push_back(under_stress(spec, k));
  }
  for (const auto& spec : stressed) {
    for (const auto seed : out.seeds) jobs.push_back(BatchJob{&spec, seed});
  }
  const std::vector<RunResult> all = run_batch(jobs, BatchOptions{o.jobs, o.on_progress, o.stop});
  const std::vector<RunResult> results(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(runs));
  if (o.stress && !specs.front().clients.empty()) {
    out.stressed = true;
    out.stress = summarize_stress(specs.front().clients.front().name, out.seeds.size(), results,
                                  std::vector<RunResult>(all.begin() + static_cast<std::ptrdiff_t>(runs), all.end()));
  }
  out.partial = any_partial(all);
  out.runs.resize(specs.size());
  for (std::size_t i = 0; i < runs; ++i) out.runs[i / out.seeds.size()].push_back(results[i]);
  if (o.check) {
    for (std::size_t i = 0; i < runs; ++i) {
      const std::size_t v = i / out.seeds.size();
      for (const auto& e : check(specs[v], results[i])) {
        ++out.expectations_checked;
        if (!e.held) out.failed_expectations.push_back(FailedExpectation{out.variants[v], results[i].seed, e});
      }
    }
  }
  std::vector<std::shared_ptr<const MetricRegistry>> metrics;
  for (const auto& r : results) metrics.push_back(registry(r));
  auto add_row = [&](const MetricDef& def, const std::string& label, const std::string& entity) {
    MetricRow row;
    row.client = label;
    row.name = def.name;
    row.higher_is_better = def.higher_is_better;
    for (std::size_t v = 0; v < specs.size(); ++v) {
      std::vector<double> samples;
      for (std::size_t s = 0; s < out.seeds.size(); ++s) {
        const std::size_t i = v * out.seeds.size() + s;
        // A run cut short by Ctrl-C is left out of the figures.
        samples.push_back(results[i].partial ? std::nan("") : def.read(results[i], *metrics[i], entity));
      }
      row.intervals.push_back(interval(samples));
      row.samples.push_back(std::move(samples));
    }
    if (def.optional) {
      bool any = false;
      for (const auto& samples : row.samples) {
        for (double x : samples) any = any || (!std::isnan(x) && x != 0);
      }
      if (!any) return;
    }
    for (std::size_t v = 0; v < specs.size(); ++v) row.differences.push_back(paired_difference(row.samples[0], row.samples[v]));
    row.best = clear_best(row.samples, def.higher_is_better);
    out.rows.push_back(std::move(row));
  };
  for (std::size_t c = 0; c < specs.front().clients.size(); ++c) {
    const std::string& name = specs.front().clients[c].name;
    for (const auto& def : kClientMetrics) add_row(def, name, "clients." + name);
  }
  for (const auto& m : metrics.front()->all()) {
    if (m.entity.rfind("edges.", 0) != 0 || std::string(m.path) != "amplification") continue;
    for (const auto& def : kEdgeMetrics) add_row(def, m.entity.substr(6), m.entity);
  }
  for (const auto& m : metrics.front()->all()) {  // [data-tier] one set of rows per queue
    if (m.entity.rfind("queues.", 0) != 0 || std::string(m.path) != "published") continue;
    for (const auto& def : kQueueMetrics) add_row(def, m.entity.substr(7), m.entity);
  }
  for (const auto& m : metrics.front()->all()) {  // [data-tier] only where caches exist
    if (m.entity.rfind("caches.", 0) != 0 || std::string(m.path) != "hit_ratio") continue;
    for (const auto& def : kCacheMetrics) add_row(def, m.entity.substr(7), m.entity);
  }
  for (const auto& def : kScenarioMetrics) add_row(def, "", "");
  if (!results.empty() && results.front().cost.present) {
    for (const auto& def : kCostMetrics) add_row(def, "", "");
  }
  return out;
}

}  // namespace faultline::analysis
