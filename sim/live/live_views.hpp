#pragma once
// The live run's views of the time series: the last interval per entity (JSON
// and Prometheus), edge health, history, goodput around an action.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "faultline/live/live_run.hpp"

namespace faultline::live::views {

/// {"clients": {...}, "services": {...}, "edges": {...}}: each entity's metrics
/// over the last complete sample interval; edges also carry from, to and health.
nlohmann::json entities(const Spec& spec, const TimeSeries& ts);
nlohmann::json history(const TimeSeries& ts);
nlohmann::json action_json(const ActionEntry& a);
/// The control as a body that parse_control reads back (records, replay).
nlohmann::json control_json(const Control& c);
/// Mean of the clients' summed goodput over samples ending in (from_s, to_s]; null when none.
nlohmann::json total_goodput(const Spec& spec, const TimeSeries& ts, double from_s, double to_s);
/// A RunResult holding what the time series alone tells (for findings before the end).
RunResult partial_result(const Spec& spec, const TimeSeries& ts, Time now);
std::string prometheus(const Spec& spec, const TimeSeries& ts, double time_s, double speed, bool paused, bool lagging,
                       std::size_t active_faults, std::size_t actions);
std::string hex(std::uint64_t v);

}  // namespace faultline::live::views
