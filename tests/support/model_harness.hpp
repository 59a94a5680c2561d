#pragma once
// An engine, a recorder and the model's signals for tests that drive one side
// of the model alone (caller side or service side) with a fake of the other.
#include <string>

#include "faultline/engine/engine.hpp"
#include "faultline/metrics/recorder.hpp"
#include "faultline/model/signals.hpp"
#include "support/sim_time.hpp"

namespace faultline::testing {

/// One client, one service, one edge between them, as the recorder sees them.
struct SignalHarness {
  static RecorderConfig config() {
    RecorderConfig rc;
    rc.client_names = {"web"};
    rc.service_names = {"db"};
    rc.service_workers = {1};
    rc.edges = {{"web->db", "clients.web", "services.db"}};
    rc.duration = Duration::s(100);
    rc.sample_interval = Duration::s(1);
    return rc;
  }
  Engine engine;
  Recorder recorder{engine, config()};
  Signals signals{engine, recorder};
};

}  // namespace faultline::testing
