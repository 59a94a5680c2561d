#pragma once
// The typed half of a field table row: how a key reads into its Spec member
// and how the member's value is checked against the row's range. Generated
// from a member pointer, so a row names its member once.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "faultline/scenario/keys.hpp"
#include "faultline/scenario/load.hpp"
#include "faultline/scenario/names.hpp"
#include "reader.hpp"

namespace faultline {

struct Binding {
  const std::type_info* owner;  // the struct the member belongs to
  /// Reads the (present) node into the member; errors go to the reader.
  void (*read)(const KeyInfo& key, scenario::Reader& r, const YAML::Node& node, const std::string& path, void* obj);
  /// Checks the member's value against the key's codec and range: for Specs built in C++.
  void (*check)(const KeyInfo& key, const void* obj, const std::string& path, std::vector<LoadError>& out);
};

namespace scenario {

template <auto M>
struct MemberOf;
template <class S, class T, T S::*M>
struct MemberOf<M> {
  using Owner = S;
  using Type = T;
};

/// "an integer from 1 to 100", "a number from 0.001 to 1e+06": the words of a range, for every message.
std::string range_words(const KeyInfo& key);
/// The message for a value outside the key's codec or range (value as text).
std::string out_of_range(const KeyInfo& key, const std::string& value);
/// The value as the format writes it, for messages about Specs built in C++.
std::string value_text(double v);

/// Reads one value of type T as the key's codec and range say.
template <class T>
std::optional<T> read_value(const KeyInfo& key, Reader& r, const YAML::Node& node, const std::string& path) {
  if constexpr (std::is_enum_v<T>) {
    return r.choice<T>(node, path);
  } else if constexpr (std::is_same_v<T, Duration>) {
    return r.duration(node, path, key.codec == Codec::duration_or_none);
  } else if constexpr (std::is_same_v<T, bool>) {
    return r.boolean(node, path);
  } else if constexpr (std::is_same_v<T, double>) {
    return key.codec == Codec::rate          ? r.rate(node, path)
           : key.codec == Codec::probability ? r.probability(node, path)
                                             : r.real(node, path, key.lo, key.hi);
  } else if constexpr (std::is_same_v<T, std::uint64_t>) {
    return r.unsigned64(node, path);
  } else {
    static_assert(std::is_integral_v<T>);
    if (key.codec == Codec::integer_or_unbounded && node.IsScalar() && node.Scalar() == "unbounded") return T(-1);
    const auto v = r.integer(node, path, static_cast<std::int64_t>(key.lo), static_cast<std::int64_t>(key.hi));
    return v ? std::optional<T>(static_cast<T>(*v)) : std::nullopt;
  }
}

/// The row of a key (the table must have it).
const KeyInfo& key_of(Section section, std::string_view name);

/// Reads a key that is not bound to a member (a sentinel, a derived value) by its row.
template <class T>
std::optional<T> read_key(Reader& r, Section section, std::string_view name, const YAML::Node& node,
                          const std::string& path) {
  return read_value<T>(key_of(section, name), r, node, path);
}

template <auto M>
void read_member(const KeyInfo& key, Reader& r, const YAML::Node& node, const std::string& path, void* obj) {
  using T = typename MemberOf<M>::Type;
  if (auto v = read_value<T>(key, r, node, path)) static_cast<typename MemberOf<M>::Owner*>(obj)->*M = *v;
}

template <auto M>
void check_member(const KeyInfo& key, const void* obj, const std::string& path, std::vector<LoadError>& out) {
  using T = typename MemberOf<M>::Type;
  const T& v = static_cast<const typename MemberOf<M>::Owner*>(obj)->*M;
  auto fail = [&](const std::string& value) { out.push_back(LoadError{"", 0, 0, path, out_of_range(key, value), ""}); };
  if constexpr (std::is_enum_v<T>) {
    if (word_of(v) == "?") fail("value " + std::to_string(static_cast<long long>(v)));
  } else if constexpr (std::is_same_v<T, Duration>) {
    if (v < Duration::zero()) fail(value_text(v.seconds()) + "s");
  } else if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::uint64_t>) {
    // every value is valid
  } else {
    const double d = static_cast<double>(v);
    if (key.codec == Codec::integer_or_unbounded && v == T(-1)) return;
    const bool bounded = key.codec == Codec::integer || key.codec == Codec::integer_or_unbounded ||
                         key.codec == Codec::number;
    const double lo = key.codec == Codec::probability || key.codec == Codec::rate ? 0 : key.lo;
    const double hi = key.codec == Codec::probability ? 1 : key.codec == Codec::rate ? 1e9 : key.hi;
    if ((bounded || key.codec == Codec::probability || key.codec == Codec::rate) && !(d >= lo && d <= hi)) {
      fail(value_text(d));
    }
  }
}

template <auto M>
inline constexpr Binding kMember{&typeid(typename MemberOf<M>::Owner), &read_member<M>, &check_member<M>};

/// Reads every present key of the section that is bound to a member of `obj`.
template <class S>
void read_fields(Reader& r, const YAML::Node& node, const std::string& path, Section section, S& obj) {
  for (const KeyInfo& key : keys_of(section)) {
    if (key.bind == nullptr || !key.supported) continue;
    if (*key.bind->owner != typeid(S)) throw std::logic_error("field table: a key bound to another struct");
    const YAML::Node value = node[std::string(key.name)];
    if (value) key.bind->read(key, r, value, path + "." + std::string(key.name), &obj);
  }
}

/// Checks every bound member of `obj` against its row.
template <class S>
void check_fields(Section section, const S& obj, const std::string& path, std::vector<LoadError>& out) {
  for (const KeyInfo& key : keys_of(section)) {
    if (key.bind == nullptr || *key.bind->owner != typeid(S)) continue;
    key.bind->check(key, &obj, path + "." + std::string(key.name), out);
  }
}

}  // namespace scenario
}  // namespace faultline
