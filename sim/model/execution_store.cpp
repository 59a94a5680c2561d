#include "faultline/model/execution_store.hpp"

namespace faultline {

void ExecutionStore::expire(Time now) {
  while (!expiry_.empty() && expiry_.front().first <= now) {
    const std::uint64_t op = expiry_.front().second;
    expiry_.pop_front();
    auto it = entries_.find(op);
    if (it == entries_.end()) continue;
    const Entry& e = it->second;
    if (e.running) {
      expiry_.emplace_back(now + ttl_, op);  // look again after it finishes
    } else if (e.done_at + retention() < now) {
      entries_.erase(it);
    } else {
      expiry_.emplace_back(e.done_at + retention() + Duration::ns(1), op);  // touched since: later
    }
  }
}

ExecutionStore::Entry& ExecutionStore::touch(std::uint64_t op, Time now) {
  expire(now);
  auto [it, inserted] = entries_.try_emplace(op);
  if (inserted) {
    it->second.done_at = now;
    expiry_.emplace_back(now + retention(), op);
  }
  return it->second;
}

ExecutionStore::Arrival ExecutionStore::on_arrival(std::uint64_t op, Handle attempt, Time now, Outcome& stored) {
  Entry& e = touch(op, now);
  if (e.running) {
    e.waiters.push_back(attempt);
    return Arrival::wait;
  }
  if (e.answered && now - e.done_at <= ttl_) {
    stored = e.outcome;
    return Arrival::answered;
  }
  e.running = true;
  e.answered = false;
  e.owner = attempt;
  return Arrival::run;
}

bool ExecutionStore::on_executed(std::uint64_t op, Time now) {
  Entry& e = touch(op, now);
  if (!e.running) e.done_at = now;  // without keys, remember from the last execution
  return ++e.executions > 1;
}

void ExecutionStore::on_answered(std::uint64_t op, Handle attempt, Time now, Outcome outcome,
                                 std::vector<Handle>& waiters) {
  auto it = entries_.find(op);
  if (it == entries_.end() || !it->second.running || !(it->second.owner == attempt)) return;
  Entry& e = it->second;
  e.running = false;
  e.answered = true;
  e.outcome = outcome;
  e.done_at = now;
  waiters.swap(e.waiters);
  e.waiters.clear();
  expiry_.emplace_back(now + retention(), op);
}

void ExecutionStore::on_lost(std::uint64_t op, Handle attempt, std::vector<Handle>& waiters) {
  auto it = entries_.find(op);
  if (it == entries_.end() || !it->second.running || !(it->second.owner == attempt)) return;
  Entry& e = it->second;
  e.running = false;
  waiters.swap(e.waiters);
  e.waiters.clear();
}

}  // namespace faultline
