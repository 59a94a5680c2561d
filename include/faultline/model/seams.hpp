#pragma once
// The two seams of the model's middle. The caller side (CallLayer: calls,
// retries, timeouts, policies, balancing, the network) and the service side
// (Service/Replica: queues, workers, own work) know each other only through
// these interfaces, so each can be driven alone in a test with a fake of the
// other (tests/model/caller_side_test.cpp, service_side_test.cpp), and a new
// component (a cache in front of a service, a queue, a lock table) plugs in by
// implementing one of them and being registered in the builder
// (sim/model/builder.cpp), without editing the call layer.
//
//   seam 1, attempts:  caller side --AttemptSink::accept--> service side
//                      caller side <--AnswerSink::answer--- service side
//   seam 2, calls:     an owner (a client, a request making a downstream call)
//                      --Calls::create/send_first/abandon--> caller side
//                      owner <--CallOwner::call_done-------- caller side
//
// Pools have one owner each: the caller side owns calls (and answers in
// transit), the service side owns attempts; what crosses a seam is a value
// (AttemptRequest, Outcome) or a handle only its owner dereferences.
#include <cstdint>

#include "faultline/engine/event.hpp"
#include "faultline/engine/time.hpp"
#include "faultline/model/call.hpp"
#include "faultline/model/pool.hpp"

namespace faultline {

/// One attempt of a call, as the service side receives it.
struct AttemptRequest {
  Handle reply_to;              // the caller's call; only the caller side reads it
  std::uint8_t attempt_no = 0;  // which attempt of that call
  std::uint64_t op_id = 0;      // the client operation it belongs to
  std::uint64_t site = 0;       // the call's call_site(): side effects count per (op_id, site)
  Time deadline = Time::max();  // the operation's deadline, carried downstream
  std::uint8_t op = 0;          // [data-tier] the call's CallOp (read, write)
};

/// The service side of one service: takes attempts.
class AttemptSink {
 public:
  /// An attempt arrives at replica `replica` (an index among the service's
  /// replicas, chosen by the caller's balancer). The answer may come back
  /// (through AnswerSink::answer) before this returns.
  virtual void accept(std::uint32_t replica, const AttemptRequest& request) = 0;

 protected:
  ~AttemptSink() = default;
};

/// The caller side: takes answers.
class AnswerSink {
 public:
  /// A service's answer to an attempt. Returns whether the caller still waited
  /// for it. `work_done`: the answer comes after the service did the work, so
  /// an answer nobody waits for is orphaned work (counted at `from_service`);
  /// a rejection or refusal is not.
  virtual bool answer(Handle call, std::uint8_t attempt_no, Outcome outcome, std::uint32_t from_service,
                      bool work_done) = 0;
  /// Whether the caller still waits for that attempt (a dropped response).
  virtual bool awaiting(Handle call, std::uint8_t attempt_no) const = 0;

 protected:
  ~AnswerSink() = default;
};

/// What a call's owner learns when the call ends (the call itself is gone).
struct CallEnd {
  Owner owner;
  std::uint64_t op_id = 0;
  Time started;
  bool counted = false;
};

/// Whoever starts calls: a client, or the service side (downstream calls).
class CallOwner {
 public:
  /// The call ended with `outcome` (after retries).
  virtual void call_done(const CallEnd& end, Outcome outcome) = 0;
  /// A timer of the owner's call is due; if the owner is paused, it keeps the
  /// event and gives it back through Engine::dispatch at resume (returns true).
  virtual bool hold(const Owner& owner, TargetId target, EventKind kind, std::uint64_t payload) = 0;

 protected:
  ~CallOwner() = default;
};

/// The caller side as an owner sees it.
class Calls {
 public:
  /// Makes a call on `edge` (not yet sent): store the handle before send_first.
  /// `owner.sink` is the owner's id from add_owner. `deadline`: inherited
  /// (Time::max() for none). `parent_site`: the site of the attempt making the
  /// call (0 for a client's operation).
  virtual Handle create(std::uint32_t edge, Owner owner, std::uint64_t op_id, bool counted, Time deadline,
                        std::uint64_t parent_site) = 0;
  /// Sends the first attempt. The call may end (call_done) before this returns.
  virtual void send_first(Handle call) = 0;
  /// The owner is gone: forget the call; its answers become orphaned.
  virtual void abandon(Handle call) = 0;

 protected:
  ~Calls() = default;
};

}  // namespace faultline
