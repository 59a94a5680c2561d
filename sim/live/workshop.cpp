#include "faultline/live/workshop.hpp"

#include <yaml-cpp/yaml.h>

#include "faultline/scenario/units.hpp"

namespace faultline::live {

namespace {

class CardReader {
 public:
  explicit CardReader(const std::string& file) : file_(file) {}

  void error(const YAML::Node& at, const std::string& path, const std::string& message,
             const std::string& suggestion = "") {
    LoadError e;
    e.file = file_;
    if (at.IsDefined()) {
      e.line = at.Mark().line + 1;
      e.column = at.Mark().column + 1;
    }
    e.key_path = path;
    e.message = message;
    e.suggestion = suggestion;
    errors_.push_back(std::move(e));
  }

  bool text(const YAML::Node& n, const std::string& path, std::string& out) {
    if (!n.IsScalar()) {
      error(n, path, "expected text");
      return false;
    }
    out = n.Scalar();
    return true;
  }

  void hint(const YAML::Node& n, const std::string& path, Workshop& w) {
    Hint h;
    if (n.IsScalar()) {  // a bare string: a manual hint
      h.text = n.Scalar();
      w.hints.push_back(std::move(h));
      return;
    }
    if (!n.IsMap()) {
      error(n, path, "expected a hint: text, or {text: ..., at: 10m}");
      return;
    }
    for (const auto& kv : n) {
      const std::string key = kv.first.Scalar();
      if (key != "text" && key != "at") error(kv.first, path + "." + key, "unknown key", "expected `text` or `at`");
    }
    if (!n["text"]) error(n, path + ".text", "a hint needs its text");
    else text(n["text"], path + ".text", h.text);
    if (const YAML::Node at = n["at"]) {
      const auto d = at.IsScalar() ? units::parse_duration(at.Scalar()) : units::Parsed<Duration>{{}, "expected a duration"};
      if (d.value) h.at = *d.value;
      else error(at, path + ".at", d.error + " (simulated time the hint shows, e.g. 10m)");
    }
    w.hints.push_back(std::move(h));
  }

  Workshop read(const YAML::Node& root) {
    Workshop w;
    const YAML::Node n = root.IsMap() ? root["workshop"] : YAML::Node();
    if (!n) return w;
    w.present = true;
    if (!n.IsMap()) {
      error(n, "workshop", "expected a mapping: briefing, cause, hints, participant_controls, debrief");
      throw LoadFailure(errors_);
    }
    static const char* kKeys[] = {"title", "speed", "briefing", "cause", "hints", "participant_controls", "debrief"};
    for (const auto& kv : n) {
      const std::string key = kv.first.Scalar();
      bool known = false;
      for (const char* k : kKeys) known = known || key == k;
      if (!known) {
        error(kv.first, "workshop." + key, "unknown key",
              "expected one of title, speed, briefing, cause, hints, participant_controls, debrief");
      }
    }
    if (n["title"]) text(n["title"], "workshop.title", w.title);
    if (!n["briefing"]) error(n, "workshop.briefing", "a workshop needs a briefing (the system and the alert that fired)");
    else text(n["briefing"], "workshop.briefing", w.briefing);
    if (!n["cause"]) error(n, "workshop.cause", "a workshop needs its hidden cause (shown on reveal)");
    else text(n["cause"], "workshop.cause", w.cause);
    if (n["debrief"]) text(n["debrief"], "workshop.debrief", w.debrief);
    if (const YAML::Node s = n["speed"]) {
      double v = 0;
      if (!s.IsScalar() || !YAML::convert<double>::decode(s, v) || !(v > 0 && v <= 1000)) {
        error(s, "workshop.speed", "expected a number in (0, 1000]: times real time");
      } else {
        w.speed = v;
      }
    }
    if (const YAML::Node hints = n["hints"]) {
      if (!hints.IsSequence()) error(hints, "workshop.hints", "expected a list of hints");
      else for (std::size_t i = 0; i < hints.size(); ++i) hint(hints[i], "workshop.hints[" + std::to_string(i) + "]", w);
    }
    if (const YAML::Node pc = n["participant_controls"]) {
      if (!pc.IsSequence()) {
        error(pc, "workshop.participant_controls", "expected a list of set paths, e.g. [clients.web.rate]");
      } else {
        for (std::size_t i = 0; i < pc.size(); ++i) {
          std::string path;
          if (text(pc[i], "workshop.participant_controls[" + std::to_string(i) + "]", path)) {
            w.participant_controls.push_back(path);
          }
        }
      }
    }
    if (!errors_.empty()) throw LoadFailure(errors_);
    return w;
  }

 private:
  std::string file_;
  std::vector<LoadError> errors_;
};

}  // namespace

Workshop read_workshop(const std::string& yaml_text, const std::string& file_name) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::ParserException& ex) {
    LoadError e;
    e.file = file_name;
    e.line = ex.mark.line + 1;
    e.column = ex.mark.column + 1;
    e.message = ex.msg;
    throw LoadFailure({e});
  }
  return CardReader(file_name).read(root);
}

}  // namespace faultline::live
