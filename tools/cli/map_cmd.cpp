#include "map_cmd.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include "faultline/analysis/stability_map.hpp"
#include "faultline/scenario/units.hpp"

namespace faultline::cli {

int map_command(const MapArgs& args) {
  analysis::MapOptions o;
  o.file = args.common.file;
  o.steps = args.steps;
  o.seeds = args.seeds;
  o.with_faults = args.with_faults;
  o.jobs = args.jobs > 0 ? args.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const auto hold = units::parse_duration(args.hold);
  if (!hold.value || hold.value->seconds() <= 0) {
    std::cerr << "error: --hold " << args.hold << ": expected a positive duration, e.g. 20s\n";
    return kBadInput;
  }
  o.hold_s = hold.value->seconds();
  if (!args.quiet && isatty(STDERR_FILENO)) {
    o.on_progress = [](int done, int total) {
      std::fprintf(stderr, "\r\033[K  %d/%d seeds", done, total);
      if (done == total) std::fprintf(stderr, "\r\033[K");
      std::fflush(stderr);
    };
  }
  try {
    for (const auto& s : args.common.sets) o.sets.push_back(parse_override(s));
    o.param = analysis::parse_map_param(args.param);
    const auto map = analysis::stability_map(o);
    if (!args.report_file.empty()) {
      std::ofstream f(args.report_file, std::ios::binary);
      f << analysis::format_map_html(map, args.common.file);
      if (!f) {
        std::cerr << "error: could not write " << args.report_file << "\n";
        return kBadInput;
      }
    }
    if (args.format == "json") {
      std::cout << analysis::format_map_json(map);
    } else if (args.format == "csv") {
      std::cout << analysis::format_map_csv(map);
    } else {
      std::cout << analysis::format_map_table(map);
    }
  } catch (const LoadFailure& failure) {
    for (const auto& e : failure.errors()) std::cerr << "error: " << e.format() << "\n";
    std::cerr << "nothing was run\n";
    return kBadInput;
  }
  return kOk;
}

}  // namespace faultline::cli
