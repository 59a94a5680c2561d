#pragma once
// The debug log of a run (--log-level debug): attempts sent and failed, faults
// begun and ended, each line stamped with the simulated time by an spdlog
// custom flag (%*), not formatted by hand in the models.
#include <memory>

#include "faultline/engine/engine.hpp"
#include "faultline/model/signals.hpp"

namespace spdlog {
class logger;
}

namespace faultline {

class DebugLog final : public SignalObserver {
 public:
  /// Logs to stderr at `logger`'s level, lines reading "debug: [<simulated seconds>] ...".
  DebugLog(spdlog::logger& logger, const Engine& engine);
  ~DebugLog() override;

  void attempt_sent(Time now, const std::string& edge, std::uint64_t op_id, int attempt_no,
                    std::uint32_t replica) override;
  void attempt_failed(Time now, const std::string& edge, std::uint64_t op_id, int attempts, Reason reason) override;
  void fault_applied(Time now, const char* kind, std::uint32_t index, const std::string& target,
                     bool begins) override;

 private:
  std::shared_ptr<spdlog::logger> log_;
};

}  // namespace faultline
