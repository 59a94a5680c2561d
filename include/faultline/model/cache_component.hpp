#pragma once
// [data-tier] A read-through cache in the running model (scenario-format.md,
// "[data-tier] precise semantics", Cache).
//
// Where it sits: a service's `- cache: NAME` call is an edge to the cache's
// backend carrying the call's timeout, retry and policies; the cache is put in
// front of that edge only (CallLayer::put_in_front), so edges without a cache
// keep their path. Every attempt on the edge is one read:
//   hit (present, younger than ttl)  -> answered after `hit_time`, no backend call;
//   miss                              -> the attempt goes on to the backend as is,
//                                        and its outcome for the caller decides the fill:
//                                        success inserts (evicting when full), anything
//                                        else (failure, timeout, given up) inserts nothing;
//   miss, coalesce, fill in flight    -> waits for that fill, then gets its outcome
//                                        (a miss with no backend call).
// A retry of the call reads again. Fills in flight at a flush still insert.
//
// The key: a pure function of (seed, cache name, operation id) drawn from the
// cache's key distribution, so every read of one operation (retries, hedges, a
// second call) uses one key and nothing is stored per operation.
//
// Counters add up: lookups = hits + misses; misses = backend_calls + coalesced;
// every backend_call is one arrival at the backend.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "faultline/engine/engine.hpp"
#include "faultline/engine/random.hpp"
#include "faultline/metrics/recorder.hpp"
#include "faultline/model/data/cache.hpp"
#include "faultline/model/data/flat_index.hpp"
#include "faultline/model/data/key_sampler.hpp"
#include "faultline/model/pool.hpp"
#include "faultline/model/sampler.hpp"
#include "faultline/model/seams.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

struct Model;

class CacheComponent final : public EventHandler, public EdgeFront {
 public:
  /// Counts over the summary window ([warmup, end)).
  struct Counts {
    std::uint64_t hits = 0, misses = 0, coalesced = 0, backend_calls = 0, evictions = 0;
  };

  CacheComponent(Engine& engine, Recorder& recorder, const CacheSpec& spec, std::uint64_t seed);
  /// Registers its handler; schedules its flushes (the spec's cache_flush faults naming `index`).
  void attach(const Spec& spec, std::uint32_t index);
  /// The caller side it answers (hits, coalesced waiters) and the backend's sink it passes misses to.
  void connect(AnswerSink* answers, AttemptSink* backend) {
    answers_ = answers;
    backend_ = backend;
  }

  // EdgeFront
  void accept(std::uint32_t replica, const AttemptRequest& request) override;
  void attempt_ended(Handle call, std::uint8_t attempt_no, Outcome outcome) override;
  void on_event(EventKind kind, std::uint64_t payload) override;

  /// The key operation `op_id` reads (deterministic; see the top of this file).
  std::uint64_t key_of(std::uint64_t op_id) const;
  const std::string& name() const { return spec_.name; }
  const Counts& window() const { return window_; }
  const data::Cache& cache() const { return cache_; }
  std::size_t fills_in_flight() const { return forwarded_.size(); }
  std::uint64_t flushes() const { return cache_.flushes(); }

  // Mid-run settings (Simulation::set), from now on.
  void set_ttl(Duration ttl) { cache_.set_ttl(ttl); }
  /// Shrinking evicts (counted as evictions) until the entries fit.
  void set_capacity(std::uint32_t capacity);
  /// Turning it off lets the fills in flight still release their waiters; turning
  /// it on coalesces misses from now (fills already passed on are not waited for).
  void set_coalesce(bool on) { coalesce_ = on; }

 private:
  enum Kind : EventKind { kAnswer = 1, kFlush = 2 };
  /// An answer due later: a hit after hit_time, or a coalesced waiter after its fill.
  struct Pending {
    std::uint32_t gen = 0;
    Handle call;
    std::uint8_t attempt_no = 0;
    Outcome outcome;
  };
  struct Forwarded {  // a miss passed on to the backend
    std::uint32_t gen = 0;
    std::uint64_t key = 0;
  };
  static std::uint64_t attempt_id(Handle call, std::uint8_t attempt_no) {
    return (static_cast<std::uint64_t>(call.gen) << 40) ^ (static_cast<std::uint64_t>(call.index) << 8) ^ attempt_no;
  }
  Handle pending(const AttemptRequest& request, Outcome outcome);

  Engine& engine_;
  Recorder& recorder_;
  const CacheSpec& spec_;
  TargetId self_ = 0;
  AnswerSink* answers_ = nullptr;
  AttemptSink* backend_ = nullptr;
  data::Cache cache_;
  data::FillTable fills_;          // coalesce only: one fill per key
  data::KeySampler keys_;
  std::uint64_t key_seed_;
  Sampler hit_time_;
  Rng hit_rng_;
  Pool<Pending> pending_;
  Pool<Forwarded> forwarded_slots_;
  data::FlatIndex forwarded_;      // attempt_id -> forwarded_slots_ index
  Counts window_;
  bool coalesce_;                  // the spec's, until set mid-run
};

/// The build step (kComponents): one CacheComponent per `caches:` entry, put in
/// front of every edge that reads it.
void build_caches(Model& model, const Spec& spec);
/// The caches' summaries, in spec order (none without caches).
std::vector<CacheSummary> cache_summaries(const Model& model);

}  // namespace faultline
