#include "faultline/live/terminal_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace faultline::live {

namespace {

constexpr std::size_t kSparkWidth = 40;

std::string spark(const Series* s) {
  static const char* const bars[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  if (s == nullptr || s->values.empty()) return "";
  const std::size_t from = s->values.size() > kSparkWidth ? s->values.size() - kSparkWidth : 0;
  double hi = 0;
  for (std::size_t i = from; i < s->values.size(); ++i) {
    if (!std::isnan(s->values[i])) hi = std::max(hi, s->values[i]);
  }
  std::string out;
  for (std::size_t i = from; i < s->values.size(); ++i) {
    const double v = s->values[i];
    if (std::isnan(v)) {
      out += " ";
      continue;
    }
    const int level = hi > 0 ? static_cast<int>(std::lround(v / hi * 7)) : 0;
    out += bars[std::clamp(level, 0, 7)];
  }
  return out;
}

double last(const Series* s) { return s == nullptr || s->values.empty() ? std::nan("") : s->values.back(); }

std::string num(double v, const char* format = "%8.1f") {
  if (std::isnan(v)) return "       –";
  char buf[32];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

}  // namespace

std::string render_terminal(const LiveRun& run, bool color) {
  const TimeSeries& ts = run.series();
  const Spec& spec = run.spec();
  const char* bold = color ? "\x1b[1m" : "";
  const char* red = color ? "\x1b[31m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  std::string out;
  char line[512];
  const char* state = run.done() ? "ENDED" : run.paused() ? "PAUSED" : run.lagging() ? "LAGGING" : "LIVE";
  std::snprintf(line, sizeof line, "%sfaultline watch — %s%s   t = %.1f s / %.0f s   x%g   %s\n\n", bold,
                run.workshop().title.empty() ? spec.name.c_str() : run.workshop().title.c_str(), reset,
                run.sim_time().seconds(), spec.simulation.duration.seconds(), run.speed(), state);
  out += line;
  out += std::string(bold) + "client      goodput/s  failed/s    p99 ms  goodput (last 40 s)" + reset + "\n";
  for (const auto& c : spec.clients) {
    const std::string e = "clients." + c.name;
    std::snprintf(line, sizeof line, "%-10s %s %s %s  %s\n", c.name.c_str(), num(last(ts.find(e, "goodput_per_s"))).c_str(),
                  num(last(ts.find(e, "failed_per_s"))).c_str(), num(last(ts.find(e, "p99_ms"))).c_str(),
                  spark(ts.find(e, "goodput_per_s")).c_str());
    out += line;
  }
  out += "\n" + std::string(bold) + "service     arrivals/s  util    cpu   queue  rejected/s  utilization" + reset + "\n";
  for (const auto& s : spec.services) {
    const std::string e = "services." + s.name;
    std::snprintf(line, sizeof line, "%-10s %s %s %s %s %s    %s\n", s.name.c_str(),
                  num(last(ts.find(e, "arrivals_per_s"))).c_str(),
                  num(last(ts.find(e, "utilization")) * 100, "%5.0f%%").c_str(),
                  num(last(ts.find(e, "cpu_utilization")) * 100, "%5.0f%%").c_str(),
                  num(last(ts.find(e, "queue_length")), "%7.0f").c_str(),
                  num(last(ts.find(e, "rejected_per_s")), "%10.1f").c_str(), spark(ts.find(e, "utilization")).c_str());
    out += line;
  }
  out += "\n" + std::string(bold) + "edge              attempts/s  retries/s  attempts" + reset + "\n";
  for (const auto& s : ts.series) {
    if (s.entity.rfind("edges.", 0) != 0 || s.metric != "attempts_per_s") continue;
    std::snprintf(line, sizeof line, "%-17s %s %s   %s\n", s.entity.substr(6).c_str(), num(last(&s), "%10.1f").c_str(),
                  num(last(ts.find(s.entity, "retries_per_s")), "%9.1f").c_str(), spark(&s).c_str());
    out += line;
  }
  out += "\n" + std::string(bold) + "faults" + reset + "\n";
  const auto faults = run.active_faults();
  if (faults.empty()) out += "  none\n";
  for (const auto& f : faults) {
    std::snprintf(line, sizeof line, "  %s#%u %s on %s%s since %.0f s (%s)\n", red, f.id, f.kind.c_str(), f.target.c_str(),
                  reset, f.start.seconds(), f.source.c_str());
    out += line;
  }
  const auto& actions = run.actions();
  if (!actions.empty()) {
    out += "\n" + std::string(bold) + "actions" + reset + "\n";
    for (std::size_t i = actions.size() > 4 ? actions.size() - 4 : 0; i < actions.size(); ++i) {
      const auto& a = actions[i];
      std::snprintf(line, sizeof line, "  %.1f s  %s: %s%s\n", a.at.seconds(), a.by.c_str(), kind_name(a.control.kind),
                    a.control.kind == Control::Kind::set ? (" " + a.control.path + " = " + a.control.value).c_str()
                    : a.result.contains("id") ? (" -> fault #" + a.result["id"].dump()).c_str()
                                              : "");
      out += line;
    }
  }
  if (run.done() && run.result() != nullptr) {
    std::snprintf(line, sizeof line, "\nrun over: fingerprint %016llx\n",
                  static_cast<unsigned long long>(run.result()->engine.fingerprint));
    out += line;
  }
  out += "\nkeys: p pause/resume  s step  n inject the next fault  + faster  - slower  h hint  q quit\n";
  return out;
}

}  // namespace faultline::live
