#include "faultline/model/data/async_queue.hpp"

namespace faultline::data {

AsyncQueue::Published AsyncQueue::publish(Time now, std::uint64_t tag) {
  if (depth_ >= config_.shed_above || depth_ >= config_.capacity) {
    ++shed_;
    return Published::shed;
  }
  const Handle h = messages_.allocate();
  Message& m = messages_[h];
  m.tag = tag;
  m.published = now;
  m.receives = 0;
  m.prev = newest_;
  m.next = none;
  (newest_ == none ? oldest_ : messages_.at_index(newest_).next) = h.index;
  newest_ = h.index;
  ++depth_;
  ++published_;
  make_visible(h);
  return Published::accepted;
}

void AsyncQueue::make_visible(Handle h) {
  messages_[h].state = State::visible;
  visible_fifo_.push_back(h);
  ++visible_;
}

void AsyncQueue::remove(Handle h) {
  Message& m = messages_[h];
  if (m.state == State::visible) --visible_;  // its ring entry turns stale
  (m.prev == none ? oldest_ : messages_.at_index(m.prev).next) = m.next;
  (m.next == none ? newest_ : messages_.at_index(m.next).prev) = m.prev;
  --depth_;
  messages_.release(h);
}

bool AsyncQueue::take(Time now, Receipt& out) {
  if (busy_ >= config_.concurrency) return false;
  while (!visible_fifo_.empty()) {
    const Handle h = visible_fifo_.pop_front();
    if (!messages_.alive(h) || messages_[h].state != State::visible) continue;  // acknowledged meanwhile
    Message& m = messages_[h];
    --visible_;
    ++busy_;
    ++deliveries_;
    if (++m.receives > 1) ++redeliveries_;
    out.message = h;
    out.tag = m.tag;
    out.published = m.published;
    out.receive = m.receives;
    if (config_.delivery == DeliveryMode::at_most_once) {
      remove(h);  // delivered once: the queue forgets it
    } else {
      m.state = State::consuming;
      Deadline& d = deadlines_.push_back();
      d.at = now + config_.visibility_timeout;
      d.message = h;
      d.receive = m.receives;
    }
    return true;
  }
  return false;
}

AsyncQueue::Finished AsyncQueue::finish(Time now, const Receipt& r, bool success, Duration& end_to_end) {
  --busy_;
  end_to_end = now - r.published;
  if (config_.delivery == DeliveryMode::at_most_once) {
    if (success) {
      ++acknowledged_;
      return Finished::acknowledged;
    }
    ++lost_;
    return Finished::lost;
  }
  const bool alive = messages_.alive(r.message);
  if (success) {
    if (!alive) {
      ++duplicates_;
      return Finished::already_done;
    }
    ++acknowledged_;
    remove(r.message);
    trim_deadlines();  // keeps the ring to the deliveries still pending, when acks come in order
    return Finished::acknowledged;
  }
  // A failure counts only for the delivery the message is still waiting on.
  if (!alive || messages_[r.message].state != State::consuming || messages_[r.message].receives != r.receive)
    return Finished::ignored;
  if (r.receive >= config_.max_receives) {
    ++dead_lettered_;
    remove(r.message);
    return Finished::dead_lettered;
  }
  make_visible(r.message);
  return Finished::visible_again;
}

bool AsyncQueue::current(const Deadline& d) {
  return messages_.alive(d.message) && messages_[d.message].state == State::consuming &&
         messages_[d.message].receives == d.receive;
}

void AsyncQueue::expire(Time now) {
  while (!deadlines_.empty() && !(now < deadlines_.front().at)) {
    const Deadline d = deadlines_.pop_front();
    if (!current(d)) continue;
    if (d.receive >= config_.max_receives) {
      ++dead_lettered_;
      remove(d.message);
    } else {
      make_visible(d.message);
    }
  }
}

void AsyncQueue::trim_deadlines() {
  while (!deadlines_.empty() && !current(deadlines_.front())) deadlines_.pop_front();
}

void AsyncQueue::reconfigure(const QueueConfig& config) {
  const Duration shift = config.visibility_timeout - config_.visibility_timeout;
  if (shift != Duration::zero()) {  // rotate the ring once, moving each deadline
    for (std::size_t i = 0, n = deadlines_.size(); i < n; ++i) {
      Deadline d = deadlines_.pop_front();
      d.at = Time::from_ns(d.at.ns() + shift.count_ns());  // shift may be negative
      deadlines_.push_back(d);
    }
  }
  config_ = config;
}

Time AsyncQueue::next_deadline() {
  trim_deadlines();
  return deadlines_.empty() ? Time::max() : deadlines_.front().at;
}

}  // namespace faultline::data
