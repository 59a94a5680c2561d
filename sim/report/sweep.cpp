#include "faultline/report/sweep.hpp"

#include "format.hpp"
#include "text_table.hpp"

namespace faultline::report {

namespace {

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

}  // namespace

std::string write_runs_csv(const analysis::SweepTable& t) {
  std::string out = join(t.header) + "\n";
  for (const auto& r : t.rows) out += join(r) + "\n";
  return out;
}

std::string write_summary_csv(const analysis::SweepSummary& s) {
  std::vector<std::string> header = {"combination"};
  header.insert(header.end(), s.params.begin(), s.params.end());
  header.push_back("runs");
  for (const auto& m : s.metrics) {
    header.push_back(m + ".mean");
    header.push_back(m + ".ci95");
  }
  std::string out = join(header) + "\n";
  for (const auto& c : s.combinations) {
    std::vector<std::string> line = {std::to_string(c.index)};
    line.insert(line.end(), c.values.begin(), c.values.end());
    line.push_back(std::to_string(c.runs));
    for (const auto& i : c.metrics) {
      line.push_back(number(i.mean));
      line.push_back(number(i.half_width));
    }
    out += join(line) + "\n";
  }
  return out;
}

std::string format_sweep_table(const analysis::SweepSummary& s) {
  // The figures people look at first, per combination: the clients' and the services' orphaned work.
  std::vector<std::size_t> wanted;
  for (std::size_t i = 0; i < s.metrics.size(); ++i) {
    const auto& h = s.metrics[i];
    const bool client = h.rfind("clients.", 0) == 0 &&
                        (h.ends_with(".goodput_per_s") || h.ends_with(".latency_ms.p99") || h.ends_with(".amplification"));
    const bool service = h.rfind("services.", 0) == 0 && h.ends_with(".orphaned");
    if (client || service) wanted.push_back(i);
  }
  std::vector<std::string> headers = s.params;
  headers.push_back("runs");
  for (std::size_t w : wanted) headers.push_back(s.metrics[w]);
  TextTable table(headers);
  for (const auto& c : s.combinations) {
    std::vector<std::string> line = c.values;
    line.push_back(std::to_string(c.runs));
    for (std::size_t w : wanted) {
      const analysis::Interval& i = c.metrics[w];
      line.push_back(fixed(i.mean, 1) + (i.n > 1 ? " ± " + fixed(i.half_width, 1) : ""));
    }
    table.add_row(line);
  }
  return table.render();
}

}  // namespace faultline::report
