#include "timeline.hpp"

#include <algorithm>
#include <cmath>

#include "format.hpp"

namespace faultline::report {

namespace {
const char* const kLevels[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};

}  // namespace

std::vector<double> resample(const std::vector<double>& values, int columns) {
  const auto n = static_cast<int>(values.size());
  columns = std::max(1, std::min(columns, n));
  std::vector<double> out(static_cast<std::size_t>(columns), std::nan(""));
  for (int c = 0; c < columns; ++c) {
    const int from = c * n / columns, to = (c + 1) * n / columns;
    double sum = 0;
    int count = 0;
    for (int i = from; i < to; ++i) {
      const double v = values[static_cast<std::size_t>(i)];
      if (std::isnan(v)) continue;
      sum += v;
      ++count;
    }
    if (count) out[static_cast<std::size_t>(c)] = sum / count;
  }
  return out;
}

std::string sparkline(const std::vector<double>& columns, double max) {
  std::string out;
  for (double v : columns) {
    if (std::isnan(v) || v <= 0 || max <= 0) {
      out += ' ';
      continue;
    }
    const int level = std::clamp(static_cast<int>(std::ceil(v / max * 8)) - 1, 0, 7);
    out += kLevels[level];
  }
  return out;
}

std::string timeline(const RunResult& r, const TableOptions& options) {
  const auto& ts = r.timeseries;
  const int samples = static_cast<int>(ts.times_s.size());
  const int columns = std::max(1, std::min(options.timeline_width, samples));
  const double end_s = ts.times_s.back();
  struct Row {
    std::string label, line, note;
  };
  std::vector<Row> rows;
  auto add = [&](const std::string& entity, const std::string& name, const char* metric, const char* label,
                 double scale, const char* unit, int decimals) {
    const Series* s = r.timeseries.find(entity, metric);
    if (s == nullptr) return;
    std::vector<double> cols = resample(s->values, columns);
    for (double& v : cols) v *= scale;
    double max = 0;
    for (double v : cols) max = std::isnan(v) ? max : std::max(max, v);
    rows.push_back({name + "  " + label, sparkline(cols, max), "max " + fixed(max, decimals) + unit});
  };
  for (const auto& c : r.clients) {
    add("clients." + c.name, c.name, "goodput_per_s", "goodput/s", 1, "", 0);
    add("clients." + c.name, c.name, "p99_ms", "p99", 1, " ms", 1);
  }
  for (const auto& s : r.services) {
    add("services." + s.name, s.name, "queue_length", "queue", 1, "", 1);
    add("services." + s.name, s.name, "utilization", "util", 100, " %", 0);
    add("services." + s.name, s.name, "replicas", "replicas", 1, "", 0);  // [data-tier] autoscaled only
  }
  for (const auto& s : r.services) {  // [data-tier] decisions: ▲ scale-out, ▼ scale-in
    if (!s.autoscaled || s.scale_changes == 0) continue;
    std::vector<int> dir(static_cast<std::size_t>(columns), 0);
    for (const auto& e : r.scale_events) {
      if (e.service != s.name) continue;
      const int c = std::clamp(static_cast<int>(e.at_s / end_s * columns), 0, columns - 1);
      dir[static_cast<std::size_t>(c)] = e.to > e.from ? 1 : -1;
    }
    std::string line;
    for (int d : dir) line += d > 0 ? "▲" : d < 0 ? "▼" : " ";
    rows.push_back({s.name + "  autoscale", line, std::to_string(s.scale_changes) + " changes"});
  }
  const std::string red = options.color ? "\033[31m" : "", reset = options.color ? "\033[0m" : "";
  for (const auto& f : r.faults) {
    std::string line;
    for (int c = 0; c < columns; ++c) {
      const double from = end_s * c / columns, to = end_s * (c + 1) / columns;
      line += (f.start_s < to && f.end_s > from) ? "━" : " ";
    }
    rows.push_back({"fault " + f.kind + " " + f.target, red + line + reset,
                    fixed(f.start_s, 0) + "–" + fixed(f.end_s, 0) + " s"});
  }
  std::size_t label_width = 0;
  for (const auto& row : rows) label_width = std::max(label_width, display_width(row.label));
  std::string out = "TIMELINE  (" + fixed(end_s / columns, end_s / columns < 10 ? 1 : 0) + " s per column)\n";
  for (const auto& row : rows) out += pad_right(row.label, label_width) + "  │" + row.line + "│ " + row.note + "\n";
  const std::string left = "0 s", right = fixed(end_s, 0) + " s";
  const std::size_t span = static_cast<std::size_t>(columns) + 2;
  out += std::string(label_width + 2, ' ') + left +
         std::string(span > left.size() + right.size() ? span - left.size() - right.size() : 1, ' ') + right + "\n";
  return out;
}

}  // namespace faultline::report
