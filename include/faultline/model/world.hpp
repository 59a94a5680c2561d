#pragma once
// Everything one run's models share: the engine, the recorder, the pools of
// calls and attempts, and the components. Components reach each other only
// through the verbs they publish (accept, deliver, on_call_done, ...).
#include <cstdint>
#include <memory>
#include <vector>

#include "faultline/engine/engine.hpp"
#include "faultline/metrics/recorder.hpp"
#include "faultline/model/attempt.hpp"
#include "faultline/model/call.hpp"
#include "faultline/model/pool.hpp"

namespace spdlog {
class logger;
}

namespace faultline {

class CallLayer;
class Replica;
class Service;
class Client;
class TraceLog;

struct World {
  World(Engine& e, Recorder& r);
  ~World();  // out of line: the components are incomplete types here
  Engine& engine;
  Recorder& recorder;
  spdlog::logger* trace = nullptr;  // non-null only when debug tracing is on
  TraceLog* trace_log = nullptr;  // non-null only with --trace
  Pool<Call> calls;
  Pool<Attempt> attempts;
  std::unique_ptr<CallLayer> call_layer;
  std::vector<std::unique_ptr<Service>> services;
  std::vector<std::unique_ptr<Replica>> replicas;  // all replicas of all services
  std::vector<std::unique_ptr<Client>> clients;
  std::uint64_t next_op_id = 1;
};

}  // namespace faultline
