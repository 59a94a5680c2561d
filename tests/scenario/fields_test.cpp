// The field tables drive the docs, the enum words and validate(): the
// reference's key tables are generated from them, every enum word reads back
// to its value, and a Spec built in C++ is checked by the same rules as a file.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "faultline/scenario/names.hpp"
#include "faultline/scenario/schema.hpp"
#include "faultline/scenario/validate.hpp"
#include "support/spec_builder.hpp"

using namespace faultline;
using namespace faultline::testing;

namespace {

const char* const kBegin = "<!-- every-key: generated from sim/scenario/fields.cpp by tests/scenario/fields_test.cpp -->\n";
const char* const kEnd = "<!-- every-key: end -->\n";

template <class E>
void round_trip() {
  for (const auto& w : EnumWords<E>::list) {
    CHECK(word_of(w.value) == w.word);
    CHECK(value_of<E>(w.word) == w.value);
  }
  CHECK_FALSE(value_of<E>("no-such-word").has_value());
}

std::vector<std::string> paths(const std::vector<LoadError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.key_path + ": " + e.message);
  return out;
}

Spec small() {
  Spec s = base_spec(60);
  const int api = add_service(s, "api", 4, constant_ms(5));
  add_open_client(s, "web", api, 100);
  return s;
}

}  // namespace

TEST_CASE("the reference's table of every key is the field tables' (FAULTLINE_UPDATE_DOCS=1 rewrites it)") {
  const std::string path = std::string(FAULTLINE_SOURCE_DIR) + "/docs/scenario-reference.md";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string doc = text.str();
  const auto begin = doc.find(kBegin), end = doc.find(kEnd);
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  const std::size_t from = begin + std::string(kBegin).size();
  const std::string wanted = scenario_keys_markdown() + "\n";
  if (doc.substr(from, end - from) != wanted && std::getenv("FAULTLINE_UPDATE_DOCS")) {
    doc.replace(from, end - from, wanted);
    std::ofstream(path) << doc;
    MESSAGE("rewrote " << path);
    return;
  }
  CHECK_MESSAGE(doc.substr(from, end - from) == wanted,
                "docs/scenario-reference.md's key tables are stale: run FAULTLINE_UPDATE_DOCS=1 build/tests/faultline_tests -tc='*every key*'");
}

TEST_CASE("every enum word reads back to its value") {
  round_trip<DistSpec::Kind>();
  round_trip<RetrySpec::Backoff>();
  round_trip<RetrySpec::Jitter>();
  round_trip<QueueSpec::Discipline>();
  round_trip<ServiceSpec::Balancer>();
  round_trip<ClientSpec::Arrival>();
  round_trip<FaultSpec::Kind>();
  round_trip<FaultSpec::OutageMode>();
  round_trip<Reason>();
  CHECK(std::string(fault_kind_name(FaultSpec::Kind::network_delay)) == "network_delay");
  CHECK(std::string(reason_name(Reason::short_circuited)) == "short_circuited");
}

TEST_CASE("validate: a Spec built in C++ is checked by the file's rules") {
  CHECK(validate(small()).empty());

  Spec s = small();
  s.services[0].workers = 0;
  s.clients[0].policies.hedge.max_extra = 7;
  s.simulation.warmup = Duration::s(60);
  CHECK(paths(validate(s)) == std::vector<std::string>{
                                  "simulation.warmup: expected less than simulation.duration",
                                  "services.api.workers: expected an integer from 1 to 1000000, got 0",
                                  "clients.web.hedge.max_extra: expected an integer from 0 to 3, got 7"});
  CHECK_THROWS_AS(require_valid(s), LoadFailure);

  Spec refs = small();
  refs.clients[0].target = 5;
  refs.services[0].calls.push_back(CallSpec{});  // service -1: nowhere
  CHECK(paths(validate(refs)) == std::vector<std::string>{
                                     "services.api.calls[0].service: expected the index of one of the 1 service(s), counted from 0, got -1",
                                     "clients.web.target: expected the index of one of the 1 service(s), counted from 0, got 5"});
}

TEST_CASE("validate: rules between keys, on Specs built in C++") {
  Spec s = small();
  const int db = add_service(s, "db", 1, constant_ms(1));
  add_call(s, 0, db);
  CallSpec self_call;
  self_call.service = 0;
  s.services[static_cast<std::size_t>(db)].calls.push_back(self_call);
  FaultSpec& late = add_fault(s, FaultSpec::Kind::outage, db, 60, 1);
  late.replica = 3;
  s.services[1].service_time = DistSpec{};
  s.services[1].service_time.kind = DistSpec::Kind::uniform;
  s.services[1].service_time.min_ns = 5;
  const auto errors = paths(validate(s));
  CHECK(errors == std::vector<std::string>{
                      "services.db.service_time.max: expected max >= min",
                      "faults[0].target: service `db` has 1 replica(s), counted from 0",
                      "faults[0].at: the fault starts at or after the run's end (simulation.duration)",
                      "services.db.calls[0].service: call cycle: api -> db -> api"});
}
