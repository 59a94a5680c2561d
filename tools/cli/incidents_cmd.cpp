#include "incidents_cmd.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "commands.hpp"

namespace faultline::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPrefix = "incidents/";

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return "";
  const auto b = s.find_last_not_of(" \t\r");
  return s.substr(a, b - a + 1);
}

/// The first sentence of the description, on one line (for files without `# summary:`).
std::string first_sentence(const fs::path& file) {
  try {
    const YAML::Node root = YAML::LoadFile(file.string());
    if (!root["description"]) return "";
    std::string text = root["description"].as<std::string>();
    std::replace(text.begin(), text.end(), '\n', ' ');
    const auto stop = text.find(". ");
    return trim(stop == std::string::npos ? text : text.substr(0, stop + 1));
  } catch (const YAML::Exception&) {
    return "";
  }
}

Incident read_incident(const fs::path& file) {
  Incident inc;
  inc.name = file.stem().string();
  inc.path = file.lexically_normal().string();
  std::ifstream in(file);
  std::string line;
  // Header comments: the lines starting with '#' before the first YAML line.
  while (std::getline(in, line) && !line.empty() && line[0] == '#') {
    const std::string body = trim(line.substr(1));
    if (body.rfind("tags:", 0) == 0) {
      std::stringstream list(body.substr(5));
      std::string tag;
      while (std::getline(list, tag, ',')) {
        if (!trim(tag).empty()) inc.tags.push_back(trim(tag));
      }
    } else if (body.rfind("summary:", 0) == 0) {
      inc.summary = trim(body.substr(8));
    }
  }
  if (inc.summary.empty()) inc.summary = first_sentence(file);
  return inc;
}

fs::path executable_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

}  // namespace

std::string incidents_dir() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("FAULTLINE_INCIDENTS")) candidates.emplace_back(env);
  candidates.emplace_back("scenarios/incidents");
  const fs::path exe = executable_dir();
  if (!exe.empty()) {
    candidates.push_back(exe / ".." / "scenarios" / "incidents");
    candidates.push_back(exe / ".." / "share" / "faultline" / "incidents");
  }
  for (const auto& dir : candidates) {
    std::error_code ec;
    if (fs::is_directory(dir, ec)) return dir.lexically_normal().string();
  }
  return "";
}

std::vector<Incident> list_incidents(const std::string& dir) {
  std::vector<Incident> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".yaml") out.push_back(read_incident(entry.path()));
  }
  std::sort(out.begin(), out.end(), [](const Incident& a, const Incident& b) { return a.name < b.name; });
  return out;
}

std::string resolve_scenario_file(const std::string& file, std::string& error) {
  std::error_code ec;
  if (file.rfind(kPrefix, 0) != 0 || fs::exists(file, ec)) return file;
  std::string name = file.substr(std::string(kPrefix).size());
  if (name.size() > 5 && name.substr(name.size() - 5) == ".yaml") name.resize(name.size() - 5);
  const std::string dir = incidents_dir();
  if (dir.empty()) {
    error = file + ": the incident library (scenarios/incidents) was not found; set FAULTLINE_INCIDENTS to its directory";
    return file;
  }
  const fs::path path = fs::path(dir) / (name + ".yaml");
  if (fs::exists(path, ec)) return path.string();
  error = file + ": no incident named `" + name + "` in " + dir + " (`faultline incidents` lists them)";
  return file;
}

int incidents_command(const IncidentsArgs& args) {
  const std::string dir = incidents_dir();
  if (dir.empty()) {
    std::cerr << "error: the incident library (scenarios/incidents) was not found; set FAULTLINE_INCIDENTS to its directory\n";
    return kBadInput;
  }
  std::vector<Incident> incidents;
  for (auto& inc : list_incidents(dir)) {
    if (args.tag.empty() || std::find(inc.tags.begin(), inc.tags.end(), args.tag) != inc.tags.end()) {
      incidents.push_back(std::move(inc));
    }
  }
  if (args.format == "json") {
    auto list = nlohmann::ordered_json::array();
    for (const auto& inc : incidents) {
      list.push_back({{"name", inc.name}, {"summary", inc.summary}, {"tags", inc.tags}, {"path", inc.path}});
    }
    std::cout << list.dump(2) << "\n";
    return kOk;
  }
  std::size_t name_w = 4, tags_w = 4;
  std::vector<std::string> tag_text;
  for (const auto& inc : incidents) {
    std::string t;
    for (const auto& tag : inc.tags) t += (t.empty() ? "" : ", ") + tag;
    tag_text.push_back(t);
    name_w = std::max(name_w, inc.name.size());
    tags_w = std::max(tags_w, t.size());
  }
  auto pad = [](const std::string& s, std::size_t w) { return s + std::string(w - s.size() + 2, ' '); };
  std::cout << pad("NAME", name_w) << pad("TAGS", tags_w) << "WHAT HAPPENS\n";
  for (std::size_t i = 0; i < incidents.size(); ++i) {
    std::cout << pad(incidents[i].name, name_w) << pad(tag_text[i], tags_w) << incidents[i].summary << "\n";
  }
  std::cout << "\n" << incidents.size() << " incidents in " << dir
            << ". Run one: faultline run incidents/NAME --check; its fixes: faultline compare incidents/NAME --check\n";
  return kOk;
}

}  // namespace faultline::cli
