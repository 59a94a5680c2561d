#pragma once
// Reading a RunResult in tests: a series by name, the mean of a range of samples, an edge.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "faultline/faultline.hpp"

namespace faultline::testing {

inline const std::vector<double>& series(const RunResult& r, const std::string& entity, const std::string& metric) {
  static const std::vector<double> none;
  const Series* s = r.timeseries.find(entity, metric);
  if (s == nullptr) FAIL("no series " << entity << " " << metric);
  return s ? s->values : none;
}

/// Mean of samples [from, to) (sample i covers [i, i+1) s with a 1 s interval).
inline double mean(const std::vector<double>& v, int from, int to) {
  double sum = 0;
  for (int i = from; i < to; ++i) sum += v.at(static_cast<std::size_t>(i));
  return sum / (to - from);
}

inline const EdgeSummary& edge(const RunResult& r, const std::string& name) {
  for (const auto& e : r.edges) {
    if (e.name == name) return e;
  }
  FAIL("no edge " << name);
  return r.edges.front();
}

inline RunResult run_scenario(const std::string& name, const std::vector<Override>& overrides = {}) {
  return run(load_spec(std::string(FAULTLINE_SOURCE_DIR) + "/scenarios/" + name + ".yaml", overrides));
}

/// Every client and service of the run balances (the property test's invariants, exact without warmup).
inline void check_balance(const RunResult& r) {
  for (const auto& c : r.clients) {
    CHECK(c.operations == c.succeeded + c.failed_timeout + c.failed_error + c.failed_rejected +
                              c.failed_short_circuited + c.failed_throttled + c.failed_deadline + c.in_flight);
  }
  for (const auto& s : r.services) {
    CHECK(s.arrivals == s.rejected + s.completed + s.errors + s.expired + s.deduplicated + s.lost + s.in_service);
  }
}

}  // namespace faultline::testing
