#pragma once
// Small text checks shared by the test files.
#include <string>

namespace faultline::testing {

/// Whether `text` contains `part`.
inline bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace faultline::testing
