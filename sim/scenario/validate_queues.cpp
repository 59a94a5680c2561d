// [data-tier] The rules of `queues:` beyond each key's range: a consumer that
// exists, a visibility timeout > 0, and no publish loop (a queue whose consumer,
// or anything it calls, publishes back to it would feed itself forever).
#include <functional>
#include <string>
#include <vector>

#include "faultline/scenario/load.hpp"
#include "faultline/scenario/spec.hpp"
#include "fields.hpp"

namespace faultline::scenario {

namespace {
/// Whether service `s` (or a service it calls) publishes to queue `q`; `seen` guards against revisits.
bool publishes_to(const Spec& spec, int s, int q, std::vector<bool>& seen) {
  if (s < 0 || static_cast<std::size_t>(s) >= spec.services.size() || seen[static_cast<std::size_t>(s)]) return false;
  seen[static_cast<std::size_t>(s)] = true;
  for (const CallSpec& c : spec.services[static_cast<std::size_t>(s)].calls) {
    if (c.queue == q) return true;
    if (c.queue < 0 && publishes_to(spec, c.service, q, seen)) return true;
  }
  return false;
}
}  // namespace

void check_queues(const Spec& spec, std::vector<LoadError>& out) {
  auto error = [&](std::string path, std::string message, std::string suggestion = "") {
    out.push_back(LoadError{"", 0, 0, std::move(path), std::move(message), std::move(suggestion)});
  };
  for (std::size_t i = 0; i < spec.queues.size(); ++i) {
    const AsyncQueueSpec& q = spec.queues[i];
    const std::string path = "queues." + q.name;
    check_fields(Section::message_queue, q, path, out);
    check_fields(Section::consumer, q, path + ".consumer", out);
    if (q.consumer < 0 || static_cast<std::size_t>(q.consumer) >= spec.services.size()) {
      error(path + ".consumer.service", "expected the index of one of the " + std::to_string(spec.services.size()) +
                                            " service(s), counted from 0, got " + std::to_string(q.consumer));
      continue;
    }
    if (q.visibility_timeout <= Duration::zero()) error(path + ".visibility_timeout", "expected a duration > 0");
    std::vector<bool> seen(spec.services.size(), false);
    if (publishes_to(spec, q.consumer, static_cast<int>(i), seen)) {
      error(path + ".consumer.service",
            "publish loop: the consumer `" + spec.services[static_cast<std::size_t>(q.consumer)].name +
                "` (or a service it calls) publishes back to queue `" + q.name + "`",
            "each message would make another forever; publish to a different queue");
    }
  }
}

}  // namespace faultline::scenario
