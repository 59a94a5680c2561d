// [data-tier] queues: `queues.NAME`, a call's `publish: NAME` and a client's
// `target: queue:NAME`, read by the field tables' rows with located errors.
#include "builder.hpp"

namespace faultline::scenario {

namespace {
constexpr std::string_view kQueuePrefix = "queue:";
}

void Builder::message_queue(const YAML::Node& n, const std::string& path, AsyncQueueSpec& q) {
  if (!r_.map(n, path, Section::message_queue)) {
    quiet_.push_back(path);
    return;
  }
  read_fields(r_, n, path, Section::message_queue, q);
  const YAML::Node consumer = n["consumer"];
  if (!consumer) {
    r_.error(n, path + ".consumer", "missing: who takes the messages, e.g. consumer: {service: billing, concurrency: 8}");
    quiet_.push_back(path + ".consumer");
    return;
  }
  const std::string cp = path + ".consumer";
  if (!r_.map(consumer, cp, Section::consumer)) {
    quiet_.push_back(cp);
    return;
  }
  read_fields(r_, consumer, cp, Section::consumer, q);
  if (consumer["service"]) {
    q.consumer = service_ref(consumer["service"], cp + ".service");
  } else {
    r_.error(consumer, cp + ".service", "missing: the service each delivery calls");
  }
  if (q.delivery == AsyncQueueSpec::Delivery::at_most_once) {
    for (const char* key : {"visibility_timeout", "max_receives"}) {
      if (n[key]) {
        r_.error(n[key], path + "." + key, std::string("`") + key + "` applies to at_least_once delivery only",
                 "remove it, or set delivery: at_least_once");
      }
    }
  }
}

void Builder::publish_call(const YAML::Node& c, const std::string& cp, CallSpec& call) {
  // A publish succeeds or is rejected at once: only a retry policy applies to it.
  for (const auto& kv : c) {
    const std::string key = kv.first.Scalar();
    if (key == "publish" || key == "retry") continue;
    bool known = false;  // unknown and unsupported keys were reported by the mapping check
    for (const KeyInfo& k : keys_of(Section::call)) known |= k.name == key && k.supported;
    if (!known) continue;
    r_.error(kv.first, cp + "." + key,
             key == "service" ? "give either `service` (a call) or `publish` (to a queue), not both"
                              : "`" + key + "` does not apply to a publish (it succeeds or is rejected at once)");
  }
  if (auto name = r_.string(c["publish"], cp + ".publish")) {
    call.queue = lookup(c["publish"], cp + ".publish", *name, {&queues_}, "queue", "define it under queues:").value_or(-1);
  }
  if (c["retry"]) call.retry = retry_ref(c["retry"], cp + ".retry");
  if (call.queue < 0) quiet_.push_back(cp);
}

bool Builder::is_queue_target(const YAML::Node& n) {
  return n.IsScalar() && n.Scalar().rfind(kQueuePrefix, 0) == 0;
}

int Builder::queue_target(const YAML::Node& n, const std::string& path) {
  const std::string name = n.Scalar().substr(kQueuePrefix.size());
  return lookup(n, path, name, {&queues_}, "queue", "define it under queues:").value_or(-1);
}

}  // namespace faultline::scenario
