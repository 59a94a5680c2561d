#include "faultline/model/settings.hpp"

#include <charconv>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "faultline/model/builder.hpp"
#include "faultline/model/data_tier_settings.hpp"
#include "faultline/scenario/units.hpp"

namespace faultline {

namespace {

using Error = std::optional<std::string>;

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::string part;
  for (char ch : text) {
    if (ch == sep) {
      parts.push_back(part);
      part.clear();
    } else {
      part += ch;
    }
  }
  parts.push_back(part);
  return parts;
}

std::string trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '"' || v.front() == '\'')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '"' || v.back() == '\'')) v.remove_suffix(1);
  return std::string(v);
}

std::optional<long long> integer(const std::string& v, long long lo, long long hi) {
  long long out = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc{} || end != v.data() + v.size() || out < lo || out > hi) return std::nullopt;
  return out;
}

std::optional<double> number(const std::string& v) {
  if (v.empty()) return std::nullopt;
  char* end = nullptr;
  const double out = std::strtod(v.c_str(), &end);
  if (end != v.c_str() + v.size()) return std::nullopt;
  return out;
}

std::string bad(const std::string& path, const std::string& value, const std::string& expected) {
  return path + ": expected " + expected + ", got \"" + value + "\"";
}

Error set_client(Model& model, const Spec& spec, const std::string& path, const std::string& name,
                 const std::string& field, const std::string& value) {
  for (std::uint32_t c = 0; c < spec.clients.size(); ++c) {
    if (spec.clients[c].name != name) continue;
    Client& client = *model.clients[c];
    if (field == "rate") {
      if (!client.open_loop()) return path + ": client " + name + " is closed loop (set its users)";
      auto r = units::parse_rate(value);
      if (!r.value) return bad(path, value, "a rate such as 800/s (" + r.error + ")");
      client.set_rate(*r.value);
      return std::nullopt;
    }
    if (field == "users") {
      if (client.open_loop()) return path + ": client " + name + " is open loop (set its rate)";
      auto n = integer(value, 0, 1'000'000);
      if (!n) return bad(path, value, "a user count in 0..1000000");
      client.set_user_count(static_cast<int>(*n));
      return std::nullopt;
    }
    if (field == "timeout") {
      Duration t = Duration::infinite();
      if (value != "none") {
        auto d = units::parse_duration(value);
        if (!d.value || *d.value <= Duration::zero()) return bad(path, value, "a duration > 0 or none");
        t = *d.value;
      }
      model.callers->edge(client.edge()).config.timeout = t;
      return std::nullopt;
    }
    return path + " cannot change mid-run; these can: " + kSettablePaths;
  }
  return path + ": no client named " + name;
}

