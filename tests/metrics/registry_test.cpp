// The metric registry: every summary figure by path, in output order, with its unit and direction.
#include <doctest/doctest.h>

#include <cmath>

#include "faultline/metrics/registry.hpp"
#include "faultline/metrics/run_result.hpp"

using namespace faultline;

namespace {
RunResult small_result() {
  RunResult r;
  ClientSummary c;
  c.name = "web";
  c.operations = 10;
  c.succeeded = 7;
  c.failed_timeout = 3;
  c.goodput_per_s = 0.1234567;
  c.latency.p99_ms = 12.5;
  c.latency_all.count = 10;  // measured: the latency of every operation is reported too
  c.latency_all.p99_ms = 30;
  r.clients.push_back(c);
  ServiceSummary s;
  s.name = "db";
  s.orphaned = 4;
  s.queue_length_max = 9;
  s.admission = true;  // [data-tier] so `shed` is reported
  s.autoscaled = true;  // [data-tier] so replicas, replica_seconds, ... are reported
  s.shed = 2;
  s.locks = true;        // [data-tier] lock figures reported
  s.replication = true;  // [data-tier] stale-read figures reported
  r.services.push_back(s);
  EdgeSummary e;
  e.name = "web->db";
  e.from = "clients.web";
  e.to = "services.db";
  e.amplification = 1.5;
  e.pool = true;  // [data-tier] pool figures reported
  r.edges.push_back(e);
  return r;
}
}  // namespace

TEST_CASE("the registry holds every figure of clients, services and edges by full name") {
  const auto m = MetricRegistry::of(small_result());
  REQUIRE(m.find("clients.web.failed.timeout") != nullptr);
  CHECK(m.value("clients.web", "failed.timeout") == 3);
  CHECK(m.value("clients.web", "latency_ms.p99") == 12.5);
  CHECK(m.find("clients.web.goodput_per_s")->unit == std::string("1/s"));
  CHECK(m.find("clients.web.goodput_per_s")->better == Better::higher);
  CHECK(m.find("clients.web.latency_ms.p99")->better == Better::lower);
  CHECK(m.value("services.db", "queue_length.max") == 9);
  CHECK(m.find("edges.web->db.to")->text == "services.db");
  CHECK(std::isnan(m.value("edges.web->db", "to")));  // text has no value
  CHECK(m.value("clients.web", "latency_all_ms.p99") == 30);
  CHECK(m.find("clients.api.operations") == nullptr);
  CHECK(std::isnan(m.value("clients.web", "nonsense")));
  // Output order: clients, then services, then edges, each in the table's order.
  CHECK(m.all().front().name() == "clients.web.operations");
  CHECK(m.all().back().name() == "edges.web->db.pool.wait_ms.p99");
}

TEST_CASE("metric names per entity kind match what the registry fills") {
  const auto m = MetricRegistry::of(small_result());
  for (const auto& kind : entity_kinds()) {
    const auto names = metric_names(kind);
    REQUIRE(!names.empty());
    const std::string entity = kind == "clients" ? "clients.web" : kind == "services" ? "services.db" : "edges.web->db";
    for (const auto& n : names) CHECK_MESSAGE(m.find(entity, n) != nullptr, entity << "." << n);
  }
  CHECK(metric_names("nothing").empty());
  CHECK(metric_names("caches").front() == "hits");  // [data-tier] only filled where caches exist
}

TEST_CASE("registry(result) serves the run's own registry and builds one for a result made by hand") {
  RunResult r = small_result();
  CHECK(registry(r)->value("services.db", "orphaned") == 4);
  r.clients[0].latency_all.count = 0;  // not measured: not reported
  CHECK(MetricRegistry::of(r).find("clients.web.latency_all_ms.p99") == nullptr);
  r.metrics = std::make_shared<const MetricRegistry>(MetricRegistry::of(r));
  CHECK(registry(r).get() == r.metrics.get());
  CHECK(reported(0.12345678) == doctest::Approx(0.123457));
}

TEST_CASE("data tier: shed only where admission is set, cost only when the scenario has cost") {
  RunResult r = small_result();
  CHECK(MetricRegistry::of(r).value("services.db", "shed") == 2);
  CHECK(MetricRegistry::of(r).find("cost.total") == nullptr);
  r.services[0].admission = false;
  CHECK(MetricRegistry::of(r).find("services.db.shed") == nullptr);
  r.cost.present = true;
  r.cost.total = 2.5;
  r.cost.per_million_succeeded = 1.25;
  r.cost.by_service.push_back({"db", 3.0, 2000000, 0.3});
  const auto m = MetricRegistry::of(r);
  CHECK(m.value("cost", "total") == 2.5);
  CHECK(m.value("cost", "per_million_succeeded") == 1.25);
  CHECK(m.value("cost.by_service.db", "replica_hours") == 3.0);
  CHECK(m.value("cost.by_service.db", "requests") == 2000000);
  CHECK(m.find("cost.by_service.db.cost")->unit == std::string("$"));
  CHECK(m.all().back().name() == "cost.by_service.db.cost");  // after the edges
}
