#include "faultline/analysis/sweep.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "../report/format.hpp"
#include "../report/text_table.hpp"
#include "faultline/analysis/stats.hpp"
#include "faultline/faultline.hpp"
#include "faultline/report/report.hpp"

namespace faultline::analysis {

namespace {

/// Splits on `sep` outside brackets and CSV quotes; quoted cells are unquoted.
std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"') {
      if (quoted && i + 1 < s.size() && s[i + 1] == '"') {
        cur += '"';
        ++i;
      } else {
        quoted = !quoted;
      }
      continue;
    }
    if (!quoted && (c == '{' || c == '[')) ++depth;
    if (!quoted && (c == '}' || c == ']')) --depth;
    if (c == sep && depth == 0 && !quoted) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

/// The summary's figures as (name, value) in output order, leaving out what may
/// differ between identical runs (wall time) and the free-text findings.
std::vector<std::pair<std::string, std::string>> run_metrics(const RunResult& r) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream csv(report::format_summary_csv(r));
  std::string line;
  std::getline(csv, line);  // header
  while (std::getline(csv, line)) {
    const auto a = line.find(','), b = line.find(',', a + 1);
    const std::string entity = line.substr(0, a), metric = line.substr(a + 1, b - a - 1), value = line.substr(b + 1);
    if (entity == "run" || entity.rfind("faults.", 0) == 0 || entity.rfind("findings.", 0) == 0) continue;
    if (entity == "engine" && (metric == "wall_s" || metric == "events_per_s")) continue;
    out.emplace_back(entity + "." + metric, value);
  }
  return out;
}

/// A CSV line; cells holding a comma or a quote are quoted.
std::string join(const std::vector<std::string>& cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    const std::string& c = cells[i];
    if (c.find_first_of(",\"") == std::string::npos) {
      out += c;
      continue;
    }
    out += '"';
    for (char ch : c) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    out += '"';
  }
  return out;
}

bool numeric(const std::string& s, double& v) {
  if (s.empty()) return false;
  char* end = nullptr;
  v = std::strtod(s.c_str(), &end);
  return *end == '\0';
}

using Group = std::vector<const std::vector<std::string>*>;

/// The runs of each combination, in combination order.
std::map<long, Group> by_combination(const SweepTable& t) {
  std::map<long, Group> groups;
  for (const auto& r : t.rows) groups[std::atol(r[1].c_str())].push_back(&r);
  return groups;
}

/// Mean and 95% CI of one column over a combination's runs.
Interval column_interval(const Group& rows, std::size_t column) {
  std::vector<double> samples;
  for (const auto* r : rows) {
    double v;
    samples.push_back(numeric((*r)[column], v) ? v : std::nan(""));
  }
  return interval(samples);
}

}  // namespace

SweepParam parse_param(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    throw LoadFailure({LoadError{"--param " + text, 0, 0, "", "expected path=v1,v2,...", ""}});
  }
  return SweepParam{text.substr(0, eq), split(text.substr(eq + 1), ',')};
}

