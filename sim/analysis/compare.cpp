#include "faultline/analysis/compare.hpp"

#include <cmath>

#include "faultline/analysis/batch.hpp"
#include "faultline/analysis/expectations.hpp"
#include "faultline/analysis/recovery.hpp"
#include "faultline/metrics/registry.hpp"
#include "faultline/scenario/load.hpp"

namespace faultline::analysis {

namespace {

/// A row of the comparison: read from a run's registry (or its time series) for one client.
struct MetricDef {
  const char* name;
  bool higher_is_better;
  double (*read)(const RunResult&, const MetricRegistry&, const std::string& client);
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
    {"recovery s", false,
     [](const RunResult& r, const MetricRegistry&, const std::string& c) {
       std::size_t index = 0;
       while (index < r.clients.size() && "clients." + r.clients[index].name != c) ++index;
       const Recovery rec = recovery(r, index);
       if (!rec.applicable) return std::nan("");
       return rec.recovered ? rec.seconds : INFINITY;  // infinite: did not recover
     }},
};

const MetricDef kScenarioMetrics[] = {
    {"orphaned", false, [](const RunResult&, const MetricRegistry& m, const std::string&) { return sum_services(m, "orphaned"); }},
    {"duplicates", false, [](const RunResult&, const MetricRegistry& m, const std::string&) { return sum_services(m, "duplicates"); }},
};

}  // namespace

Comparison compare(const CompareOptions& o) {
  // Load every variant before running anything: bad input fails fast, nothing half done.
  std::vector<Spec> specs;
  Comparison out;
  for (const auto& v : o.variants) {
    std::vector<Override> overrides = o.sets;
    overrides.insert(overrides.end(), v.overrides.begin(), v.overrides.end());
    specs.push_back(load_spec(o.file, overrides));
    out.variants.push_back(v.name);
  }
  if (specs.empty()) return out;
  out.scenario = specs.front().name;
  for (int s = 0; s < o.seeds; ++s) out.seeds.push_back(specs.front().simulation.seed + static_cast<std::uint64_t>(s));

  std::vector<BatchJob> jobs;
  for (const auto& spec : specs) {
    for (const auto seed : out.seeds) jobs.push_back(BatchJob{&spec, seed});
  }
  const std::size_t runs = jobs.size();
  const std::vector<RunResult> results = run_batch(jobs, BatchOptions{o.jobs, o.on_progress, o.stop});
  out.partial = any_partial(results);
  for (std::size_t v = 0; v < specs.size(); ++v) out.first_seed.push_back(results[v * out.seeds.size()]);
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
  auto add_row = [&](const MetricDef& def, const std::string& client) {
    MetricRow row;
    row.client = client;
    row.name = def.name;
    row.higher_is_better = def.higher_is_better;
    for (std::size_t v = 0; v < specs.size(); ++v) {
      std::vector<double> samples;
      for (std::size_t s = 0; s < out.seeds.size(); ++s) {
        const std::size_t i = v * out.seeds.size() + s;
        // A run cut short by Ctrl-C is left out of the figures.
        samples.push_back(results[i].partial ? std::nan("") : def.read(results[i], *metrics[i], "clients." + client));
      }
      row.intervals.push_back(interval(samples));
      row.samples.push_back(std::move(samples));
    }
    for (std::size_t v = 0; v < specs.size(); ++v) row.differences.push_back(paired_difference(row.samples[0], row.samples[v]));
    for (std::size_t v = 0; v < specs.size(); ++v) {
      const double m = row.intervals[v].mean;
      if (std::isnan(m)) continue;
      if (row.best < 0 || (def.higher_is_better ? m > row.intervals[static_cast<std::size_t>(row.best)].mean
                                                : m < row.intervals[static_cast<std::size_t>(row.best)].mean)) {
        row.best = static_cast<int>(v);
      }
    }
    out.rows.push_back(std::move(row));
  };
  for (std::size_t c = 0; c < specs.front().clients.size(); ++c) {
    for (const auto& def : kClientMetrics) add_row(def, specs.front().clients[c].name);
  }
  for (const auto& def : kScenarioMetrics) add_row(def, "");
  return out;
}

}  // namespace faultline::analysis
