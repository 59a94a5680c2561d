// The HTML report: one self-contained file (inline CSS and SVG, no scripts, no
// network), readable offline: the scenario, what happened, charts of the time
// series with fault windows shaded, and the summary tables.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "faultline/report/report.hpp"
#include "format.hpp"
#include "html_parts.hpp"
#include "metric_table.hpp"

#ifndef FAULTLINE_VERSION
#define FAULTLINE_VERSION "dev"
#endif

namespace faultline::report {

const char* const kPalette[] = {"#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#4b5563", "#ca8a04"};

std::string chart(const std::string& title, const std::vector<double>& times, const std::vector<Line>& lines,
                  const std::vector<FaultWindow>& faults, const std::string& unit) {
  const double w = 560, h = 180, left = 56, right = 12, top = 26, bottom = 26;
  const double end = times.empty() ? 1 : times.back();
  double max = 0;
  for (const auto& l : lines) {
    for (double v : *l.values) max = std::isfinite(v) ? std::max(max, v) : max;
    if (l.high != nullptr) {
      for (double v : *l.high) max = std::isfinite(v) ? std::max(max, v) : max;
    }
  }
  if (max <= 0) max = 1;
  auto x = [&](double t) { return left + (w - left - right) * t / end; };
  auto y = [&](double v) { return top + (h - top - bottom) * (1 - v / max); };
  std::ostringstream svg;
  svg << "<figure><svg viewBox=\"0 0 " << w << ' ' << h << "\" width=\"" << w << "\" height=\"" << h
      << "\" role=\"img\"><title>" << escape_html(title) << "</title>";
  for (const auto& f : faults) {
    svg << "<rect class=\"fault\" x=\"" << x(f.start_s) << "\" y=\"" << top << "\" width=\""
        << std::max(1.0, x(f.end_s) - x(f.start_s)) << "\" height=\"" << (h - top - bottom) << "\"><title>"
        << escape_html(f.kind + " " + f.target) << "</title></rect>";
  }
  svg << "<line class=\"axis\" x1=\"" << left << "\" y1=\"" << h - bottom << "\" x2=\"" << w - right << "\" y2=\""
      << h - bottom << "\"/><line class=\"axis\" x1=\"" << left << "\" y1=\"" << top << "\" x2=\"" << left << "\" y2=\""
      << h - bottom << "\"/>";
  svg << "<text x=\"" << left - 4 << "\" y=\"" << top + 4 << "\" text-anchor=\"end\">" << fixed(max, max < 10 ? 2 : 0)
      << "</text><text x=\"" << left - 4 << "\" y=\"" << h - bottom << "\" text-anchor=\"end\">0</text>";
  svg << "<text x=\"" << left << "\" y=\"" << h - 8 << "\">0 s</text><text x=\"" << w - right << "\" y=\"" << h - 8
      << "\" text-anchor=\"end\">" << fixed(end, 0) << " s</text>";
  svg << "<text class=\"title\" x=\"" << left << "\" y=\"16\">" << escape_html(title) << (unit.empty() ? "" : " (" + unit + ")")
      << "</text>";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].low == nullptr || lines[i].high == nullptr) continue;
    std::ostringstream upper, lower;  // the band: along the highs, back along the lows
    const auto &lo = *lines[i].low, &hi = *lines[i].high;
    for (std::size_t k = 0; k < hi.size() && k < lo.size() && k < times.size(); ++k) {
      if (!std::isfinite(hi[k]) || !std::isfinite(lo[k])) continue;
      const double mid = x(((k == 0 ? 0.0 : times[k - 1]) + times[k]) / 2);
      upper << mid << ',' << y(hi[k]) << ' ';
      lower.str(std::to_string(mid) + ',' + std::to_string(y(lo[k])) + ' ' + lower.str());
    }
    svg << "<polygon fill=\"" << kPalette[i % 8] << "\" opacity=\"0.15\" points=\"" << upper.str() << lower.str() << "\"/>";
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& values = *lines[i].values;
    std::ostringstream points;
    bool open = false;
    svg << "<g stroke=\"" << kPalette[i % 8] << "\">";
    for (std::size_t k = 0; k < values.size() && k < times.size(); ++k) {
      if (!std::isfinite(values[k])) {  // no data: break the line
        if (open) svg << "<polyline points=\"" << points.str() << "\"/>";
        points.str("");
        open = false;
        continue;
      }
      const double t0 = k == 0 ? 0.0 : times[k - 1];
      points << x((t0 + times[k]) / 2) << ',' << y(values[k]) << ' ';
      open = true;
    }
    if (open) svg << "<polyline points=\"" << points.str() << "\"/>";
    svg << "</g>";
  }
  svg << "</svg><figcaption>";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    svg << "<span class=\"key\" style=\"border-color:" << kPalette[i % 8] << "\">" << escape_html(lines[i].label) << "</span> ";
  }
  svg << "</figcaption></figure>\n";
  return svg.str();
}

