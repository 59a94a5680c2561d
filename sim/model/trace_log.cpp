#include "faultline/model/trace_log.hpp"

#include <nlohmann/json.hpp>

#include "faultline/engine/random.hpp"
#include "faultline/scenario/names.hpp"

namespace faultline {

TraceLog::TraceLog(double sample, std::size_t max_events)
    : threshold_(sample >= 1.0 ? UINT64_MAX : static_cast<std::uint64_t>(sample * 18446744073709551615.0)),
      max_events_(max_events) {}

bool TraceLog::sampled(std::uint64_t op_id) const {
  std::uint64_t state = op_id;
  return splitmix64(state) <= threshold_;
}

void TraceLog::span(const std::string& name, const char* category, std::uint64_t op_id, Time start, Time end,
                    const std::string& detail) {
  if (entries_.size() >= max_events_) {
    ++dropped_;
    return;
  }
  entries_.push_back(Entry{name, category, 'X', op_id, start.ns(), (end - start).count_ns(), detail});
}

void TraceLog::instant(const std::string& name, const char* category, Time at, const std::string& detail) {
  if (entries_.size() >= max_events_) {
    ++dropped_;
    return;
  }
  entries_.push_back(Entry{name, category, 'i', 0, at.ns(), 0, detail});
}

void TraceLog::call_finished(Time now, const std::string& edge, std::uint64_t op_id, Time started, Outcome outcome,
                             int attempts) {
  if (!sampled(op_id)) return;
  span(edge, "call", op_id, started, now,
       std::string(outcome.success ? "success" : reason_name(outcome.reason)) + " after " + std::to_string(attempts) +
           " attempt(s)");
}

void TraceLog::attempt_answered(Time now, const std::string& replica, std::uint64_t op_id, int attempt_no,
                                Time arrived, bool success) {
  if (!sampled(op_id)) return;
  span(replica + " attempt " + std::to_string(attempt_no), "attempt", op_id, arrived, now,
       success ? "success" : "error");
}

void TraceLog::breaker_changed(Time now, const std::string& edge, CircuitBreaker::State state) {
  static const char* const states[] = {"closed", "half-open", "open"};
  instant("breaker " + edge + " " + states[static_cast<int>(state)], "breaker", now, "");
}

void TraceLog::fault_applied(Time now, const char* kind, std::uint32_t, const std::string& target, bool begins) {
  instant(std::string("fault ") + kind + " on " + target + (begins ? " begins" : " ends"), "fault", now, "");
}

void TraceLog::scaled(Time now, const std::string& service, bool decision, std::uint32_t from, std::uint32_t to) {
  instant(std::string(decision ? "autoscale " : "serving ") + service + " " + std::to_string(from) + " -> " +
              std::to_string(to) + " replicas",
          "autoscale", now, "");
}

std::string TraceLog::json() const {
  using json = nlohmann::ordered_json;
  json events = json::array();
  events.push_back({{"name", "process_name"}, {"ph", "M"}, {"pid", 1}, {"args", {{"name", "faultline operations"}}}});
  for (const auto& e : entries_) {
    json ev = {{"name", e.name}, {"cat", e.category}, {"ph", std::string(1, e.phase)}, {"pid", 1},
               {"tid", e.track}, {"ts", static_cast<double>(e.start_ns) / 1000.0}};
    if (e.phase == 'X') ev["dur"] = static_cast<double>(e.duration_ns) / 1000.0;
    if (e.phase == 'i') ev["s"] = "g";  // global: a line across every track
    if (!e.detail.empty()) ev["args"] = {{"detail", e.detail}};
    events.push_back(std::move(ev));
  }
  json out = {{"traceEvents", events}, {"displayTimeUnit", "ms"}};
  if (dropped_ > 0) out["otherData"] = {{"dropped_events", dropped_}};
  return out.dump() + "\n";
}

}  // namespace faultline
