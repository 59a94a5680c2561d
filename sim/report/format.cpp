#include "format.hpp"

#include <cmath>
#include <cstdio>

#include "faultline/model/sampler.hpp"

namespace faultline::report {

std::string thousands(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  const int len = static_cast<int>(digits.size());
  for (int i = 0; i < len; ++i) {
    out += digits[static_cast<std::size_t>(i)];
    if ((len - i - 1) % 3 == 0 && i != len - 1) out += ',';
  }
  return out;
}

std::string fixed(double v, int decimals) {
  if (std::isnan(v)) return "-";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v));
  std::string s(buf);
  const auto dot = s.find('.');
  std::string whole = s.substr(0, dot);
  const std::string frac = dot == std::string::npos ? "" : s.substr(dot);
  std::string grouped;
  const int len = static_cast<int>(whole.size());
  for (int i = 0; i < len; ++i) {
    grouped += whole[static_cast<std::size_t>(i)];
    if ((len - i - 1) % 3 == 0 && i != len - 1) grouped += ',';
  }
  return (v < 0 && std::fabs(v) >= 0.5 * std::pow(10.0, -decimals) ? "-" : "") + grouped + frac;
}

std::string number(double v) {
  if (std::isnan(v)) return "";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  std::string s(buf);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

std::string csv_number(double v) { return std::isfinite(v) ? number(reported(v)) : ""; }

std::string csv_cell(const Metric& m) {
  switch (m.kind) {
    case MetricKind::count: return std::to_string(static_cast<std::uint64_t>(m.value));
    case MetricKind::text: return m.text;
    case MetricKind::real: break;
  }
  return csv_number(m.value);
}

std::string fingerprint_hex(std::uint64_t fingerprint) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fingerprint));
  return hex;
}

std::string duration(Duration d) {
  if (d.is_infinite()) return "none";
  const double ns = static_cast<double>(d.count_ns());
  struct Unit {
    const char* name;
    double ns;
  };
  static const Unit units[] = {{"h", 3600e9}, {"m", 60e9}, {"s", 1e9}, {"ms", 1e6}, {"us", 1e3}};
  for (const auto& u : units) {
    if (std::fabs(ns) >= u.ns) return number(std::round(ns / u.ns * 1000) / 1000) + u.name;
  }
  return number(ns) + "ns";
}

std::string distribution(const DistSpec& d) {
  using K = DistSpec::Kind;
  auto ns = [](double v) { return duration(Duration::ns(static_cast<std::int64_t>(std::llround(v)))); };
  switch (d.kind) {
    case K::constant: return "constant(" + ns(d.value_ns) + ")";
    case K::exponential: return "exponential(mean " + ns(d.mean_ns) + ")";
    case K::uniform: return "uniform(" + ns(d.min_ns) + ".." + ns(d.max_ns) + ")";
    case K::normal: return "normal(mean " + ns(d.mean_ns) + ", stddev " + ns(d.stddev_ns) + ")";
    case K::lognormal: {
      const Sampler s(d);
      return "lognormal(median " + ns(s.quantile_ns(0.5)) + ", p99 " + ns(s.quantile_ns(0.99)) + ")";
    }
    case K::pareto: return "pareto(scale " + ns(d.scale_ns) + ", shape " + number(d.shape) + ")";
    case K::mixture: {
      std::string s = "mixture(";
      for (std::size_t i = 0; i < d.of.size(); ++i) {
        if (i) s += " + ";
        s += number(d.of[i].weight) + " x " + distribution(d.of[i].dist);
      }
      return s + ")";
    }
    case K::empirical: {
      std::string s = "empirical(";
      for (std::size_t i = 0; i < d.points.size(); ++i) {
        if (i) s += ", ";
        s += "p" + number(d.points[i].cdf * 100) + " " + ns(d.points[i].value_ns);
      }
      return s + ")";
    }
  }
  return "?";
}

std::size_t display_width(const std::string& s) {
  std::size_t w = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++w;  // count UTF-8 lead bytes only
  }
  return w;
}

std::string pad_left(const std::string& s, std::size_t width) {
  const std::size_t w = display_width(s);
  return w >= width ? s : std::string(width - w, ' ') + s;
}

std::string pad_right(const std::string& s, std::size_t width) {
  const std::size_t w = display_width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

}  // namespace faultline::report
