#pragma once
// Workshop cards: the top-level `workshop:` section of a scenario, read for the
// live server (briefing, the hidden cause, hints, participant controls, debrief).
#include <optional>
#include <string>
#include <vector>

#include "faultline/engine/time.hpp"
#include "faultline/scenario/load.hpp"

namespace faultline::live {

struct Hint {
  std::string text;
  std::optional<Duration> at;  // simulated time it shows by itself; nullopt: on the instructor's `hint`
};

struct Workshop {
  bool present = false;             // the file has a workshop: section
  std::string title;
  std::string briefing;             // what the system is, what alert fired
  std::string cause;                // hidden until `reveal`
  std::vector<Hint> hints;          // in file order
  std::vector<std::string> participant_controls;  // `set` paths participants may use
  std::string debrief;              // shown at the end or on reveal
  std::optional<double> speed;      // the pace the workshop is written for
};

/// Reads the `workshop:` section of a scenario's YAML text (absent: present = false).
/// Throws LoadFailure with located errors for a malformed section.
Workshop read_workshop(const std::string& yaml_text, const std::string& file_name);

}  // namespace faultline::live
