#pragma once
// Loading a scenario: YAML text -> validated Spec, or every error located.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "faultline/scenario/spec.hpp"

namespace faultline {

/// One problem in the input, located for a person.
struct LoadError {
  std::string file;        // as given; "--set" for errors in an override
  int line = 0;            // 1-based; 0 when unknown
  int column = 0;          // 1-based; 0 when unknown
  std::string key_path;    // "services.db.queue.capacity"; empty at top level
  std::string message;     // what was expected and what was found
  std::string suggestion;  // "did you mean `service_time`?"; may be empty
  /// "file:line:column: key.path: message (suggestion)"
  std::string format() const;
};

/// Thrown by load_spec*: every error found (at least one), in file order.
class LoadFailure : public std::runtime_error {
 public:
  explicit LoadFailure(std::vector<LoadError> errors);
  const std::vector<LoadError>& errors() const { return errors_; }

 private:
  std::vector<LoadError> errors_;
};

/// `--set path=value`: applied to the YAML tree before validation.
struct Override {
  std::string path;   // "services.ledger.workers", "faults[0].at"
  std::string value;  // YAML text: "4", "300ms", "{kind: none}"
};
/// Parses "path=value"; throws LoadFailure when there is no '='.
Override parse_override(std::string_view text);

/// Reads, parses, applies overrides, validates. Throws LoadFailure.
Spec load_spec(const std::string& path, const std::vector<Override>& overrides = {});
/// Same from text in memory; file_name is used in messages.
Spec load_spec_from_string(std::string_view yaml, const std::string& file_name,
                           const std::vector<Override>& overrides = {});

}  // namespace faultline
