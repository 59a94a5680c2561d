#pragma once
// Reading typed values out of a YAML tree, collecting located errors:
// file:line:column, the key path, what was expected, a suggestion.
#include <yaml-cpp/yaml.h>

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "faultline/scenario/keys.hpp"
#include "faultline/scenario/load.hpp"
#include "faultline/scenario/names.hpp"

namespace faultline::scenario {

class Reader {
 public:
  Reader(std::string file, std::vector<Override> overrides) : file_(std::move(file)), overrides_(std::move(overrides)) {}

  void error(const YAML::Node& at, const std::string& path, std::string message, std::string suggestion = "");
  void error(const YAML::Mark& mark, const std::string& path, std::string message, std::string suggestion = "");
  std::vector<LoadError>& errors() { return errors_; }

  /// A mapping with only the section's keys (unknown, unsupported and duplicate keys reported).
  bool map(const YAML::Node& node, const std::string& path, Section section);
  /// A mapping of user-chosen names (services, clients, ...): duplicates and bad names reported.
  bool named_map(const YAML::Node& node, const std::string& path);
  bool list(const YAML::Node& node, const std::string& path);

  std::optional<std::string> string(const YAML::Node& node, const std::string& path);
  std::optional<Duration> duration(const YAML::Node& node, const std::string& path, bool allow_none = false);
  std::optional<double> rate(const YAML::Node& node, const std::string& path);
  std::optional<double> probability(const YAML::Node& node, const std::string& path);
  std::optional<std::int64_t> integer(const YAML::Node& node, const std::string& path, std::int64_t lo,
                                      std::int64_t hi);
  std::optional<std::uint64_t> unsigned64(const YAML::Node& node, const std::string& path);
  std::optional<double> real(const YAML::Node& node, const std::string& path, double lo, double hi);
  std::optional<bool> boolean(const YAML::Node& node, const std::string& path);
  /// One of the words; returns its index in `words`.
  std::optional<std::size_t> word(const YAML::Node& node, const std::string& path, std::span<const std::string_view> words);
  /// One of the enum's words (names.hpp); returns its value.
  template <class E>
  std::optional<E> choice(const YAML::Node& node, const std::string& path) {
    const auto i = word(node, path, words_of<E>());
    return i ? std::optional<E>(EnumWords<E>::list[*i].value) : std::nullopt;
  }

 private:
  bool scalar(const YAML::Node& node, const std::string& path, const char* expected);
  std::string file_;
  std::vector<Override> overrides_;
  std::vector<LoadError> errors_;
};

/// "an integer from 1 to 100", "a number from 0.001 to 1e+06": the words of a range in every message.
std::string integer_range(std::int64_t lo, std::int64_t hi);
std::string number_range(double lo, double hi);

/// The nearest word by edit distance, if close enough to be a likely typo.
std::string nearest(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace faultline::scenario
