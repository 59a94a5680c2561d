#pragma once
// One registry of a run's summary metrics: every figure of every client,
// service and edge as (entity, path, unit, value, better), filled once from
// the RunResult. Every writer (table, JSON, CSV, HTML), the expectations,
// compare, sweep and the findings read figures here, by path; text is made
// only when an output is written.
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace faultline {

struct RunResult;

enum class MetricKind { count, real, text };       // counts print as integers, reals rounded, text as is
enum class Better { higher, lower, neither };      // which direction is an improvement

struct Metric {
  std::string entity;      // "clients.web", "services.ledger", "edges.api->ledger"
  const char* path = "";   // "goodput_per_s", "latency_ms.p99", "failed.timeout"
  const char* unit = "";   // "1/s", "ms", "ratio", "operations", ...
  MetricKind kind = MetricKind::real;
  Better better = Better::neither;
  double value = 0;        // count and real (NaN: no data)
  std::string text;        // text
  std::string name() const { return entity + "." + path; }
};

class MetricRegistry {
 public:
  /// Every metric of the result's clients, services and edges, in output order.
  static MetricRegistry of(const RunResult& result);

  const std::vector<Metric>& all() const { return metrics_; }
  /// The metric at a full name ("clients.web.latency_ms.p99"), or nullptr.
  const Metric* find(const std::string& name) const;
  const Metric* find(const std::string& entity, const std::string& path) const;
  /// The value at (entity, path); NaN when there is none.
  double value(const std::string& entity, const std::string& path) const;

 private:
  std::vector<Metric> metrics_;
  std::unordered_map<std::string, std::size_t> index_;  // full name -> position
};

/// A real figure as the output contract reports it: rounded to 6 decimals, so
/// that output is stable and `--check` judges the figure the JSON shows.
double reported(double v);

/// The run's registry: the one filled at the end of the run, or one built now
/// for a result put together by hand.
std::shared_ptr<const MetricRegistry> registry(const RunResult& result);

/// The metric paths an entity of a kind ("clients", "services", "edges") has, in output order.
std::vector<std::string> metric_names(const std::string& kind);
/// The entity kinds: "clients", "services", "edges".
const std::vector<std::string>& entity_kinds();

}  // namespace faultline
