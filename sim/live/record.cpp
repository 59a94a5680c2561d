#include "faultline/live/record.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "faultline/live/control.hpp"
#include "faultline/scenario/load.hpp"
#include "faultline/simulation.hpp"

namespace faultline::live {

using nlohmann::json;

std::string fingerprint_hex(std::uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

bool write_record(const json& record, const std::string& path) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) return false;
    out << record.dump(2) << "\n";
    if (!out.flush()) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

json read_record(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read the record");
  std::stringstream text;
  text << in.rdbuf();
  json j = json::parse(text.str(), nullptr, false);
  if (j.is_discarded()) throw std::runtime_error(path + ": not JSON (a record is written by faultline live --record)");
  if (!j.is_object() || j.value("format", "") != kRecordFormat) {
    throw std::runtime_error(path + ": format: expected \"" + std::string(kRecordFormat) + "\"");
  }
  for (const char* key : {"scenario_text", "scenario_file", "actions", "end_ns"}) {
    if (!j.contains(key)) throw std::runtime_error(path + ": " + key + ": missing");
  }
  if (!j["actions"].is_array()) throw std::runtime_error(path + ": actions: expected a list");
  if (!j["end_ns"].is_number_integer()) throw std::runtime_error(path + ": end_ns: expected an integer");
  return j;
}

RunResult replay(const json& record) {
  const std::string text = record.at("scenario_text").get<std::string>();
  const std::string file = record.at("scenario_file").get<std::string>();
  Spec spec = load_spec_from_string(text, file);
  spec.source_file = file;
  Simulation sim(spec);
  std::size_t i = 0;
  for (const json& a : record.at("actions")) {
    ++i;
    Control c;
    try {
      c = parse_control(a, text, file);
    } catch (const ControlError& e) {
      throw std::runtime_error("actions[" + std::to_string(i - 1) + "]: " + e.message);
    }
    if (!changes_run(c.kind)) continue;  // pause, speed, hints: the clock's business, not the run's
    if (!a.contains("t_ns") || !a["t_ns"].is_number_integer()) {
      throw std::runtime_error("actions[" + std::to_string(i - 1) + "].t_ns: expected an integer");
    }
    sim.advance_to(Time::from_ns(a["t_ns"].get<std::int64_t>()));
    switch (c.kind) {
      case Control::Kind::inject: sim.inject_fault(c.parsed_fault); break;
      case Control::Kind::clear: sim.clear_fault(c.id); break;
      case Control::Kind::set: sim.set(c.path, c.value); break;
      default: break;
    }
  }
  sim.advance_to(Time::from_ns(record.at("end_ns").get<std::int64_t>()));
  return sim.finish();
}

}  // namespace faultline::live
