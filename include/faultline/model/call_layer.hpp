#pragma once
// The caller's side of every edge (client -> service and service -> service):
// sending attempts, per-attempt timeouts, retries with backoff and jitter.
// One code path serves clients and services alike.
#include <cstdint>
#include <string>
#include <vector>

#include "faultline/engine/event.hpp"
#include "faultline/engine/random.hpp"
#include "faultline/model/call.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

struct World;

/// One edge of the call graph and its policies.
struct Edge {
  std::string name;                 // "clients.web", "services.api.calls[0]"
  std::uint32_t target_service = 0;
  Duration timeout = Duration::infinite();
  const RetrySpec* retry = nullptr; // nullptr: no retry
  Rng jitter_rng;
};

class CallLayer final : public EventHandler {
 public:
  explicit CallLayer(World& world);
  /// Registers with the engine; returns the edge's index.
  std::uint32_t add_edge(Edge edge);
  void attach();

  /// Makes a call (not yet sent): store the handle before calling send_first.
  Handle create(std::uint32_t edge, Owner owner, std::uint64_t op_id, bool counted);
  /// Sends the first attempt. The call may finish before this returns.
  void send_first(Handle call) { send(call); }
  /// A service's answer to attempt `attempt_no`. Returns whether the caller was still waiting for it.
  bool deliver(Handle call, std::uint8_t attempt_no, Outcome outcome);
  /// Whether the caller still waits for that attempt (an answer now would not be orphaned).
  bool awaiting(Handle call, std::uint8_t attempt_no) const;
  /// The owner is gone (its request was dropped): forget the call; answers become orphaned.
  void abandon(Handle call);

  void on_event(EventKind kind, std::uint64_t payload) override;

 private:
  enum Kind : EventKind { kTimeout = 1, kRetry = 2 };
  void send(Handle call);
  void attempt_failed(Handle call, Reason reason);
  void finish(Handle call, Outcome outcome);
  bool owner_frozen(const Call& call, EventKind kind, std::uint64_t payload);

  World& world_;
  TargetId self_ = 0;
  std::vector<Edge> edges_;
};

}  // namespace faultline
