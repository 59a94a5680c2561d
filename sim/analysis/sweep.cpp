#include "faultline/analysis/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>

#include "../report/format.hpp"
#include "faultline/analysis/batch.hpp"
#include "faultline/metrics/registry.hpp"

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

/// A run's figures as (name, CSV cell) in output order: the registry's, then
/// the verdict and the engine's (not its wall-clock figures, which differ between identical runs).
std::vector<std::pair<std::string, std::string>> run_metrics(const RunResult& r) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto metrics = registry(r);  // held: a range-for would not keep a temporary one alive
  for (const auto& m : metrics->all()) out.emplace_back(m.name(), report::csv_cell(m));
  out.emplace_back("verdict.state", r.verdict.state);
  out.emplace_back("verdict.recovery_s", r.verdict.recovery_s >= 0 ? report::csv_number(r.verdict.recovery_s) : "");
  out.emplace_back("engine.events", std::to_string(r.engine.events));
  out.emplace_back("engine.fingerprint", report::fingerprint_hex(r.engine.fingerprint));
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
  std::vector<BatchJob> jobs;
  for (const std::size_t r : mine) jobs.push_back(BatchJob{&specs[r / seeds], specs[r / seeds].simulation.seed + r % seeds});
  const std::vector<RunResult> results = run_batch(jobs, BatchOptions{o.jobs, o.on_progress, o.stop});

  SweepTable t;
  t.param_count = o.params.size();
  t.header = {"run", "combination"};
  for (const auto& p : o.params) t.header.push_back(p.path);
  t.header.push_back("seed");
  t.partial = any_partial(results);
  for (std::size_t i = 0; i < mine.size(); ++i) {
    if (results[i].partial) continue;  // cut short: left out, the table says so
    const auto metrics = run_metrics(results[i]);
    if (t.header.size() == 3 + t.param_count) {
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

SweepSummary summarize(const SweepTable& t) {
  const std::size_t first_metric = t.param_count + 3;
  SweepSummary out;
  for (std::size_t i = 2; i < 2 + t.param_count; ++i) out.params.push_back(t.header[i]);
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
    out.metrics.push_back(t.header[c]);
  }
  for (const auto& [combo, rows] : by_combination(t)) {
    SweepSummary::Combination line;
    line.index = combo;
    for (std::size_t i = 2; i < 2 + t.param_count; ++i) line.values.push_back((*rows.front())[i]);
    line.runs = rows.size();
    for (std::size_t c : columns) line.metrics.push_back(column_interval(rows, c));
    out.combinations.push_back(std::move(line));
  }
  return out;
}

}  // namespace faultline::analysis