std::vector<Line> lines_for(const RunResult& r, const std::string& prefix, const std::string& metric, bool strip_prefix) {
  std::vector<Line> out;
  for (const auto& s : r.timeseries.series) {
    if (s.entity.rfind(prefix, 0) != 0 || s.metric != metric) continue;
    out.push_back({strip_prefix ? s.entity.substr(prefix.size()) : s.entity, &s.values});
  }
  return out;
}

namespace {

const char* kStyle = R"(body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1200px;color:#111;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd}
.meta{color:#555}pre.description{white-space:pre-wrap;background:#f6f6f6;padding:10px;border-radius:6px}
.verdict{display:inline-block;padding:2px 8px;border-radius:4px;font-weight:600}
.healthy,.recovered{background:#dcfce7}.metastable{background:#fee2e2}.degraded{background:#fef3c7}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:8px}
figure{margin:0}svg{background:#fff;border:1px solid #e5e5e5;border-radius:4px}
svg text{font-size:11px;fill:#444}svg text.title{font-size:12px;font-weight:600;fill:#111}
svg .axis{stroke:#999}svg polyline{fill:none;stroke-width:1.6}svg .fault{fill:#ef4444;opacity:.12}
figcaption{font-size:12px}.key{border-left:10px solid;padding-left:4px;margin-right:10px}
table{border-collapse:collapse;font-size:13px;margin:6px 0}th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#fafafa}
p.note{color:#555;font-size:12px;margin:2px 0 14px})";

/// The variants' bands of one metric, for overlays.
std::vector<Line> band_lines(const std::vector<SeriesBand>& bands, const std::string& prefix, const std::string& metric) {
  std::vector<Line> out;
  for (const auto& b : bands) {
    if (b.entity.rfind(prefix, 0) == 0 && b.metric == metric) out.push_back({b.entity.substr(prefix.size()), &b.mean, &b.low, &b.high});
  }
  return out;
}

}  // namespace

std::string format_compare_html(const std::string& scenario, const std::vector<std::string>& variants,
                                std::size_t seeds, const std::string& body_html, const RunResult* shape,
                                const std::vector<SeriesBand>& bands) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>faultline compare: "
      << escape_html(scenario) << "</title><style>" << kStyle << "</style></head><body>\n";
  out << "<h1>" << escape_html(scenario) << ": " << variants.size() << " variants</h1><div class=\"meta\">faultline "
      << FAULTLINE_VERSION << " · " << seeds << " seeds each, common random numbers · mean ± 95% CI · * best, beyond its CI</div>\n";
  if (shape != nullptr && !shape->description.empty()) {
    out << "<pre class=\"description\">" << escape_html(shape->description) << "</pre>\n";
  }
  out << body_html << "\n<h2>Over time (every seed: the mean, shaded from the lowest to the highest seed)</h2><div class=\"charts\">\n";
  static const std::vector<double> none;
  static const std::vector<FaultWindow> no_faults;
  const auto& t = shape != nullptr ? shape->timeseries.times_s : none;
  const auto& faults = shape != nullptr ? shape->faults : no_faults;
  out << chart("goodput", t, band_lines(bands, "clients.", "goodput_per_s"), faults, "successes/s");
  out << chart("p99 latency", t, band_lines(bands, "clients.", "p99_ms"), faults, "ms");
  out << chart("attempts per edge", t, band_lines(bands, "edges.", "attempts_per_s"), faults, "attempts/s");
  out << chart("queue length", t, band_lines(bands, "services.", "queue_length"), faults, "waiting");
  const LineSource variant_bands = [&bands](const std::string& prefix, const std::string& metric) {
    return band_lines(bands, prefix, metric);
  };
  out << data_tier_charts(variant_bands, t, faults);  // [data-tier] only for the components it has
  out << "</div>\n</body></html>\n";
  return out.str();
}

std::string format_html(const RunResult& r) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>faultline: " << escape_html(r.scenario)
      << "</title><style>" << kStyle << "</style></head><body>\n";
  out << "<h1>" << escape_html(r.scenario) << "</h1><div class=\"meta\">faultline " << FAULTLINE_VERSION
      << " · seed " << r.seed << " · " << fixed(r.simulated_s, 1) << " s simulated"
      << (r.warmup_s > 0 ? " (warmup " + fixed(r.warmup_s, 1) + " s)" : "") << (r.partial ? " · <b>PARTIAL</b>" : "")
      << "</div>\n";
  if (!r.description.empty()) out << "<pre class=\"description\">" << escape_html(r.description) << "</pre>\n";
  out << "<h2>What happened</h2><p>Verdict: <span class=\"verdict " << escape_html(r.verdict.state) << "\">"
      << escape_html(r.verdict.state) << "</span>";
  if (r.verdict.recovery_s >= 0) out << " — recovered " << fixed(r.verdict.recovery_s, 0) << " s after the last fault";
  out << "</p><ul>";
  for (const auto& f : r.findings) out << "<li>" << escape_html(f.text) << "</li>";
  if (r.findings.empty()) out << "<li>nothing remarkable</li>";
  out << "</ul>\n";
  if (!r.faults.empty()) {
    out << "<p>Faults (shaded in the charts): ";
    for (const auto& f : r.faults) {
      out << escape_html(f.kind + " on " + f.target) << " "
          << (f.end_s > f.start_s ? fixed(f.start_s, 0) + "–" + fixed(f.end_s, 0) : "at " + fixed(f.start_s, 0))
          << " s; ";  // an instant (cache_flush) has no window
    }
    out << "</p>\n";
  }
  out << "<h2>Over time</h2><div class=\"charts\">\n";
  const auto& t = r.timeseries.times_s;
  out << chart("offered load", t, lines_for(r, "clients.", "operations_per_s", true), r.faults, "operations/s");
  out << chart("goodput", t, lines_for(r, "clients.", "goodput_per_s", true), r.faults, "successes/s");
  out << chart("p99 latency", t, lines_for(r, "clients.", "p99_ms", true), r.faults, "ms");
  out << chart("attempts per edge", t, lines_for(r, "edges.", "attempts_per_s", true), r.faults, "attempts/s");
  out << chart("queue length", t, lines_for(r, "services.", "queue_length", true), r.faults, "waiting");
  out << chart("utilization", t, lines_for(r, "services.", "utilization", true), r.faults, "share of workers");
  out << chart("orphaned work", t, lines_for(r, "services.", "orphaned_per_s", true), r.faults, "per s");
  const auto breakers = lines_for(r, "edges.", "breaker_state", true);
  if (!breakers.empty()) out << chart("breaker state (0 closed, 1 half-open, 2 open)", t, breakers, r.faults, "");
  const auto budgets = lines_for(r, "edges.", "budget_tokens", true);
  if (!budgets.empty()) out << chart("retry budget tokens", t, budgets, r.faults, "tokens");
  out << data_tier_charts(r);  // [data-tier] only for the components the run has
  const auto metrics = registry(r);
  out << "</div>\n<h2>Summary</h2>\n" << render_html(kClientTable, *metrics) << "\n" << render_html(kServiceTable, *metrics)
      << "\n" << render_html(kEdgeTable, *metrics);
  out << data_tier_tables(r, *metrics);  // [data-tier]
  out << "\n</body></html>\n";
  return out.str();
}

}  // namespace faultline::report
