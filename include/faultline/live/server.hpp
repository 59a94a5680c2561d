#pragma once
// The live server: one port for the dashboard (GET /), its JSON (GET
// /api/state, /api/history), Prometheus text (GET /metrics), a WebSocket of
// state frames (GET /ws) and the controls (POST /api/control). It paces the
// LiveRun to the wall clock on the same thread as the network.
#include <atomic>
#include <cstddef>
#include <functional>
#include <string>

#include "faultline/live/live_run.hpp"

namespace faultline::live {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  unsigned short port = 8080;                  // 0: pick a free port
  std::string token;                           // the instructor's bearer token
  std::string record_file;                     // written after each action and at the end; empty: none
  std::size_t max_body_bytes = 64 * 1024;      // larger request bodies get 413
  std::size_t viewer_queue_frames = 8;         // a viewer this far behind is dropped
  bool handle_signals = true;                  // SIGINT / SIGTERM end the server cleanly
  /// Called once listening, with the bound address and port.
  std::function<void(const std::string& address, unsigned short port)> on_listening;
  /// Called when the run reaches its end (the server keeps serving the debrief).
  std::function<void(const RunResult&)> on_finished;
  /// Set from elsewhere to stop the server (tests); checked every tick.
  const std::atomic<bool>* stop = nullptr;
};

/// Serves `run` until a signal or `stop`; finishes the run and writes the record
/// before returning. Throws std::runtime_error when it cannot listen.
void serve(LiveRun& run, const ServerOptions& options);

/// A random token of 32 hex digits.
std::string random_token();

/// The dashboard page (self-contained HTML, no network).
const std::string& dashboard_html();

}  // namespace faultline::live
