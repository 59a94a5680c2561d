#include "live_load.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include "faultline/live/workshop.hpp"
#include "faultline/scenario/load.hpp"

namespace faultline::cli {

std::unique_ptr<live::LiveRun> load_live_run(const std::string& file, double speed) {
  std::ifstream in(file);
  if (!in) {
    std::cerr << "error: " << file << ": cannot read the file\n";
    return nullptr;
  }
  std::stringstream text;
  text << in.rdbuf();
  try {
    Spec spec = load_spec(file);
    live::Workshop workshop = live::read_workshop(text.str(), file);
    const double pace = speed > 0 ? speed : workshop.speed.value_or(1.0);
    return std::make_unique<live::LiveRun>(std::move(spec), text.str(), std::move(workshop), pace);
  } catch (const LoadFailure& failure) {
    for (const auto& e : failure.errors()) std::cerr << "error: " << e.format() << "\n";
    const auto n = failure.errors().size();
    std::cerr << n << (n == 1 ? " error" : " errors") << " in " << file << "; nothing was run\n";
    return nullptr;
  }
}

}  // namespace faultline::cli
