#pragma once
// `faultline incidents`: the incident library (scenarios/incidents/), and the
// lookup that lets every command take `incidents/NAME` for a file.
#include <string>
#include <vector>

namespace faultline::cli {

struct IncidentsArgs {
  std::string format = "table";  // table | json
  std::string tag;               // only incidents with this tag
};

struct Incident {
  std::string name;     // the file's name without .yaml
  std::string summary;  // `# summary:` header line, else the description's first sentence
  std::vector<std::string> tags;  // `# tags: a, b` header line
  std::string path;
};

/// The library's directory: $FAULTLINE_INCIDENTS, ./scenarios/incidents, or next
/// to the executable (../scenarios/incidents, ../share/faultline/incidents); empty if none.
std::string incidents_dir();
/// Every incident in `dir`, by name.
std::vector<Incident> list_incidents(const std::string& dir);
/// A FILE argument as given, or `incidents/NAME[.yaml]` found in the library.
/// Returns an error message (CLI11 transform style) in `error` when NAME is unknown.
std::string resolve_scenario_file(const std::string& file, std::string& error);

int incidents_command(const IncidentsArgs& args);

}  // namespace faultline::cli
