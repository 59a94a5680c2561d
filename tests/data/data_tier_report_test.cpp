// The data tier's figures reach every writer through the metric registry:
// `shed` where admission is set, `cost` when the scenario has it; absent otherwise.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "faultline/metrics/run_result.hpp"
#include "faultline/report/report.hpp"

using namespace faultline;

namespace {
RunResult result_with(bool admission, bool cost) {
  RunResult r;
  r.scenario = "t";
  ClientSummary c;
  c.name = "web";
  r.clients.push_back(c);
  for (const char* name : {"api", "db"}) {
    ServiceSummary s;
    s.name = name;
    r.services.push_back(s);
  }
  r.services[0].admission = admission;
  r.services[0].shed = 1234;
  if (cost) {
    r.cost.present = true;
    r.cost.total = 2.5;
    r.cost.per_million_succeeded = 1.25;
    r.cost.by_service.push_back({"api", 3.0, 2000000, 0.3});
  }
  return r;
}
}  // namespace

TEST_CASE("data tier report: shed and cost in JSON, CSV and the table only where present") {
  const RunResult plain = result_with(false, false);
  const auto pj = nlohmann::json::parse(report::format_json(plain));
  CHECK_FALSE(pj["services"]["api"].contains("shed"));
  CHECK_FALSE(pj.contains("cost"));
  CHECK(report::format_summary_csv(plain).find("shed") == std::string::npos);
  CHECK(report::format_table(plain).find("shed") == std::string::npos);
  CHECK(report::format_table(plain).find("COST") == std::string::npos);

  const RunResult both = result_with(true, true);
  const auto j = nlohmann::json::parse(report::format_json(both));
  CHECK(j["services"]["api"]["shed"] == 1234);
  CHECK_FALSE(j["services"]["db"].contains("shed"));  // no admission there
  CHECK(j["cost"]["total"] == 2.5);
  CHECK(j["cost"]["per_million_succeeded"] == 1.25);
  CHECK(j["cost"]["by_service"]["api"]["replica_hours"] == 3.0);
  CHECK(j["cost"]["by_service"]["api"]["requests"] == 2000000);
  CHECK(j["cost"]["by_service"]["api"]["cost"] == 0.3);
  const std::string csv = report::format_summary_csv(both);
  CHECK(csv.find("services.api,shed,1234\n") != std::string::npos);
  CHECK(csv.find("cost,total,2.5\n") != std::string::npos);
  CHECK(csv.find("cost,by_service.api.requests,2000000\n") != std::string::npos);
  const std::string table = report::format_table(both);
  CHECK(table.find("shed") != std::string::npos);
  CHECK(table.find("1,234") != std::string::npos);
  CHECK(table.find("COST") != std::string::npos);
  CHECK(table.find("total $2.50, $1.25 per million succeeded") != std::string::npos);
}