SweepTable sweep(const SweepOptions& o) {
  // The grid, first parameter slowest.
  std::vector<std::vector<std::string>> combos = {{}};
  for (const auto& p : o.params) {
    std::vector<std::vector<std::string>> next;
    for (const auto& c : combos) {
      for (const auto& v : p.values) {
        auto n = c;
        n.push_back(v);
        next.push_back(std::move(n));
      }
    }
    combos = std::move(next);
  }
  std::vector<Spec> specs;
  for (const auto& c : combos) {
    std::vector<Override> overrides = o.sets;
    for (std::size_t i = 0; i < c.size(); ++i) overrides.push_back(Override{o.params[i].path, c[i]});
    specs.push_back(load_spec(o.file, overrides));
  }
  const auto seeds = static_cast<std::size_t>(o.seeds);
  std::vector<std::size_t> mine;
  for (std::size_t r = 0; r < combos.size() * seeds; ++r) {
    if (static_cast<int>(r % static_cast<std::size_t>(o.shards)) == o.shard) mine.push_back(r);
  }
  std::vector<RunResult> results(mine.size());
  std::atomic<std::size_t> next{0};
  std::atomic<int> done{0};
  std::mutex progress;
  auto worker = [&] {
    for (std::size_t i = next++; i < mine.size(); i = next++) {
      Spec spec = specs[mine[i] / seeds];
      spec.simulation.seed += mine[i] % seeds;
      results[i] = run(spec);
      const int d = ++done;
      if (o.on_progress) {
        std::lock_guard<std::mutex> lock(progress);
        o.on_progress(d, static_cast<int>(mine.size()));
      }
    }
  };
  std::vector<std::thread> pool;
  for (int j = 0; j < std::max(1, std::min<int>(o.jobs, static_cast<int>(mine.size()))); ++j) pool.emplace_back(worker);
  for (auto& t : pool) t.join();

  SweepTable t;
  t.param_count = o.params.size();
  t.header = {"run", "combination"};
  for (const auto& p : o.params) t.header.push_back(p.path);
  t.header.push_back("seed");
  for (std::size_t i = 0; i < mine.size(); ++i) {
    const auto metrics = run_metrics(results[i]);
    if (i == 0) {
      for (const auto& m : metrics) t.header.push_back(m.first);
    }
    std::vector<std::string> row = {std::to_string(mine[i]), std::to_string(mine[i] / seeds)};
    for (const auto& v : combos[mine[i] / seeds]) row.push_back(v);
    row.push_back(std::to_string(results[i].seed));
    for (const auto& m : metrics) row.push_back(m.second);
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string write_runs_csv(const SweepTable& t) {
  std::string out = join(t.header) + "\n";
  for (const auto& r : t.rows) out += join(r) + "\n";
  return out;
}

SweepTable read_runs_csv(const std::vector<std::string>& texts) {
  SweepTable t;
  std::map<long, std::vector<std::string>> by_run;  // ordered by run index: parts join into one order
  for (const auto& text : texts) {
    std::istringstream in(text);
    std::string line;
    if (!std::getline(in, line)) continue;
    const auto header = split(line, ',');
    if (t.header.empty()) {
      t.header = header;
      const auto seed = std::find(header.begin(), header.end(), "seed");
      t.param_count = static_cast<std::size_t>(seed - header.begin()) - 2;
    } else if (header != t.header) {
      throw LoadFailure({LoadError{"merge", 0, 0, "", "the parts come from different sweeps (their columns differ)", ""}});
    }
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      auto row = split(line, ',');
      by_run[std::atol(row[0].c_str())] = std::move(row);
    }
  }
  long expected = 0;
  for (auto& [run, row] : by_run) {
    if (run != expected++) {
      throw LoadFailure({LoadError{"merge", 0, 0, "", "run " + std::to_string(expected - 1) + " is missing: is a part missing?", ""}});
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string write_summary_csv(const SweepTable& t) {
  const std::size_t first_metric = t.param_count + 3;
  std::vector<std::string> header = {"combination"};
  for (std::size_t i = 2; i < 2 + t.param_count; ++i) header.push_back(t.header[i]);
  header.push_back("runs");
  // Numeric columns only (a column is numeric when every run's value is).
  std::vector<std::size_t> columns;
  for (std::size_t c = first_metric; c < t.header.size(); ++c) {
    bool all = !t.rows.empty();
    for (const auto& r : t.rows) {
      double v;
      all = all && (numeric(r[c], v) || r[c].empty() || r[c] == "inf");
    }
    if (!all) continue;
    columns.push_back(c);
    header.push_back(t.header[c] + ".mean");
    header.push_back(t.header[c] + ".ci95");
  }
  std::string out = join(header) + "\n";
  for (const auto& [combo, rows] : by_combination(t)) {
    std::vector<std::string> line = {std::to_string(combo)};
    for (std::size_t i = 2; i < 2 + t.param_count; ++i) line.push_back((*rows.front())[i]);
    line.push_back(std::to_string(rows.size()));
    for (std::size_t c : columns) {
      const Interval i = column_interval(rows, c);
      line.push_back(report::number(i.mean));
      line.push_back(report::number(i.half_width));
    }
    out += join(line) + "\n";
  }
  return out;
}

std::string format_sweep_table(const SweepTable& t) {
  // The figures people look at first, per combination: the first client's and all services'.
  std::vector<std::string> wanted;
  for (const auto& h : t.header) {
    const bool client = h.rfind("clients.", 0) == 0 &&
                        (h.ends_with(".goodput_per_s") || h.ends_with(".latency_ms.p99") || h.ends_with(".amplification"));
    const bool service = h.rfind("services.", 0) == 0 && h.ends_with(".orphaned");
    if (client || service) wanted.push_back(h);
  }
  std::vector<std::string> headers;
  for (std::size_t i = 2; i < 2 + t.param_count; ++i) headers.push_back(t.header[i]);
  headers.push_back("runs");
  for (const auto& w : wanted) headers.push_back(w);
  report::TextTable table(headers);
  for (const auto& [combo, rows] : by_combination(t)) {
    std::vector<std::string> line;
    for (std::size_t i = 2; i < 2 + t.param_count; ++i) line.push_back((*rows.front())[i]);
    line.push_back(std::to_string(rows.size()));
    for (const auto& w : wanted) {
      const auto c = static_cast<std::size_t>(std::find(t.header.begin(), t.header.end(), w) - t.header.begin());
      const Interval i = column_interval(rows, c);
      line.push_back(report::fixed(i.mean, 1) + (i.n > 1 ? " ± " + report::fixed(i.half_width, 1) : ""));
    }
    table.add_row(line);
  }
  return table.render();
}

}  // namespace faultline::analysis
