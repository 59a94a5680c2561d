// The reference's table of every key, generated from the field tables.
#include "faultline/scenario/keys.hpp"
#include "faultline/scenario/schema.hpp"

namespace faultline {

namespace {
std::string cell(std::string_view text) {
  std::string out;
  for (const char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}
}  // namespace

std::string scenario_keys_markdown() {
  std::string out;
  for (const Section s : kAllSections) {
    out += "\n" + std::string(section_info(s).where) + ":\n\n| key | type | default | part | meaning |\n|---|---|---|---|---|\n";
    for (const auto& k : keys_of(s)) {
      if (!k.supported) continue;
      out += "| `" + std::string(k.name) + "` | " + type_text(k) + " | " + cell(k.default_text) + " | " +
             std::string(capability_name(k.capability)) + " | " + cell(k.help) + " |\n";
    }
  }
  return out;
}

}  // namespace faultline
