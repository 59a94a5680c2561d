#pragma once
// Sampled operations as Chrome trace events (open in Perfetto or
// chrome://tracing): each operation on its own track, its calls and attempts
// as nested spans, faults and breaker transitions as instant events.
// Sampling is by a hash of the operation id, so tracing draws no random numbers
// and a traced run is the same run.
#include <cstdint>
#include <string>
#include <vector>

#include "faultline/engine/time.hpp"
#include "faultline/model/signals.hpp"

namespace faultline {

/// Also an observer of the model's signals: calls and attempts of sampled
/// operations become spans, breaker changes and faults instants.
class TraceLog final : public SignalObserver {
 public:
  /// `sample`: the share of operations traced, (0, 1]; `max_events` bounds memory.
  explicit TraceLog(double sample, std::size_t max_events = 200000);

  bool sampled(std::uint64_t op_id) const;
  void span(const std::string& name, const char* category, std::uint64_t op_id, Time start, Time end,
            const std::string& detail);
  void instant(const std::string& name, const char* category, Time at, const std::string& detail);
  /// The trace-event JSON object.
  std::string json() const;
  std::size_t dropped() const { return dropped_; }

  void call_finished(Time now, const std::string& edge, std::uint64_t op_id, Time started, Outcome outcome,
                     int attempts) override;
  void attempt_answered(Time now, const std::string& replica, std::uint64_t op_id, int attempt_no, Time arrived,
                        bool success) override;
  void breaker_changed(Time now, const std::string& edge, CircuitBreaker::State state) override;
  void fault_applied(Time now, const char* kind, std::uint32_t index, const std::string& target,
                     bool begins) override;
  void scaled(Time now, const std::string& service, bool decision, std::uint32_t from, std::uint32_t to) override;

 private:
  struct Entry {
    std::string name;
    const char* category;
    char phase;  // 'X' span, 'i' instant
    std::uint64_t track;
    std::int64_t start_ns, duration_ns;
    std::string detail;
  };
  std::uint64_t threshold_;
  std::size_t max_events_;
  std::size_t dropped_ = 0;
  std::vector<Entry> entries_;
};

}  // namespace faultline
