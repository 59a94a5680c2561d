#pragma once
// The record of a live run (--record FILE): the scenario's text and every
// applied action with its simulated time. `faultline replay` runs it again
// without a clock and reaches the same engine fingerprint.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "faultline/metrics/run_result.hpp"

namespace faultline::live {

inline constexpr const char* kRecordFormat = "faultline-live-record/1";

/// An engine fingerprint as the reports print it (16 hex digits).
std::string fingerprint_hex(std::uint64_t v);

/// Writes the record atomically (temporary file, then rename); false on failure.
bool write_record(const nlohmann::json& record, const std::string& path);
/// Reads a record; throws std::runtime_error saying what is wrong.
nlohmann::json read_record(const std::string& path);
/// Replays a record: the same scenario, the same actions at the same simulated
/// times, up to where the live run ended. Throws std::runtime_error on a bad record.
RunResult replay(const nlohmann::json& record);

}  // namespace faultline::live
