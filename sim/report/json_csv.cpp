// JSON and long-form CSV writers (scenario-format.md, "Output contract").
#include <sstream>

#include "faultline/report/report.hpp"
#include "format.hpp"
#include "summary_json.hpp"

namespace faultline::report {

std::string format_json(const RunResult& result) { return summary_tree(result).dump() + "\n"; }

namespace {
void flatten(const nlohmann::ordered_json& node, const std::string& entity, const std::string& path,
             std::ostringstream& out) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) flatten(value, entity, path.empty() ? key : path + "." + key, out);
    return;
  }
  std::string value;
  if (node.is_string()) {
    value = node.get<std::string>();
  } else if (node.is_null()) {
    value = "";
  } else if (node.is_number_float()) {
    value = number(node.get<double>());
  } else {
    value = node.dump();
  }
  out << entity << ',' << path << ',' << value << '\n';
}
}  // namespace

std::string format_summary_csv(const RunResult& result) {
  const auto tree = summary_tree(result);
  std::ostringstream out;
  out << "entity,metric,value\n";
  for (const auto& [key, value] : tree.items()) {
    if (key == "clients" || key == "services" || key == "edges" || key == "queues") {
      for (const auto& [name, figures] : value.items()) flatten(figures, key + "." + name, "", out);
    } else if (key == "findings") {
      int i = 0;
      for (const auto& f : value) flatten(f, "findings." + std::to_string(i++), "", out);
    } else if (key == "verdict") {
      flatten(value, "verdict", "", out);
    } else if (key == "faults" || key == "autoscale") {
      int i = 0;
      for (const auto& f : value) flatten(f, key + "." + std::to_string(i++), "", out);
    } else if (key == "engine" || key == "cost") {
      flatten(value, key, "", out);
    } else {
      flatten(value, "run", key, out);
    }
  }
  return out.str();
}

std::string format_timeseries_csv(const RunResult& result) {
  std::ostringstream out;
  out << "time_s,entity,metric,value\n";
  const auto& ts = result.timeseries;
  for (std::size_t i = 0; i < ts.times_s.size(); ++i) {
    std::string t = number(ts.times_s[i]);
    if (t.find('.') == std::string::npos) t += ".0";
    for (const auto& s : ts.series) {
      if (i >= s.values.size()) continue;
      out << t << ',' << s.entity << ',' << s.metric << ',' << number(s.values[i]) << '\n';
    }
  }
  return out.str();
}

}  // namespace faultline::report
