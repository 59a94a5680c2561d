// The stability map as JSON, CSV, a table for people, and an HTML page with an SVG chart.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "faultline/analysis/stability_map.hpp"

namespace faultline::analysis {

namespace {

using Json = nlohmann::ordered_json;

Json number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json interval_json(const Interval& i) { return Json{{"mean", number(i.mean)}, {"ci95", number(i.half_width)}}; }

std::string fixed(double v, int decimals) {
  if (!std::isfinite(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string shortest(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string with_unit(const StabilityMap& m, double v) { return shortest(v) + m.unit; }

std::string pm(const Interval& i, int decimals) {
  if (!std::isfinite(i.mean)) return "-";
  return fixed(i.mean, decimals) + " ± " + fixed(i.half_width, decimals);
}

/// The way up and the way down at each value, ascending.
struct Row {
  double value = 0;
  const MapStep* up = nullptr;
  const MapStep* down = nullptr;
};

std::vector<Row> rows(const StabilityMap& m) {
  std::vector<Row> out;
  for (const auto& s : m.steps) {
    auto it = std::find_if(out.begin(), out.end(), [&](const Row& r) { return r.value == s.value; });
    if (it == out.end()) {
      out.push_back({s.value, nullptr, nullptr});
      it = out.end() - 1;
    }
    (s.up ? it->up : it->down) = &s;
  }
  std::sort(out.begin(), out.end(), [](const Row& a, const Row& b) { return a.value < b.value; });
  return out;
}

std::string bands_text(const StabilityMap& m) {
  if (m.hysteresis.empty()) return "none: the way down retraces the way up";
  bool all_down = true, all_up = true;
  for (const auto& b : m.hysteresis) (b.down_below ? all_up : all_down) = false;
  std::string t;
  for (const auto& b : m.hysteresis) {
    if (!t.empty()) t += ", ";
    t += b.from == b.to ? with_unit(m, b.from) : with_unit(m, b.from) + " .. " + with_unit(m, b.to);
    if (!all_down && !all_up) t += b.down_below ? " (down below up)" : " (up below down)";
  }
  if (all_down) return t + " (the way down stays below the way up: metastable)";
  if (all_up) return t + " (the way up stays below the way down: metastable)";
  return t + " (metastable)";
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

}  // namespace

std::string format_map_json(const StabilityMap& m) {
  Json steps = Json::array();
  for (const auto& s : m.steps) {
    steps.push_back({{"direction", s.up ? "up" : "down"},
                     {"value", s.value},
                     {"goodput_per_s", interval_json(s.goodput)},
                     {"p99_ms", interval_json(s.p99)},
                     {"amplification", interval_json(s.amplification)}});
  }
  Json bands = Json::array();
  for (const auto& b : m.hysteresis) bands.push_back({{"from", b.from}, {"to", b.to}});
  Json j{{"param", m.param},
         {"steps", steps},
         {"capacity", {{"value", m.capacity_value}, {"goodput_per_s", number(m.capacity_goodput)}}},
         {"hysteresis", bands}};
  return j.dump() + "\n";
}

std::string format_map_csv(const StabilityMap& m) {
  std::ostringstream out;
  out << "direction,value,goodput_per_s_mean,goodput_per_s_ci95,p99_ms_mean,p99_ms_ci95,amplification_mean,"
         "amplification_ci95\n";
  auto cell = [](double v) { return std::isfinite(v) ? shortest(v) : std::string(); };
  for (const auto& s : m.steps) {
    out << (s.up ? "up" : "down") << "," << shortest(s.value) << "," << cell(s.goodput.mean) << ","
        << cell(s.goodput.half_width) << "," << cell(s.p99.mean) << "," << cell(s.p99.half_width) << ","
        << cell(s.amplification.mean) << "," << cell(s.amplification.half_width) << "\n";
  }
  return out.str();
}

std::string format_map_table(const StabilityMap& m) {
  std::ostringstream out;
  out << "STABILITY MAP  " << m.param << "  (" << m.seeds << (m.seeds == 1 ? " seed, " : " seeds, ") << shortest(m.hold_s)
      << " s per step, measured over its second half; ± is the 95% interval)\n\n";
  const std::vector<std::string> head{"value", "goodput/s up", "goodput/s down", "p99 ms up", "p99 ms down", "ampl up", "ampl down"};
  std::vector<std::vector<std::string>> cells{head};
  for (const auto& r : rows(m)) {
    auto g = [](const MapStep* s, int which) -> std::string {
      if (!s) return "";
      if (which == 0) return pm(s->goodput, 1);
      if (which == 1) return pm(s->p99, 1);
      return pm(s->amplification, 2);
    };
    cells.push_back({with_unit(m, r.value), g(r.up, 0), g(r.down, 0), g(r.up, 1), g(r.down, 1), g(r.up, 2), g(r.down, 2)});
  }
  std::vector<std::size_t> width(head.size(), 0);
  auto length = [](const std::string& s) {  // "±" is two bytes, one column
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  };
  for (const auto& row : cells) {
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], length(row[c]));
  }
  for (const auto& row : cells) {
    std::string line = " ";
    for (std::size_t c = 0; c < row.size(); ++c) line += " " + std::string(width[c] - length(row[c]), ' ') + row[c] + " ";
    out << line.substr(0, line.find_last_not_of(' ') + 1) << "\n";
  }
  out << "\ncapacity    " << fixed(m.capacity_goodput, 1) << " goodput/s at " << with_unit(m, m.capacity_value) << "\n";
  out << "hysteresis  " << bands_text(m) << "\n";
  return out.str();
}

std::string format_map_html(const StabilityMap& m, const std::string& title) {
  const double W = 760, H = 380, left = 70, right = 20, top = 30, bottom = 50;
  double xmin = 1e300, xmax = -1e300, ymax = 0;
  for (const auto& s : m.steps) {
    xmin = std::min(xmin, s.value);
    xmax = std::max(xmax, s.value);
    if (std::isfinite(s.goodput.mean)) ymax = std::max(ymax, s.goodput.mean + s.goodput.half_width);
  }
  if (!(xmax > xmin)) xmax = xmin + 1;
  if (ymax <= 0) ymax = 1;
  ymax *= 1.1;
  auto X = [&](double v) { return left + (v - xmin) / (xmax - xmin) * (W - left - right); };
  auto Y = [&](double v) { return top + (1 - v / ymax) * (H - top - bottom); };
  std::ostringstream svg;
  svg << "<svg xmlns='http://www.w3.org/2000/svg' width='" << W << "' height='" << H << "' font-family='sans-serif' font-size='12'>\n";
  for (const auto& b : m.hysteresis) {
    const double x0 = X(b.from) - 4, x1 = X(b.to) + 4;
    svg << "<rect x='" << x0 << "' y='" << top << "' width='" << x1 - x0 << "' height='" << H - top - bottom
        << "' fill='#f4c7c3' opacity='0.6'><title>hysteresis (metastable)</title></rect>\n";
  }
  for (int i = 0; i <= 5; ++i) {  // grid and ticks
    const double yv = ymax * i / 5, xv = xmin + (xmax - xmin) * i / 5;
    svg << "<line x1='" << left << "' x2='" << W - right << "' y1='" << Y(yv) << "' y2='" << Y(yv) << "' stroke='#ddd'/>"
        << "<text x='" << left - 6 << "' y='" << Y(yv) + 4 << "' text-anchor='end'>" << fixed(yv, 0) << "</text>\n"
        << "<text x='" << X(xv) << "' y='" << H - bottom + 16 << "' text-anchor='middle'>" << shortest(std::round(xv * 100) / 100)
        << "</text>\n";
  }
  svg << "<line x1='" << left << "' x2='" << left << "' y1='" << top << "' y2='" << H - bottom << "' stroke='#333'/>"
      << "<line x1='" << left << "' x2='" << W - right << "' y1='" << H - bottom << "' y2='" << H - bottom << "' stroke='#333'/>\n"
      << "<text x='" << (left + W - right) / 2 << "' y='" << H - 12 << "' text-anchor='middle'>" << escape(m.param)
      << (m.unit.empty() ? "" : " (" + m.unit + ")") << "</text>\n"
      << "<text x='16' y='" << (top + H - bottom) / 2 << "' transform='rotate(-90 16 " << (top + H - bottom) / 2
      << ")' text-anchor='middle'>goodput/s</text>\n";
  for (int dir = 0; dir < 2; ++dir) {
    const bool up = dir == 0;
    const char* color = up ? "#1f77b4" : "#d62728";
    std::ostringstream points;
    for (const auto& s : m.steps) {
      if (s.up != up || !std::isfinite(s.goodput.mean)) continue;
      points << X(s.value) << "," << Y(s.goodput.mean) << " ";
      svg << "<line x1='" << X(s.value) << "' x2='" << X(s.value) << "' y1='" << Y(s.goodput.mean - s.goodput.half_width)
          << "' y2='" << Y(s.goodput.mean + s.goodput.half_width) << "' stroke='" << color << "'/>"
          << "<circle cx='" << X(s.value) << "' cy='" << Y(s.goodput.mean) << "' r='3' fill='" << color << "'><title>"
          << (up ? "up " : "down ") << shortest(s.value) << ": " << fixed(s.goodput.mean, 1) << " ± "
          << fixed(s.goodput.half_width, 1) << "/s</title></circle>\n";
    }
    svg << "<polyline fill='none' stroke='" << color << "' stroke-width='2'" << (up ? "" : " stroke-dasharray='6 4'")
        << " points='" << points.str() << "'/>\n";
    svg << "<text x='" << W - right - 150 << "' y='" << top + 14 + 16 * dir << "' fill='" << color << "'>"
        << (up ? "&#8212; way up" : "- - way down") << "</text>\n";
  }
  svg << "</svg>\n";
  std::ostringstream html;
  html << "<!doctype html>\n<html><head><meta charset='utf-8'><title>" << escape(title)
       << "</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:60em}pre{font-size:13px}</style></head><body>\n"
       << "<h1>Stability map: " << escape(title) << "</h1>\n<p>" << escape(m.param) << " steps up, then back down; each step held "
       << shortest(m.hold_s) << " s, over " << m.seeds << " seeds. Shaded: the hysteresis band, where one way stays below "
       << "the other (metastable). Bars: 95% intervals.</p>\n"
       << svg.str() << "<pre>" << escape(format_map_table(m)) << "</pre>\n</body></html>\n";
  return html.str();
}

}  // namespace faultline::analysis
