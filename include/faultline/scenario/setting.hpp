#pragma once
// A key of the field tables changed mid-run (Simulation::set): its value read
// and checked exactly as the loader reads that key (codec, range, the words of
// the message), so a bad value gets the same clear error as in a file.
#include <optional>
#include <string>
#include <string_view>

#include "faultline/scenario/keys.hpp"

namespace faultline {

/// Reads `value` (as a file writes it: "30s", "unbounded", "40", "true") into
/// the member bound to `key` of `section` inside `obj` (a struct of that
/// section: a CacheSpec for Section::cache). Returns "path: what was expected,
/// got ..." on a bad value (obj unchanged), nullopt when read.
std::optional<std::string> read_setting(Section section, std::string_view key, const std::string& path,
                                        const std::string& value, void* obj);

}  // namespace faultline
