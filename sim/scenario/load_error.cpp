#include "faultline/scenario/load.hpp"

namespace faultline {

std::string LoadError::format() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
  out += ": ";
  if (!key_path.empty()) out += key_path + ": ";
  out += message;
  if (!suggestion.empty()) out += " (" + suggestion + ")";
  return out;
}

namespace {
std::string first_message(const std::vector<LoadError>& errors) {
  return errors.empty() ? std::string("invalid scenario") : errors.front().format();
}
}  // namespace

LoadFailure::LoadFailure(std::vector<LoadError> errors)
    : std::runtime_error(first_message(errors)), errors_(std::move(errors)) {}

Override parse_override(std::string_view text) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    LoadError e;
    e.file = "--set " + std::string(text);
    e.message = "expected path=value, e.g. --set services.ledger.workers=4";
    throw LoadFailure({e});
  }
  return Override{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

}  // namespace faultline
