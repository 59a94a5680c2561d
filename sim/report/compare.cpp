#include "faultline/report/compare.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "faultline/report/report.hpp"
#include "format.hpp"
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
int decimals_for(const MetricRow& r) { return r.name == "success ratio" || r.name == "amplification" ? 3 : 1; }
}  // namespace

std::string format_comparison_table(const Comparison& c) {
  std::ostringstream out;
  out << "faultline compare · " << c.scenario << " · " << c.seeds.size() << " seeds (" << c.seeds.front() << ".."
      << c.seeds.back() << ") · mean ± 95% CI · * best\n\n";
  std::vector<std::string> headers = {"metric"};
  for (const auto& v : c.variants) headers.push_back(v);
  TextTable means(headers);
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
    TextTable diffs(dh);
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
  return format_compare_html(c.scenario, c.variants, c.seeds.size(), rows.str(), overlay);
}

std::string format_comparison_json(const Comparison& c) {
  nlohmann::ordered_json j;
  j["scenario"] = c.scenario;
  j["seeds"] = c.seeds;
  j["variants"] = c.variants;
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
