#pragma once
// YAML tree -> Spec: the shape of every mapping checked against the field
// tables, bound keys read by their rows, names turned into indices, then
// validate() run on the result and its errors located in the file.
#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "faultline/scenario/spec.hpp"
#include "fields.hpp"
#include "reader.hpp"

namespace faultline::scenario {

/// A policy mapping may also be written `none` (or `off`) to switch it off.
bool switched_off(const YAML::Node& n);

/// User-chosen names of one kind (services, clients, retry policies), first definition wins.
struct Names {
  std::map<std::string, int> index;
  std::vector<std::string> list;
  void collect(const YAML::Node& map);
};

class Builder {
 public:
  explicit Builder(Reader& r) : r_(r) {}
  Spec build(const YAML::Node& root, const std::string& file);

 private:
  void simulation(const YAML::Node& n);
  DistSpec distribution(const YAML::Node& n, const std::string& path, int depth = 0);
  RetrySpec retry_policy(const YAML::Node& n, const std::string& path, std::string name);
  void backoff(const YAML::Node& b, const std::string& path, RetrySpec& p);
  int retry_ref(const YAML::Node& n, const std::string& path);
  int service_ref(const YAML::Node& n, const std::string& path);
  void edge_policies(const YAML::Node& n, const std::string& path, EdgePolicies& out);
  void service(const YAML::Node& n, const std::string& path, ServiceSpec& out);
  void calls(const YAML::Node& n, const std::string& path, ServiceSpec& out);
  /// [data-tier] a service's keys, locks and replication.
  void data_keys(const YAML::Node& n, const std::string& path, ServiceSpec& out);
  void client(const YAML::Node& n, const std::string& path, ClientSpec& out);
  void schedule(const YAML::Node& n, const std::string& path, ClientSpec& out);
  void bursts(const YAML::Node& n, const std::string& path, ClientSpec& out);
  void fault(const YAML::Node& n, const std::string& path, FaultSpec& out);
  void fault_target(const YAML::Node& n, const std::string& path, FaultSpec& out);
  void expectation(const YAML::Node& n, const std::string& path, ExpectSpec& out);
  void raw_map(const YAML::Node& n, const std::string& path);
  // [data-tier] queues (read_queues.cpp)
  void message_queue(const YAML::Node& n, const std::string& path, AsyncQueueSpec& out);
  void publish_call(const YAML::Node& n, const std::string& path, CallSpec& out);
  static bool is_queue_target(const YAML::Node& n);
  int queue_target(const YAML::Node& n, const std::string& path);
  /// [data-tier] `caches.NAME` (read_caches.cpp).
  void cache(const YAML::Node& n, const std::string& path, CacheSpec& out);
  /// [data-tier] A call's `cache: NAME`: the cache's index, and the call goes to its backend.
  void cache_call(const YAML::Node& c, const std::string& path, CallSpec& call);
  /// NAME: definition mappings, read in file order into `out` (named by their key).
  template <class T, class Read>
  void named(const YAML::Node& map, const std::string& path, const Names& names, std::vector<T>& out, Read read);
  template <class T, class Read>
  void required_named(const YAML::Node& root, const std::string& key, const std::string& noun, const Names& names,
                      std::vector<T>& out, Read read);
  /// A policy mapping that may be written none/off: true when given and read.
  template <class T>
  bool optional_section(const YAML::Node& n, const std::string& path, Section section, T& out);
  /// The index a name has in one of `kinds` (which kind in *which), or an error
  /// "no <noun> named `x`" with the nearest name as a suggestion.
  std::optional<int> lookup(const YAML::Node& at, const std::string& path, const std::string& name,
                            std::initializer_list<const Names*> kinds, const std::string& noun,
                            const std::string& otherwise = "", std::size_t* which = nullptr);
  /// Reports validate()'s errors on what was read, located by key path, except
  /// where a reading error already stands.
  void report(const Spec& spec, const YAML::Node& root);

  // [data-tier] autoscale and cost (read_scaling.cpp)
  void autoscale(const YAML::Node& n, const std::string& path, ServiceSpec& s);
  void cost(const YAML::Node& n);
  bool root_has_cost_ = false;

  Reader& r_;
  Spec spec_;
  Names services_, clients_, policies_;
  Names queues_;  // [data-tier]
  Names caches_;  // [data-tier]
  std::vector<RetrySpec> inline_policies_;
  std::vector<std::string> quiet_;  // paths whose reading already failed: no rule errors below them
};

template <class T>
bool Builder::optional_section(const YAML::Node& n, const std::string& path, Section section, T& out) {
  if (switched_off(n) || !r_.map(n, path, section)) return false;
  read_fields(r_, n, path, section, out);
  return true;
}

/// The node a key path names ("services.api.calls[0].timeout"), or the deepest that exists on the way.
YAML::Node node_at(const YAML::Node& root, const std::string& path);
std::string item(const std::string& path, std::size_t i);

}  // namespace faultline::scenario
