#include "faultline/report/expectations.hpp"

#include <cmath>
#include <sstream>

#include "summary_json.hpp"

namespace faultline::report {

namespace {
/// "actual: 412.5" or why there is no value.
std::string actual(const analysis::ExpectationResult& c) {
  std::ostringstream out;
  out << "(actual: ";
  if (std::isnan(c.actual)) {
    out << c.problem;
  } else {
    out << c.actual;
  }
  out << ")";
  return out.str();
}
}  // namespace

std::string format_json(const RunResult& result, const std::vector<analysis::ExpectationResult>& checks) {
  using json = nlohmann::ordered_json;
  json j = summary_tree(result);
  auto list = json::array();
  for (const auto& c : checks) {
    list.push_back({{"expectation", c.text},
                    {"actual", std::isnan(c.actual) ? json(nullptr) : json(c.actual)},
                    {"held", c.held},
                    {"problem", c.problem}});
  }
  j["expectations"] = list;
  return j.dump() + "\n";
}

std::string format_expectations(std::uint64_t seed, const std::vector<analysis::ExpectationResult>& checks) {
  std::ostringstream out;
  out << "\nEXPECTATIONS (seed=" << seed << ")\n";
  if (checks.empty()) out << "  none in the file (add an `expect:` list)\n";
  for (const auto& c : checks) {
    out << "  " << (c.held ? "ok    " : "FAILED") << "  " << c.text << "  " << actual(c) << "\n";
  }
  return out.str();
}

std::string format_expectations(const analysis::Comparison& c) {
  std::ostringstream out;
  out << "\nEXPECTATIONS: " << c.expectations_checked - static_cast<int>(c.failed_expectations.size()) << " of "
      << c.expectations_checked << " held\n";
  for (const auto& f : c.failed_expectations) {
    out << "  FAILED  " << f.variant << " seed=" << f.seed << ": " << f.result.text << " " << actual(f.result) << "\n";
  }
  return out.str();
}

}  // namespace faultline::report
