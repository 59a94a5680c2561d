#include "faultline/model/queue_component.hpp"

#include <algorithm>

#include "faultline/model/builder.hpp"

namespace faultline {

data::QueueConfig queue_config(const AsyncQueueSpec& spec) {
  auto bound = [](std::int64_t v) {  // unbounded (-1) -> the class's "no limit"
    return v < 0 ? 0xFFFFFFFFu : static_cast<std::uint32_t>(std::min<std::int64_t>(v, 0xFFFFFFFEu));
  };
  data::QueueConfig c;
  c.capacity = bound(spec.capacity);
  c.shed_above = bound(spec.shed_above);
  c.concurrency = bound(spec.concurrency);
  c.delivery = spec.delivery == AsyncQueueSpec::Delivery::at_most_once ? data::DeliveryMode::at_most_once
                                                                       : data::DeliveryMode::at_least_once;
  c.visibility_timeout = spec.visibility_timeout;
  c.max_receives = bound(spec.max_receives);
  return c;
}

QueueComponent::QueueComponent(Engine& engine, Signals& signals, Calls& calls, AnswerSink& answers,
                               const AsyncQueueSpec& spec, std::uint32_t consumer_edge)
    : engine_(engine),
      signals_(signals),
      calls_(calls),
      answers_(answers),
      spec_(spec),
      edge_(consumer_edge),
      queue_(queue_config(spec)) {}

void QueueComponent::attach(std::uint32_t owner_id) {
  owner_id_ = owner_id;
  self_ = engine_.add_handler(this);
}

std::uint32_t QueueComponent::depth() const {
  // at_most_once forgets a message when it is delivered; it is still being consumed.
  return queue_.depth() +
         (queue_.config().delivery == data::DeliveryMode::at_most_once ? queue_.consuming() : 0u);
}

QueueComponent::Counters QueueComponent::totals() const {
  Counters c;
  c.published = queue_.published();
  c.rejected = queue_.shed();
  c.deliveries = queue_.deliveries();
  c.redeliveries = queue_.redeliveries();
  c.acknowledged = queue_.acknowledged();
  c.duplicates = queue_.duplicate_completions();
  c.dead_lettered = queue_.dead_lettered();
  c.lost = queue_.lost();
  return c;
}

void QueueComponent::mark_window() {
  if (windowed_ || !signals_.in_window()) return;
  windowed_ = true;
  at_window_ = totals();
  depth_max_ = depth();
}

void QueueComponent::note_depth() {
  if (windowed_) depth_max_ = std::max(depth_max_, depth());
}

// --- publish (AttemptSink) --------------------------------------------------------

void QueueComponent::accept(std::uint32_t, const AttemptRequest& request) {
  mark_window();
  const Time now = engine_.now();
  const bool taken = queue_.publish(now, request.op_id) == data::AsyncQueue::Published::accepted;
  if (taken) {
    const Handle m = queue_.newest();
    if (info_.size() <= m.index) info_.resize(static_cast<std::size_t>(m.index) + 1);
    info_[m.index] = MessageInfo{request.op_id, request.site};
    note_depth();
  }
  // The publisher hears at once; nothing was worked on, so nothing can be orphaned.
  answers_.answer(request.reply_to, request.attempt_no, Outcome{taken, Reason::rejected}, 0, false);
  if (taken) deliver();
}

// --- deliveries (CallOwner) ---------------------------------------------------------

void QueueComponent::deliver() {
  if (delivering_) return;  // the loop below is running: it takes what became visible
  delivering_ = true;
  const std::uint32_t concurrency = queue_.config().concurrency;
  data::Receipt r;
  while (queue_.consuming() + resting_ < concurrency && queue_.take(engine_.now(), r)) {
    const MessageInfo& m = info_[r.message.index];
    const Handle d = deliveries_.allocate();
    deliveries_[d].receipt = r;
    const Handle call = calls_.create(edge_, Owner{owner_id_, d.index, d.gen}, m.op_id, false, Time::max(), m.site);
    calls_.send_first(call);  // may end (call_done) before returning
  }
  delivering_ = false;
  arm();
}

void QueueComponent::call_done(const CallEnd& end, Outcome outcome) {
  mark_window();
  const Handle d{end.owner.index, end.owner.gen};
  if (!deliveries_.alive(d)) return;
  const data::Receipt r = deliveries_[d].receipt;
  deliveries_.release(d);
  const Time now = engine_.now();
  Duration end_to_end;
  if (queue_.finish(now, r, outcome.success, end_to_end) == data::AsyncQueue::Finished::acknowledged && windowed_) {
    end_to_end_.record(end_to_end.count_ns());
  }
  if (!outcome.success && end.started == now) {
    ++resting_;
    engine_.schedule_after(kRestAfterInstantFailure, self_, kRest, 0);
  }
  deliver();
}

// --- visibility timeouts and rests ---------------------------------------------------

void QueueComponent::arm() {
  if (armed_ || queue_.config().delivery == data::DeliveryMode::at_most_once) return;
  const Time at = queue_.next_deadline();
  if (at == Time::max()) return;
  armed_ = true;
  // A deadline moved into the past (a shorter visibility timeout set mid-run) is due now.
  engine_.schedule_at(std::max(at, engine_.now()), self_, kVisibility, arm_gen_);
}

void QueueComponent::on_event(EventKind kind, std::uint64_t payload) {
  mark_window();
  if (kind == kVisibility && payload != arm_gen_) return;  // outdated by a reconfigure
  if (kind == kVisibility) {
    armed_ = false;
    queue_.expire(engine_.now());
  } else if (kind == kRest && resting_ > 0) {
    --resting_;
  }
  deliver();  // re-arms the visibility event
}

void QueueComponent::reconfigure(const AsyncQueueSpec& spec) {
  mark_window();
  const data::QueueConfig before = queue_.config(), after = queue_config(spec);
  queue_.reconfigure(after);
  if (after.visibility_timeout != before.visibility_timeout) {
    ++arm_gen_;  // the deadlines moved: the pending event may be late
    armed_ = false;
    arm();
  }
  if (after.concurrency > before.concurrency) deliver();  // more consumers take messages now
}

QueueSummary QueueComponent::summary(Time end) {
  QueueSummary s;
  s.name = spec_.name;
  if (windowed_) {
    const Counters t = totals();
    s.published = t.published - at_window_.published;
    s.rejected = t.rejected - at_window_.rejected;
    s.deliveries = t.deliveries - at_window_.deliveries;
    s.redeliveries = t.redeliveries - at_window_.redeliveries;
    s.acknowledged = t.acknowledged - at_window_.acknowledged;
    s.duplicate_completions = t.duplicates - at_window_.duplicates;
    s.dead_lettered = t.dead_lettered - at_window_.dead_lettered;
    s.lost = t.lost - at_window_.lost;
    s.depth_max = depth_max_;
  }
  s.depth = depth();
  s.oldest_age_ms = oldest_age_ms(end);
  s.end_to_end_ms_mean = end_to_end_.mean() * 1e-6;
  s.end_to_end_ms_p99 = end_to_end_.quantile(0.99) * 1e-6;
  return s;
}

// --- the build step -------------------------------------------------------------------

void build_queues(Model& m, const Spec& spec) {
  for (std::size_t q = 0; q < spec.queues.size(); ++q) {
    const AsyncQueueSpec& qs = spec.queues[q];
    auto queue = std::make_unique<QueueComponent>(m.engine, m.signals, *m.callers, *m.callers, qs, m.queue_edges[q]);
    QueueComponent* raw = queue.get();
    raw->attach(m.callers->add_owner(raw));
    m.callers->route(queue_target(spec, static_cast<int>(q)), raw);
    const std::string entity = "queues." + qs.name;
    m.recorder.add_gauge(entity, "depth", [raw](Time) { return static_cast<double>(raw->depth()); });
    m.recorder.add_gauge(entity, "oldest_age_ms", [raw](Time now) { return raw->oldest_age_ms(now); });
    m.reports.push_back([raw](Time end, RunResult& out) { out.queues.push_back(raw->summary(end)); });
    m.components.push_back(std::move(queue));
  }
}

}  // namespace faultline
