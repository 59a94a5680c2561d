// The HPA rule against a hand computation on a step load, and its classic
// failure: flapping without a scale-in cooldown.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "faultline/model/data/autoscaler.hpp"
#include "support/sim_time.hpp"

using namespace faultline;
using namespace faultline::data;

namespace {
using faultline::testing::at_s;

struct Step {
  int at_s;
  std::uint32_t from, to;
  bool operator==(const Step&) const = default;
};
std::string describe(const std::vector<Step>& steps) {
  std::ostringstream os;
  for (const Step& s : steps) os << s.at_s << "s:" << s.from << "->" << s.to << " ";
  return os.str();
}

// Runs second by second: the load (in replicas' worth of work) spreads over the
// serving replicas, each busy min(1, load / serving); decisions at k x 15 s.
std::vector<Step> run(const AutoscaleConfig& config, std::uint32_t initial, int seconds, double (*load)(int)) {
  Autoscaler scaler(config, initial);
  WindowAverage metric(config.window, static_cast<std::uint32_t>(config.window.count_ns() / 1000000000));
  std::vector<Step> steps;
  const int every = static_cast<int>(config.evaluate_every.count_ns() / 1000000000);
  for (int t = 0; t <= seconds; ++t) {
    scaler.take_ready(at_s(t));
    if (t > 0 && t % every == 0) {
      const auto d = scaler.evaluate(at_s(t), metric.average(at_s(t)));
      if (d.changed()) steps.push_back({t, d.from, d.to});
    }
    metric.set(at_s(t), std::min(1.0, load(t) / scaler.serving()));
  }
  return steps;
}
}  // namespace

TEST_CASE("HPA rule: ratio, tolerance, clamp, cooldown") {
  AutoscaleConfig c;
  c.target = 0.6;
  c.min = 2;
  c.max = 10;
  c.tolerance = 0.1;
  CHECK(hpa_desired(c, 4, 0.9, at_s(0), std::nullopt) == 6);    // ceil(4 x 1.5)
  CHECK(hpa_desired(c, 4, 0.65, at_s(0), std::nullopt) == 4);   // ratio 1.083: within tolerance
  CHECK(hpa_desired(c, 4, 0.3, at_s(0), std::nullopt) == 2);    // ceil(4 x 0.5)
  CHECK(hpa_desired(c, 4, 0.05, at_s(0), std::nullopt) == 2);   // clamped to min
  CHECK(hpa_desired(c, 8, 1.0, at_s(0), std::nullopt) == 10);   // clamped to max
  CHECK(hpa_desired(c, 4, 0.3, at_s(100), at_s(0)) == 4);       // changed 100 s ago: no scale-in
  CHECK(hpa_desired(c, 4, 0.3, at_s(300), at_s(0)) == 2);       // cooldown over
  CHECK(hpa_desired(c, 4, 0.9, at_s(100), at_s(0)) == 6);       // scale-out ignores the cooldown
}

TEST_CASE("window average: time-weighted over the last window, exact on slice boundaries") {
  WindowAverage w(Duration::s(60), 60);
  w.set(at_s(0), 0.5);
  CHECK(w.average(at_s(15)) == doctest::Approx(0.5));
  w.set(at_s(60), 1.0);
  CHECK(w.average(at_s(75)) == doctest::Approx((45 * 0.5 + 15 * 1.0) / 60));
  CHECK(w.average(at_s(120)) == doctest::Approx(1.0));
  w.set(at_s(150), 0.8);
  CHECK(w.average(at_s(165)) == doctest::Approx((45 * 1.0 + 15 * 0.8) / 60));
}

TEST_CASE("HPA on a step load: the hand computation, overshoot from the provision delay, late scale-in") {
  // 2 replicas at 50% (one replica's worth of work); from 60 s, four replicas' worth.
  AutoscaleConfig c;
  c.target = 0.6;
  c.min = 2;
  c.max = 10;
  c.evaluate_every = Duration::s(15);
  c.window = Duration::s(60);
  c.tolerance = 0.1;
  c.provision_delay = Duration::s(45);
  c.scale_in_cooldown = Duration::s(300);
  const auto steps = run(c, 2, 600, [](int t) { return t < 60 ? 1.0 : 4.0; });
  // By hand (window averages of per-replica utilization over serving replicas):
  //  75 s: (45x0.5 + 15x1)/60 = 0.625, ratio 1.04: within tolerance
  //  90 s: 0.75 -> ceil(2 x 1.25) = 3          105 s: 0.875 -> ceil(3 x 1.458) = 5
  // 120 s: 1.0 -> ceil(5 x 1.667) = 9         135 s: 1.0 -> 15, clamped to 10
  // (the first new replica serves only at 135 s). Later averages ask for fewer
  // (210 s: 0.511 -> 9) but the last change was at 135 s: no scale-in until
  // 435 s, when 4/10 = 0.4 -> ceil(10 x 0.667) = 7; then 4/7 = 0.571 is within
  // tolerance of 0.6.
  const std::vector<Step> expected{{90, 2, 3}, {105, 3, 5}, {120, 5, 9}, {135, 9, 10}, {435, 10, 7}};
  INFO("decisions: " << describe(steps));
  CHECK(steps == expected);
}

TEST_CASE("HPA flaps without a scale-in cooldown, and not with one") {
  AutoscaleConfig c;
  c.target = 0.5;
  c.min = 1;
  c.max = 20;
  c.evaluate_every = Duration::s(15);
  c.window = Duration::s(15);
  c.tolerance = 0.1;
  c.provision_delay = Duration::zero();
  auto bursty = [](int t) { return (t / 30) % 2 == 0 ? 2.0 : 6.0; };  // 30 s low, 30 s high
  auto direction_changes = [](const std::vector<Step>& steps) {
    int changes = 0;
    for (std::size_t i = 1; i < steps.size(); ++i)
      changes += (steps[i].to > steps[i].from) != (steps[i - 1].to > steps[i - 1].from);
    return changes;
  };
  c.scale_in_cooldown = Duration::zero();
  const auto flapping = run(c, 4, 600, bursty);
  c.scale_in_cooldown = Duration::s(300);
  const auto calm = run(c, 4, 600, bursty);
  INFO("without cooldown: " << flapping.size() << " changes; with: " << calm.size());
  CHECK(direction_changes(flapping) >= 15);
  CHECK(direction_changes(calm) <= 2);
  CHECK(calm.size() < flapping.size() / 4);
}
