#include "faultline/report/compare.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "faultline/report/report.hpp"
#include "format.hpp"
#include "metric_table.hpp"
#include "text_table.hpp"

namespace faultline::report {

using analysis::Comparison;
using analysis::Interval;
using analysis::MetricRow;

namespace {
std::string cell(const Interval& i, int decimals) {
  if (i.n == 0) return "-";
  std::string s = fixed(i.mean, decimals);
  if (i.n > 1) s += " ± " + fixed(i.half_width, decimals);
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
int decimals_for(const MetricRow& r) {
  if (r.name.rfind("cost $", 0) == 0) return 2;  // [data-tier] dollars and cents
  // Ratios (success, a cache's hits) and amplification live between 0 and a few:
  // one decimal would show 0.82 and 0.86 as the same 0.8.
  return r.name.ends_with("ratio") || r.name == "amplification" ? 3 : 1;
}
}  // namespace

namespace {

std::string label(const MetricRow& r) { return (r.client.empty() ? "" : r.client + " ") + r.name; }

/// A mean cell with the best mark.
std::string marked_cell(const Comparison& c, const MetricRow& r, std::size_t v) {
  return value_cell(r, v, decimals_for(r)) + (static_cast<int>(v) == r.best && c.variants.size() > 1 ? " *" : "");
}

/// A paired difference to the first variant, "!" where its CI excludes 0.
std::string difference_cell(const MetricRow& r, std::size_t v) {
  const Interval& d = r.differences[v];
  if (d.n == 0) return "-";
  std::string s = (d.mean >= 0 ? "+" : "") + cell(d, decimals_for(r));
  if (d.n > 1 && std::fabs(d.mean) > d.half_width) s += " !";
  return s;
}

constexpr std::size_t kVariantsAsColumns = 4;  // beyond this, variants are rows (the table stays <= ~120 columns)
constexpr std::size_t kWidth = 120;

/// Rows = metrics, columns = the variants (few variants).
std::string metrics_by_variant(const Comparison& c, std::size_t first, std::string (*value)(const Comparison&, const MetricRow&, std::size_t)) {
  std::vector<std::string> headers = {"metric"};
  for (std::size_t v = first; v < c.variants.size(); ++v) headers.push_back(c.variants[v]);
  TextTable t(headers);
  for (const auto& r : c.rows) {
    std::vector<std::string> row = {label(r)};
    for (std::size_t v = first; v < c.variants.size(); ++v) row.push_back(value(c, r, v));
    t.add_row(row);
  }
  return t.render();
}

/// Rows = the variants, columns = metrics, in blocks that fit the width (many variants).
std::string variants_by_metric(const Comparison& c, std::size_t first, std::string (*value)(const Comparison&, const MetricRow&, std::size_t)) {
  std::size_t name_width = 7;
  for (const auto& v : c.variants) name_width = std::max(name_width, display_width(v));
  std::string out;
  std::size_t r0 = 0;
  while (r0 < c.rows.size()) {
    std::size_t width = name_width, r1 = r0;
    std::vector<std::size_t> widths;
    while (r1 < c.rows.size()) {
      std::size_t w = display_width(label(c.rows[r1]));
      for (std::size_t v = first; v < c.variants.size(); ++v) w = std::max(w, display_width(value(c, c.rows[r1], v)));
      if (r1 > r0 && width + 2 + w > kWidth) break;
      width += 2 + w;
      ++r1;
    }
    std::vector<std::string> headers = {"variant"};
    for (std::size_t r = r0; r < r1; ++r) headers.push_back(label(c.rows[r]));
    TextTable t(headers);
    for (std::size_t v = first; v < c.variants.size(); ++v) {
      std::vector<std::string> row = {c.variants[v]};
      for (std::size_t r = r0; r < r1; ++r) row.push_back(value(c, c.rows[r], v));
      t.add_row(row);
    }
    out += (r0 > 0 ? "\n" : "") + t.render();
    r0 = r1;
  }
  return out;
}

std::string layout(const Comparison& c, std::size_t first, std::string (*value)(const Comparison&, const MetricRow&, std::size_t)) {
  return c.variants.size() - first > kVariantsAsColumns ? variants_by_metric(c, first, value)
                                                         : metrics_by_variant(c, first, value);
}

std::string mean_value(const Comparison& c, const MetricRow& r, std::size_t v) { return marked_cell(c, r, v); }
std::string difference_value(const Comparison&, const MetricRow& r, std::size_t v) { return difference_cell(r, v); }

/// Goodput under one case, with the seeds that ended metastable.
std::string stress_cell(const analysis::StressResult& st, std::size_t v, std::size_t k, std::size_t seeds) {
  std::string s = cell(st.goodput[v][k], 1);
  if (st.metastable[v][k] > 0) s += " m" + std::to_string(st.metastable[v][k]) + "/" + std::to_string(seeds);
  return s;
}

std::string worst_text(const Comparison& c, std::size_t v) {
  const auto& st = c.stress;
  const std::size_t k = st.worst[v];
  std::string s = fixed(st.goodput[v][k].mean, 0) + "/s " + (k == 0 ? "as written" : "under " + st.cases[k]);
  if (st.metastable[v][k] > 0) {
    s += ", metastable on " + std::to_string(st.metastable[v][k]) + " of " + std::to_string(c.seeds.size()) + " seeds";
  }
  return s;
}

std::string stress_section(const Comparison& c) {
  const auto& st = c.stress;
  std::ostringstream out;
  out << "\nunder stress (docs/stress.md): " << st.client << " goodput/s, each standard fault on every dependency"
      << "\nranked by the worst case · mN/M: metastable on N of M seeds\n";
  std::vector<std::string> headers = {"variant"};
  for (const auto& k : st.cases) headers.push_back(k);
  headers.push_back("worst");
  TextTable t(headers);
  for (const std::size_t v : st.ranking) {
    std::vector<std::string> row = {c.variants[v]};
    for (std::size_t k = 0; k < st.cases.size(); ++k) row.push_back(stress_cell(st, v, k, c.seeds.size()));
    row.push_back(st.cases[st.worst[v]]);
    t.add_row(row);
  }
  out << t.render();
  if (st.ranking.size() >= 2) {
    const std::size_t best = st.ranking[0], next = st.ranking[1];
    const Interval &a = st.goodput[best][st.worst[best]], &b = st.goodput[next][st.worst[next]];
    const bool clear = a.n > 1 && b.n > 1 && a.mean - a.half_width > b.mean + b.half_width;
    out << "\nrecommendation: " << c.variants[best] << " — the best worst case, " << worst_text(c, best) << " ("
        << c.variants[next] << ": " << worst_text(c, next) << ")"
        << (clear ? "" : "; the two worst cases' intervals overlap: run more seeds to separate them") << "\n";
  }
  return out.str();
}

}  // namespace

std::string format_comparison_table(const Comparison& c) {
  std::ostringstream out;
  out << "faultline compare · " << c.scenario << " · ";
  if (c.variants.empty() || c.seeds.empty()) return out.str() + "nothing to compare: no variant or no seed\n";
  if (c.seeds.size() == 1) {
    out << "1 seed: no interval, no best mark (seed " << c.seeds.front() << ")\n\n";
  } else {
    out << c.seeds.size() << " seeds (" << c.seeds.front() << ".." << c.seeds.back()
        << ") · mean ± 95% CI · * best, beyond its CI against the runner-up\n\n";
  }
  if (c.partial) out << "PARTIAL (interrupted): runs that did not finish are left out\n\n";
  out << layout(c, 0, mean_value);
  if (c.variants.size() > 1) {
    out << "\ndifference to " << c.variants.front() << " (paired by seed; ! = the 95% CI excludes 0)\n";
    out << layout(c, 1, difference_value);
  }
  if (c.stressed) out << stress_section(c);
  return out.str();
}

std::string format_comparison_html(const Comparison& c) {
  auto table = [&](std::size_t first, std::string (*value)(const Comparison&, const MetricRow&, std::size_t)) {
    std::ostringstream t;
    t << "<table><tr><th>metric</th>";
    for (std::size_t v = first; v < c.variants.size(); ++v) t << "<th>" << escape_html(c.variants[v]) << "</th>";
    t << "</tr>";
    for (const auto& r : c.rows) {
      t << "<tr><td>" << escape_html(label(r)) << "</td>";
      for (std::size_t v = first; v < c.variants.size(); ++v) t << "<td>" << escape_html(value(c, r, v)) << "</td>";
      t << "</tr>";
    }
    t << "</table>";
    return t.str();
  };
  std::ostringstream body;
  body << "<h2>Variants</h2><table><tr><th>variant</th><th>definition</th></tr>";
  for (std::size_t v = 0; v < c.variants.size(); ++v) {
    body << "<tr><td>" << escape_html(c.variants[v]) << "</td><td>" << escape_html(c.definitions[v]) << "</td></tr>";
  }
  body << "</table>\n<h2>Comparison</h2>" << table(0, mean_value);
  if (c.stressed) body << "\n<h2>Under stress</h2><pre>" << escape_html(stress_section(c)) << "</pre>";
  if (c.variants.size() > 1) {
    body << "\n<h2>Difference to " << escape_html(c.variants.front())
         << " (paired by seed; ! = the 95% CI excludes 0)</h2>" << table(1, difference_value);
  }
  // Every seed: per variant the mean over seeds of each series, and the band from the lowest to the highest seed.
  std::vector<SeriesBand> bands;
  for (std::size_t v = 0; v < c.runs.size(); ++v) {
    const auto& runs = c.runs[v];
    if (runs.empty()) continue;
    for (std::size_t k = 0; k < runs.front().timeseries.series.size(); ++k) {
      const Series& first = runs.front().timeseries.series[k];
      SeriesBand b;
      b.entity = first.entity + " [" + c.variants[v] + "]";
      b.metric = first.metric;
      for (std::size_t i = 0; i < first.values.size(); ++i) {
        double sum = 0, lo = INFINITY, hi = -INFINITY;
        int n = 0;
        for (const auto& r : runs) {
          if (k >= r.timeseries.series.size() || i >= r.timeseries.series[k].values.size()) continue;
          const double x = r.timeseries.series[k].values[i];
          if (std::isnan(x)) continue;
          sum += x;
          lo = std::min(lo, x);
          hi = std::max(hi, x);
          ++n;
        }
        b.mean.push_back(n ? sum / n : std::nan(""));
        b.low.push_back(n ? lo : std::nan(""));
        b.high.push_back(n ? hi : std::nan(""));
      }
      bands.push_back(std::move(b));
    }
  }
  const RunResult* shape = c.runs.empty() || c.runs.front().empty() ? nullptr : &c.runs.front().front();
  return format_compare_html(c.scenario, c.variants, c.seeds.size(), body.str(), shape, bands);
}

std::string format_comparison_json(const Comparison& c) {
  nlohmann::ordered_json j;
  j["scenario"] = c.scenario;
  j["seeds"] = c.seeds;
  j["variants"] = c.variants;
  if (c.partial) j["partial"] = true;  // interrupted: runs that did not finish are left out
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::ordered_json(reported(v)) : nlohmann::ordered_json(nullptr); };
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
  if (c.stressed) {
    nlohmann::ordered_json st;
    st["client"] = c.stress.client;
    st["cases"] = c.stress.cases;
    nlohmann::ordered_json per;
    for (std::size_t v = 0; v < c.variants.size(); ++v) {
      auto cases = nlohmann::ordered_json::array();
      for (std::size_t k = 0; k < c.stress.cases.size(); ++k) {
        cases.push_back({{"case", c.stress.cases[k]}, {"goodput_per_s", num(c.stress.goodput[v][k].mean)},
                         {"ci95", num(c.stress.goodput[v][k].half_width)}, {"metastable_seeds", c.stress.metastable[v][k]}});
      }
      per[c.variants[v]] = {{"worst", c.stress.cases[c.stress.worst[v]]}, {"cases", cases}};
    }
    st["variants"] = per;
    auto ranking = nlohmann::ordered_json::array();
    for (const std::size_t v : c.stress.ranking) ranking.push_back(c.variants[v]);
    st["ranking"] = ranking;
    j["stress"] = st;
  }
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
            << (std::isinf(x) ? "inf" : number(x)) << '\n';
      }
    }
  }
  return out.str();
}

}  // namespace faultline::report
