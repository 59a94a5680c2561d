#pragma once
// The caller's side of one logical call on an edge: a client's operation, or
// one downstream call made by a request on a service. Attempts are numbered
// from 1; `awaiting` is the attempt whose answer the caller still waits for.
#include <cstdint>

#include "faultline/engine/time.hpp"
#include "faultline/model/pool.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

/// Who started a call and gets its outcome: a CallOwner registered with the
/// call layer (`sink`), and what that owner needs to find its own state again.
struct Owner {
  std::uint32_t sink = 0;   // the owner's id in the call layer
  std::uint32_t index = 0;  // client: index of the client; service side: attempt pool index
  std::uint32_t gen = 0;    // service side: attempt generation; client: the closed-loop user (or ~0)
};

/// One attempt the caller still waits for: its number and where it went.
struct InFlight {
  std::uint8_t attempt_no = 0;  // 0: empty slot
  std::uint32_t replica = 0;    // index among the target service's replicas
};
inline constexpr int kMaxInFlight = 4;  // the first attempt + up to 3 hedges

/// A call site: the chain of edges from a client's operation down to a call,
/// hashed. A retry, hedge or upstream retry repeats a site; two different calls
/// of one request, or the two branches of a diamond, are different sites.
inline std::uint64_t call_site(std::uint64_t parent_site, std::uint32_t edge) {
  std::uint64_t x = parent_site ^ ((edge + 1ULL) * 0x9e3779b97f4a7c15ULL);
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// The key side effects and idempotency are counted under: one operation at one call site.
inline std::uint64_t execution_key(std::uint64_t op_id, std::uint64_t site) {
  return call_site(site ^ (op_id * 0xd6e8feb86659fd93ULL), 0xffffffffu);
}

struct Call {
  std::uint32_t gen = 0;
  std::uint32_t edge = 0;
  Owner owner;
  std::uint64_t op_id = 0;
  std::uint64_t site = 0;      // call_site() of this call
  Time started;                // the operation's (or downstream call's) start
  Duration prev_sleep;         // decorrelated jitter's memory
  Time deadline = Time::max(); // the operation's deadline, carried downstream
  std::uint8_t attempts_sent = 0;
  std::uint8_t hedges_sent = 0;
  std::uint8_t in_flight_count = 0;
  InFlight in_flight[kMaxInFlight];  // attempts awaited; none while backing off
  Reason last_reason = Reason::error;
  bool counted = false;        // client operation started inside the summary window
};

/// The answer a service gives to one attempt.
struct Outcome {
  bool success = false;
  Reason reason = Reason::error;  // when !success
};

}  // namespace faultline
