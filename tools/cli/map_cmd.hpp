#pragma once
// `faultline map`: the stability map (see faultline/analysis/stability_map.hpp).
#include <string>

#include "commands.hpp"

namespace faultline::cli {

struct MapArgs {
  CommonArgs common;
  std::string param;            // PATH=LOW..HIGH
  int steps = 8;
  std::string hold = "20s";
  int seeds = 3;
  int jobs = 0;                 // 0: the machine's cores
  bool with_faults = false;
  std::string format = "table";
  std::string report_file;
  bool quiet = false;
};

int map_command(const MapArgs& args);

}  // namespace faultline::cli
