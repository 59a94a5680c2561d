#include "faultline/analysis/compare.hpp"

#include <atomic>
#include <cmath>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "../report/format.hpp"
#include "../report/text_table.hpp"
#include "faultline/report/report.hpp"
#include "faultline/analysis/expectations.hpp"
#include "faultline/analysis/recovery.hpp"
#include "faultline/faultline.hpp"

namespace faultline::analysis {

namespace {

struct MetricDef {
  const char* name;
  bool higher_is_better;
  double (*read)(const RunResult&, std::size_t client);
};

double sum_services(const RunResult& r, std::uint64_t ServiceSummary::*field) {
  double s = 0;
  for (const auto& v : r.services) s += static_cast<double>(v.*field);
  return s;
}

const MetricDef kClientMetrics[] = {
    {"goodput/s", true, [](const RunResult& r, std::size_t c) { return r.clients[c].goodput_per_s; }},
    {"success ratio", true,
     [](const RunResult& r, std::size_t c) {
       const auto& k = r.clients[c];
       const double done = static_cast<double>(k.operations - k.in_flight);
       return done > 0 ? static_cast<double>(k.succeeded) / done : std::nan("");
     }},
    {"amplification", false, [](const RunResult& r, std::size_t c) { return r.clients[c].amplification; }},
    {"p50 ms", false, [](const RunResult& r, std::size_t c) { return r.clients[c].latency.p50_ms; }},
    {"p99 ms", false, [](const RunResult& r, std::size_t c) { return r.clients[c].latency.p99_ms; }},
    {"p99.9 ms", false, [](const RunResult& r, std::size_t c) { return r.clients[c].latency.p999_ms; }},
    {"recovery s", false,
     [](const RunResult& r, std::size_t c) {
       const Recovery rec = recovery(r, c);
       if (!rec.applicable) return std::nan("");
       return rec.recovered ? rec.seconds : INFINITY;  // infinite: did not recover
     }},
};

const MetricDef kScenarioMetrics[] = {
    {"orphaned", false, [](const RunResult& r, std::size_t) { return sum_services(r, &ServiceSummary::orphaned); }},
    {"duplicates", false, [](const RunResult& r, std::size_t) { return sum_services(r, &ServiceSummary::duplicates); }},
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

  const std::size_t runs = specs.size() * out.seeds.size();
  std::vector<RunResult> results(runs);
  std::atomic<std::size_t> next{0};
  std::atomic<int> done{0};
  std::mutex progress;
  auto worker = [&] {
    for (std::size_t i = next++; i < runs; i = next++) {
      Spec spec = specs[i / out.seeds.size()];
      spec.simulation.seed = out.seeds[i % out.seeds.size()];
      results[i] = run(spec);  // each result in its own slot: the order of completion does not matter
      const int d = ++done;
      if (o.on_progress) {
        std::lock_guard<std::mutex> lock(progress);
        o.on_progress(d, static_cast<int>(runs));
      }
    }
  };
  std::vector<std::thread> pool;
  const int jobs = std::max(1, std::min<int>(o.jobs, static_cast<int>(runs)));
  for (int j = 0; j < jobs; ++j) pool.emplace_back(worker);
  for (auto& t : pool) t.join();

  for (std::size_t v = 0; v < specs.size(); ++v) out.first_seed.push_back(results[v * out.seeds.size()]);
  if (o.check) {
    for (std::size_t i = 0; i < runs; ++i) {
      const std::size_t v = i / out.seeds.size();
      for (const auto& e : check(specs[v], results[i])) {
        ++out.expectations_checked;
        if (e.held) continue;
        std::ostringstream line;
        line << out.variants[v] << " seed=" << results[i].seed << ": " << e.text << " (actual: ";
        if (std::isnan(e.actual)) {
          line << e.problem;
        } else {
          line << e.actual;
        }
        line << ")";
        out.failed_expectations.push_back(line.str());
      }
    }
  }
  auto add_row = [&](const MetricDef& def, const std::string& client, std::size_t client_index) {
    MetricRow row;
    row.client = client;
    row.name = def.name;
    row.higher_is_better = def.higher_is_better;
    for (std::size_t v = 0; v < specs.size(); ++v) {
      std::vector<double> samples;
      for (std::size_t s = 0; s < out.seeds.size(); ++s) samples.push_back(def.read(results[v * out.seeds.size() + s], client_index));
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
    for (const auto& def : kClientMetrics) add_row(def, specs.front().clients[c].name, c);
  }
  for (const auto& def : kScenarioMetrics) add_row(def, "", 0);
  return out;
}

namespace {
std::string cell(const Interval& i, int decimals) {
  if (i.n == 0) return "-";
  std::string s = report::fixed(i.mean, decimals);
  if (i.n > 1) s += " ± " + report::fixed(i.half_width, decimals);
  return s;
}
/// A mean cell, saying how many runs never recovered (infinite samples).
std::string value_cell(const MetricRow& r, std::size_t v, int decimals) {
  int never = 0;
  for (double x : r.samples[v]) never += std::isinf(x) ? 1 : 0;
  if (never == 0) return cell(r.intervals[v], decimals);
  if (never == static_cast<int>(r.samples[v].size())) return "did not recover";
  return cell(r.intervals[v], decimals) + " (" + std::to_string(never) + "/" + std::to_string(r.samples[v].size()) +
         " did not)";
}
int decimals_for(const MetricRow& r) { return r.name == "success ratio" || r.name == "amplification" ? 3 : 1; }
}  // namespace

std::string format_comparison_table(const Comparison& c) {
  std::ostringstream out;
  out << "faultline compare · " << c.scenario << " · " << c.seeds.size() << " seeds (" << c.seeds.front() << ".."
      << c.seeds.back() << ") · mean ± 95% CI · * best\n\n";
  std::vector<std::string> headers = {"metric"};
  for (const auto& v : c.variants) headers.push_back(v);
  report::TextTable means(headers);
  for (const auto& r : c.rows) {
    std::vector<std::string> row = {(r.client.empty() ? "" : r.client + " ") + r.name};
    for (std::size_t v = 0; v < c.variants.size(); ++v) {
      std::string s = value_cell(r, v, decimals_for(r));
      if (static_cast<int>(v) == r.best && c.variants.size() > 1) s += " *";
      row.push_back(s);
    }
    means.add_row(row);
  }
  out << means.render();
  if (c.variants.size() > 1) {
    out << "\ndifference to " << c.variants.front() << " (paired by seed; ! = the 95% CI excludes 0)\n";
    std::vector<std::string> dh = {"metric"};
    for (std::size_t v = 1; v < c.variants.size(); ++v) dh.push_back(c.variants[v]);
    report::TextTable diffs(dh);
    for (const auto& r : c.rows) {
      std::vector<std::string> row = {(r.client.empty() ? "" : r.client + " ") + r.name};
      for (std::size_t v = 1; v < c.variants.size(); ++v) {
        const Interval& d = r.differences[v];
        if (d.n == 0) {
          row.push_back("-");
          continue;
        }
        std::string s = (d.mean >= 0 ? "+" : "") + cell(d, decimals_for(r));
        if (d.n > 1 && std::fabs(d.mean) > d.half_width) s += " !";
        row.push_back(s);
      }
      diffs.add_row(row);
    }
    out << diffs.render();
  }
  return out.str();
}

std::string format_comparison_html(const Comparison& c) {
  // The variants' runs with the first seed, overlaid: each series renamed to its variant.
  std::ostringstream rows;
  rows << "<table><tr><th>metric</th>";
  for (const auto& v : c.variants) rows << "<th>" << v << "</th>";
  rows << "</tr>";
  for (const auto& r : c.rows) {
    rows << "<tr><td>" << (r.client.empty() ? "" : r.client + " ") << r.name << "</td>";
    for (std::size_t v = 0; v < c.variants.size(); ++v) {
      const bool best = static_cast<int>(v) == r.best && c.variants.size() > 1;
      rows << "<td>" << (best ? "<b>" : "") << value_cell(r, v, decimals_for(r)) << (best ? " *</b>" : "") << "</td>";
    }
    rows << "</tr>";
  }
  rows << "</table>";
  RunResult overlay;
  if (!c.first_seed.empty()) {
    overlay = c.first_seed.front();
    overlay.timeseries.series.clear();
    for (std::size_t v = 0; v < c.first_seed.size(); ++v) {
      for (const auto& s : c.first_seed[v].timeseries.series) {
        Series copy = s;
        copy.entity = s.entity + " [" + c.variants[v] + "]";
        overlay.timeseries.series.push_back(std::move(copy));
      }
    }
  }
  return report::format_compare_html(c.scenario, c.variants, c.seeds.size(), rows.str(), overlay);
}

std::string format_comparison_json(const Comparison& c) {
  nlohmann::ordered_json j;
  j["scenario"] = c.scenario;
  j["seeds"] = c.seeds;
  j["variants"] = c.variants;
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::ordered_json(std::round(v * 1e6) / 1e6) : nlohmann::ordered_json(nullptr); };
  auto rows = nlohmann::ordered_json::array();
  for (const auto& r : c.rows) {
    nlohmann::ordered_json row;
    row["metric"] = r.name;
    row["client"] = r.client;
    row["better"] = r.higher_is_better ? "higher" : "lower";
    row["best"] = r.best >= 0 ? nlohmann::ordered_json(c.variants[static_cast<std::size_t>(r.best)]) : nlohmann::ordered_json(nullptr);
    nlohmann::ordered_json values;
    for (std::size_t v = 0; v < c.variants.size(); ++v) {
      auto samples = nlohmann::ordered_json::array();
      for (double s : r.samples[v]) samples.push_back(num(s));
      values[c.variants[v]] = {{"mean", num(r.intervals[v].mean)}, {"ci95", num(r.intervals[v].half_width)},
                               {"diff_vs_first", num(r.differences[v].mean)}, {"diff_ci95", num(r.differences[v].half_width)},
                               {"samples", samples}};
    }
    row["values"] = values;
    rows.push_back(row);
  }
  j["rows"] = rows;
  return j.dump() + "\n";
}

std::string format_comparison_csv(const Comparison& c) {
  std::ostringstream out;
  out << "metric,client,variant,seed,value\n";
  for (const auto& r : c.rows) {
    for (std::size_t v = 0; v < c.variants.size(); ++v) {
      for (std::size_t s = 0; s < c.seeds.size(); ++s) {
        const double x = r.samples[v][s];
        out << r.name << ',' << r.client << ',' << c.variants[v] << ',' << c.seeds[s] << ','
            << (std::isinf(x) ? "inf" : report::number(x)) << '\n';
      }
    }
  }
  return out.str();
}

}  // namespace faultline::analysis
