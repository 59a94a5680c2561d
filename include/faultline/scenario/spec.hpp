#pragma once
// The validated, plain scenario: units resolved, names turned into indices,
// defaults applied. Nothing after the loader reads YAML or strings (except
// names kept for reports).
#include <cstdint>
#include <string>
#include <vector>

#include "faultline/engine/time.hpp"
#include "faultline/scenario/reason.hpp"

namespace faultline {

/// A random duration (service time, think time). Parameters are in nanoseconds
/// (as doubles) except lognormal's mu/sigma, which are of ln(seconds).
struct DistSpec {
  enum class Kind { constant, exponential, uniform, normal, lognormal, pareto, mixture, empirical };
  struct Component;  // one branch of a mixture
  struct Point {     // one CDF point of an empirical distribution
    double cdf = 0;  // in (0, 1], increasing; the last is 1
    double value_ns = 0;
  };
  Kind kind = Kind::constant;
  double value_ns = 0;                // constant
  double mean_ns = 0;                 // exponential, normal
  double min_ns = 0, max_ns = 0;      // uniform
  double stddev_ns = 0;               // normal (truncated at 0)
  double mu = 0, sigma = 0;           // lognormal, of ln(seconds)
  double scale_ns = 0, shape = 0;     // pareto
  std::vector<Component> of;          // mixture (weights normalised to sum 1)
  std::vector<Point> points;          // empirical
};
struct DistSpec::Component {
  double weight = 0;
  DistSpec dist;
};


struct RetrySpec {
  enum class Backoff { none, constant, linear, exponential };
  enum class Jitter { none, full, equal, decorrelated };
  std::string name;                   // policy name; inline policies get their key path
  int max_attempts = 1;               // total, including the first; validated 1..100
  std::uint8_t retry_on = reason_bit(Reason::timeout) | reason_bit(Reason::error) | reason_bit(Reason::rejected);
  Backoff backoff = Backoff::none;
  Duration base = Duration::zero();
  double multiplier = 2.0;            // exponential only
  Duration max = Duration::infinite();// cap on one backoff
  Jitter jitter = Jitter::none;
};

struct CallSpec {
  int service = -1;                   // index into Spec::services
  Duration timeout = Duration::infinite();
  int retry = -1;                     // index into Spec::retry_policies; -1: no retry
};

struct QueueSpec {
  enum class Discipline { fifo, lifo };
  static constexpr std::int64_t kUnbounded = -1;
  std::int64_t capacity = kUnbounded; // waiting places per replica; 0 = no queue
  Discipline discipline = Discipline::fifo;
};

struct ServiceSpec {
  std::string name;
  int workers = 1;                    // per replica
  QueueSpec queue;
  DistSpec service_time;
  double error_rate = 0;
  std::vector<CallSpec> calls;        // in order, after own work
  int replicas = 1;                   // [policies]; 1 in [core]
};

struct ScheduleStep {
  Duration at;
  double rate_per_s = -1;             // open loop: new rate (>= 0), or -1 when not given
  int users = -1;                     // closed loop: new user count, or -1 when not given
  Duration ramp = Duration::zero();   // linear change over this long, ending at at + ramp
};

struct BurstSpec {
  Duration at;
  std::int64_t count = 0;
};

struct ClientSpec {
  enum class Loop { open, closed };
  enum class Arrival { poisson, uniform };
  std::string name;
  int target = -1;                    // index into Spec::services
  Loop loop = Loop::open;
  double rate_per_s = 0;              // open loop
  Arrival arrival = Arrival::poisson;
  int users = 0;                      // closed loop
  DistSpec think_time;                // closed loop; default constant 0
  Duration timeout = Duration::infinite();
  int retry = -1;                     // index into Spec::retry_policies; -1: no retry
  std::vector<ScheduleStep> schedule; // sorted by at
  std::vector<BurstSpec> bursts;      // sorted by at
};

struct FaultSpec {
  enum class Kind { latency, errors, outage, capacity, pause, drop_responses };
  enum class OutageMode { refuse, blackhole };
  Kind kind = Kind::latency;
  int target = -1;                    // index into Spec::services
  int replica = -1;                   // -1: every replica ([policies] "svc[i]")
  Duration at;
  Duration duration = Duration::infinite();  // infinite: to the end of the run
  Duration add = Duration::zero();    // latency
  double multiply = 1.0;              // latency
  double probability = 0;             // errors, drop_responses
  OutageMode mode = OutageMode::refuse;
  int workers = 0;                    // capacity
};

struct SimulationSpec {
  Duration duration;                  // required, > 0
  std::uint64_t seed = 1;
  Duration warmup = Duration::zero(); // < duration
  Duration sample_interval = Duration::s(1);
};

struct Spec {
  std::string name;
  std::string description;
  std::string source_file;            // as given on the command line
  SimulationSpec simulation;
  std::vector<ServiceSpec> services;  // in file order
  std::vector<ClientSpec> clients;    // in file order
  std::vector<RetrySpec> retry_policies;  // named ones in file order, then inline ones
  std::vector<FaultSpec> faults;      // in file order
};

}  // namespace faultline
