#pragma once
// The server's side of one attempt: a request on one replica of a service.
#include <cstdint>

#include "faultline/engine/time.hpp"
#include "faultline/model/pool.hpp"

namespace faultline {

struct Attempt {
  enum class Phase : std::uint8_t { queued, working, calling, locking };  // locking: a worker held, waiting for a row lock
  std::uint32_t gen = 0;
  Handle reply_to;               // the Call that sent it
  std::uint8_t attempt_no = 0;   // which attempt of that call
  Phase phase = Phase::queued;
  std::uint16_t next_call = 0;   // index of the downstream call in progress (or next)
  std::uint32_t replica = 0;     // global replica index
  std::uint32_t slot = 0;        // position in the replica's in-service list
  std::uint64_t op_id = 0;
  std::uint64_t site = 0;        // the call's site (call.hpp)
  std::uint64_t key = 0;         // execution store key: (op_id, site)
  Time deadline = Time::max();   // the operation's deadline ([policies])
  Time arrived;
  Time work_ends;                // while working
  Duration remaining;            // own work left when paused
  Handle downstream;             // the downstream Call in progress, while calling
  // [data-tier]
  enum class Hold : std::uint8_t { none, waiting, held };
  std::uint64_t data_key = 0;    // the row it touches (services with keys), set when it starts
  std::uint8_t op = 0;           // the CallOp of the call that sent it
  Hold lock = Hold::none;        // its row lock
  Hold connection = Hold::none;  // a pooled connection for downstream call next_call
};

}  // namespace faultline