Error set_service(Model& model, const Spec& spec, const std::string& path, const std::string& name,
                  const std::string& field, const std::string& value) {
  for (std::uint32_t s = 0; s < spec.services.size(); ++s) {
    if (spec.services[s].name != name) continue;
    const auto& members = model.services->service(s).replicas();
    if (field == "workers") {
      auto n = integer(value, 1, 1'000'000);
      if (!n) return bad(path, value, "a worker count in 1..1000000");
      for (Replica* r : members) r->set_workers(static_cast<int>(*n));
      model.recorder.set_service_workers(s, static_cast<int>(*n) * static_cast<int>(members.size()));
      return std::nullopt;
    }
    if (field == "error_rate") {
      auto p = units::parse_probability(value);
      if (!p.value) return bad(path, value, "a probability (" + p.error + ")");
      for (Replica* r : members) r->set_error_rate(*p.value);
      return std::nullopt;
    }
    if (field == "queue.capacity") {
      std::int64_t cap = QueueSpec::kUnbounded;
      if (value != "unbounded") {
        auto n = integer(value, 0, 1'000'000'000);
        if (!n) return bad(path, value, "a capacity >= 0 or unbounded");
        cap = *n;
      }
      for (Replica* r : members) r->set_queue_capacity(cap);
      return std::nullopt;
    }
    // A call's timeout, `calls[i].timeout` (or calls.i.timeout): the edge's own setting.
    if (field.rfind("calls", 0) == 0 && field.size() > 13 && field.ends_with(".timeout")) {
      std::string index = field.substr(5, field.size() - 5 - 8);
      if (index.size() >= 2 && index.front() == '[' && index.back() == ']') index = index.substr(1, index.size() - 2);
      else if (!index.empty() && index.front() == '.') index = index.substr(1);
      const auto& edges = model.service_call_edges[s];
      const auto i = integer(index, 0, static_cast<long long>(edges.size()) - 1);
      if (!i) return path + ": service " + name + " has " + std::to_string(edges.size()) + " calls";
      Duration t = Duration::infinite();
      if (value != "none") {
        auto d = units::parse_duration(value);
        if (!d.value || *d.value <= Duration::zero()) return bad(path, value, "a duration > 0 or none");
        t = *d.value;
      }
      model.callers->edge(edges[static_cast<std::size_t>(*i)]).config.timeout = t;
      return std::nullopt;
    }
    if (field == "replicas") {
      return path + " cannot change mid-run (callers balance over a fixed set of replicas); these can: " +
             kSettablePaths;
    }
    return path + " cannot change mid-run; these can: " + kSettablePaths;
  }
  return path + ": no service named " + name;
}

template <class Enum, std::size_t N>
std::optional<Enum> choice(const std::string& value, const char* const (&names)[N]) {
  for (std::size_t i = 0; i < N; ++i) {
    if (value == names[i]) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

Error set_retry(Spec& spec, const std::string& path, const std::string& name, const std::string& field,
                const std::string& value) {
  for (RetrySpec& p : spec.retry_policies) {
    if (p.name != name) continue;
    if (field == "max_attempts") {
      auto n = integer(value, 1, 100);
      if (!n) return bad(path, value, "an attempt count in 1..100");
      p.max_attempts = static_cast<int>(*n);
    } else if (field == "base" || field == "max" || field == "backoff.base" || field == "backoff.max") {
      Duration d = Duration::infinite();
      if (value != "none") {
        auto parsed = units::parse_duration(value);
        if (!parsed.value) return bad(path, value, "a duration (" + parsed.error + ")");
        d = *parsed.value;
      }
      (field.ends_with("base") ? p.base : p.max) = d;
    } else if (field == "multiplier" || field == "backoff.multiplier") {
      auto m = number(value);
      if (!m || *m < 1) return bad(path, value, "a multiplier >= 1");
      p.multiplier = *m;
    } else if (field == "backoff" || field == "backoff.kind") {
      static const char* const names[] = {"none", "constant", "linear", "exponential"};
      auto b = choice<RetrySpec::Backoff>(value, names);
      if (!b) return bad(path, value, "one of none, constant, linear, exponential");
      p.backoff = *b;
    } else if (field == "jitter") {
      static const char* const names[] = {"none", "full", "equal", "decorrelated"};
      auto j = choice<RetrySpec::Jitter>(value, names);
      if (!j) return bad(path, value, "one of none, full, equal, decorrelated");
      p.jitter = *j;
    } else if (field == "retry_on") {
      std::string list = value;
      if (list.size() >= 2 && list.front() == '[' && list.back() == ']') list = list.substr(1, list.size() - 2);
      std::uint8_t bits = 0;
      for (const std::string& item : split(list, ',')) {
        const std::string word = trim(item);
        if (word.empty()) continue;
        static const char* const names[] = {"timeout", "error", "rejected"};
        auto r = choice<Reason>(word, names);
        if (!r) return bad(path, value, "a list of timeout, error, rejected");
        bits |= reason_bit(*r);
      }
      p.retry_on = bits;
    } else {
      return path + " cannot change mid-run (budgets and throttling keep state); these can: " + kSettablePaths;
    }
    return std::nullopt;
  }
  return path + ": no retry policy named " + name;
}

}  // namespace

std::optional<std::string> apply_setting(Model& model, Spec& spec, const std::string& path, const std::string& raw) {
  const std::string value = trim(raw);
  if (is_data_tier_setting(path)) return apply_data_tier_setting(model, spec, path, value);  // [data-tier]
  const auto parts = split(path, '.');
  if (parts.size() < 3) return path + " cannot change mid-run; these can: " + kSettablePaths;
  std::string field = parts[2];
  for (std::size_t i = 3; i < parts.size(); ++i) field += "." + parts[i];
  if (parts[0] == "clients") return set_client(model, spec, path, parts[1], field, value);
  if (parts[0] == "services") return set_service(model, spec, path, parts[1], field, value);
  if (parts[0] == "retry_policies") return set_retry(spec, path, parts[1], field, value);
  return path + " cannot change mid-run; these can: " + kSettablePaths;
}

}  // namespace faultline
