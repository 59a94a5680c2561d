#include "faultline/model/debug_log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "faultline/scenario/names.hpp"

namespace faultline {

namespace {
/// %*: the engine's clock, in seconds with nanosecond digits.
class SimulatedTime final : public spdlog::custom_flag_formatter {
 public:
  explicit SimulatedTime(const Engine& engine) : engine_(engine) {}
  void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
    fmt::format_to(std::back_inserter(dest), "{:.9f}", engine_.now().seconds());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<SimulatedTime>(engine_); }

 private:
  const Engine& engine_;
};
}  // namespace

// A logger of its own (a clone would share, and reformat, the caller's sinks),
// on stderr like the CLI's, at the caller's level.
DebugLog::DebugLog(spdlog::logger& logger, const Engine& engine)
    : log_(std::make_shared<spdlog::logger>(logger.name() + ".sim",
                                            std::make_shared<spdlog::sinks::stderr_color_sink_st>())) {
  log_->set_level(logger.level());
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<SimulatedTime>('*', engine).set_pattern("%^%l%$: [%*] %v");
  log_->set_formatter(std::move(formatter));
}

DebugLog::~DebugLog() = default;

void DebugLog::attempt_sent(Time, const std::string& edge, std::uint64_t op_id, int attempt_no, std::uint32_t replica) {
  log_->debug("{} op={} attempt {} sent to replica {}", edge, op_id, attempt_no, replica);
}

void DebugLog::attempt_failed(Time, const std::string& edge, std::uint64_t op_id, int attempts, Reason reason) {
  log_->debug("{} op={} attempt {} failed: {}", edge, op_id, attempts, reason_name(reason));
}

void DebugLog::fault_applied(Time, const char* kind, std::uint32_t index, const std::string&, bool begins) {
  log_->debug("fault {} #{} {}", kind, index, begins ? "begins" : "ends");
}

}  // namespace faultline
