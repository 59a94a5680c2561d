#include "faultline/model/cache_component.hpp"

#include <cmath>

#include "faultline/model/builder.hpp"

namespace faultline {

namespace {
data::CacheConfig config_of(const CacheSpec& spec) {
  data::CacheConfig c;
  c.capacity = static_cast<std::uint32_t>(spec.capacity);
  c.ttl = spec.ttl;
  c.eviction = spec.eviction == CacheSpec::Eviction::fifo ? data::Eviction::fifo : data::Eviction::lru;
  return c;
}
data::KeySampler sampler_of(const CacheSpec& spec) {
  const auto n = static_cast<std::uint64_t>(spec.key_count);
  return spec.zipf > 0 ? data::KeySampler::zipf(n, spec.zipf) : data::KeySampler::uniform(n);
}
}  // namespace

CacheComponent::CacheComponent(Engine& engine, Recorder& recorder, const CacheSpec& spec, std::uint64_t seed)
    : engine_(engine),
      recorder_(recorder),
      spec_(spec),
      cache_(config_of(spec)),
      keys_(sampler_of(spec)),
      key_seed_(stream_for(seed, "caches." + spec.name + ".keys").next()),
      hit_time_(spec.hit_time),
      hit_rng_(stream_for(seed, "caches." + spec.name + ".hit_time")),
      coalesce_(spec.coalesce) {}

void CacheComponent::attach(const Spec& spec, std::uint32_t index) {
  self_ = engine_.add_handler(this);
  const Time end = Time::zero() + spec.simulation.duration;
  for (const FaultSpec& f : spec.faults) {
    if (f.kind != FaultSpec::Kind::cache_flush || f.target != static_cast<int>(index)) continue;
    const Time at = Time::zero() + f.at;
    if (at < end) engine_.schedule_at(at, self_, kFlush, 0);
  }
}

std::uint64_t CacheComponent::key_of(std::uint64_t op_id) const {
  Rng rng(key_seed_ ^ (op_id * 0x9e3779b97f4a7c15ULL));
  return keys_.draw(rng);
}

Handle CacheComponent::pending(const AttemptRequest& request, Outcome outcome) {
  const Handle h = pending_.allocate();
  Pending& p = pending_[h];
  p.call = request.reply_to;
  p.attempt_no = request.attempt_no;
  p.outcome = outcome;
  return h;
}

void CacheComponent::accept(std::uint32_t replica, const AttemptRequest& request) {
  // Delayed by the network past its caller's timeout: nobody waits, it is not a read.
  if (!answers_->awaiting(request.reply_to, request.attempt_no)) return;
  const Time now = engine_.now();
  const std::uint64_t key = key_of(request.op_id);
  const bool counted = recorder_.in_window();
  if (cache_.read(now, key)) {
    if (counted) ++window_.hits;
    const Handle h = pending(request, Outcome{true, Reason::error});
    engine_.schedule_after(Duration::ns(hit_time_.sample_ns(hit_rng_)), self_, kAnswer, h.pack());
    return;
  }
  if (counted) ++window_.misses;
  if (coalesce_) {
    if (fills_.in_flight(key)) {  // wait for that fill
      if (counted) ++window_.coalesced;
      fills_.start_or_wait(key, pending(request, Outcome{}).pack());
      return;
    }
    fills_.start_or_wait(key, 0);  // this miss is the fill
  }
  if (counted) ++window_.backend_calls;
  const Handle f = forwarded_slots_.allocate();
  forwarded_slots_[f].key = key;
  forwarded_.insert(attempt_id(request.reply_to, request.attempt_no), f.index);
  backend_->accept(replica, request);  // may end (attempt_ended) before returning
}

void CacheComponent::attempt_ended(Handle call, std::uint8_t attempt_no, Outcome outcome) {
  const std::uint64_t id = attempt_id(call, attempt_no);
  const std::uint32_t slot = forwarded_.find(id);
  if (slot == data::FlatIndex::npos) return;  // a hit or a waiter: nothing to fill
  forwarded_.erase(id);
  const std::uint64_t key = forwarded_slots_.at_index(slot).key;
  forwarded_slots_.release(Handle{slot, forwarded_slots_.at_index(slot).gen});
  if (outcome.success) {
    const std::uint64_t before = cache_.evictions();
    cache_.fill(engine_.now(), key);
    if (recorder_.in_window()) window_.evictions += cache_.evictions() - before;
  }
  if (coalesce_ || fills_.in_flight() > 0) {  // in flight: coalescing was turned off mid-run
    // The waiters get the fill's outcome, through events: we are inside the call layer.
    fills_.finish(key, [&](std::uint64_t tag) {
      const Handle w = Handle::unpack(tag);
      pending_[w].outcome = outcome;
      engine_.schedule_after(Duration::zero(), self_, kAnswer, tag);
    });
  }
}

void CacheComponent::on_event(EventKind kind, std::uint64_t payload) {
  if (kind == kFlush) {
    cache_.flush();
    return;
  }
  const Handle h = Handle::unpack(payload);
  const Pending p = pending_[h];
  pending_.release(h);
  // No service did work for this answer: an answer nobody awaits is not orphaned work.
  answers_->answer(p.call, p.attempt_no, p.outcome, static_cast<std::uint32_t>(spec_.backend), false);
}

void CacheComponent::set_capacity(std::uint32_t capacity) {
  const std::uint32_t evicted = cache_.set_capacity(capacity);
  if (recorder_.in_window()) window_.evictions += evicted;
}

void build_caches(Model& m, const Spec& spec) {
  for (std::uint32_t c = 0; c < spec.caches.size(); ++c) {
    const CacheSpec& cs = spec.caches[c];
    auto cache = std::make_unique<CacheComponent>(m.engine, m.recorder, cs, spec.simulation.seed);
    cache->attach(spec, c);
    cache->connect(m.callers.get(), &m.services->service(static_cast<std::uint32_t>(cs.backend)));
    for (std::uint32_t e = 0; e < m.callers->edges().size(); ++e) {
      if (m.callers->edges()[e].config.cache == static_cast<int>(c)) m.callers->put_in_front(e, cache.get());
    }
    // Time series: the hit ratio of each interval's reads (NaN without reads), entries held, fills in flight.
    CacheComponent* self = cache.get();
    const std::string entity = "caches." + cs.name;
    m.recorder.add_gauge(entity, "hit_ratio", [self, hits = std::uint64_t{0}, misses = std::uint64_t{0}](Time) mutable {
      const std::uint64_t h = self->cache().hits() - hits, k = self->cache().misses() - misses;
      hits = self->cache().hits();
      misses = self->cache().misses();
      return h + k == 0 ? std::nan("") : static_cast<double>(h) / static_cast<double>(h + k);
    });
    m.recorder.add_gauge(entity, "size", [self](Time) { return static_cast<double>(self->cache().size()); });
    m.recorder.add_gauge(entity, "fills_in_flight", [self](Time) { return static_cast<double>(self->fills_in_flight()); });
    m.components.push_back(std::move(cache));
  }
}

std::vector<CacheSummary> cache_summaries(const Model& m) {
  std::vector<CacheSummary> out;
  for (const auto& component : m.components) {
    const auto* c = dynamic_cast<const CacheComponent*>(component.get());
    if (c == nullptr) continue;
    CacheSummary s;
    s.name = c->name();
    const CacheComponent::Counts& w = c->window();
    s.hits = w.hits;
    s.misses = w.misses;
    s.hit_ratio = w.hits + w.misses == 0 ? 0.0 : static_cast<double>(w.hits) / static_cast<double>(w.hits + w.misses);
    s.evictions = w.evictions;
    s.fills_in_flight = c->fills_in_flight();
    s.coalesced = w.coalesced;
    s.backend_calls = w.backend_calls;
    s.size = c->cache().size();
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace faultline
