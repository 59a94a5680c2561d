#pragma once
// The words the format uses for its enums, each written once: the loader reads
// them, the schema lists them, reports and messages print them. Order is the
// documentation order, not the enum's numbering.
#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "faultline/scenario/spec.hpp"

namespace faultline {

template <class E>
struct EnumWord {
  E value;
  std::string_view word;
};

/// Specialised for every enum of the format: `static constexpr EnumWord<E> list[]`.
template <class E>
struct EnumWords;

template <>
struct EnumWords<DistSpec::Kind> {
  using K = DistSpec::Kind;
  static constexpr EnumWord<K> list[] = {{K::constant, "constant"}, {K::exponential, "exponential"},
                                         {K::uniform, "uniform"},   {K::normal, "normal"},
                                         {K::lognormal, "lognormal"}, {K::pareto, "pareto"},
                                         {K::mixture, "mixture"},   {K::empirical, "empirical"}};
};
template <>
struct EnumWords<RetrySpec::Backoff> {
  using B = RetrySpec::Backoff;
  static constexpr EnumWord<B> list[] = {
      {B::none, "none"}, {B::constant, "constant"}, {B::linear, "linear"}, {B::exponential, "exponential"}};
};
template <>
struct EnumWords<RetrySpec::Jitter> {
  using J = RetrySpec::Jitter;
  static constexpr EnumWord<J> list[] = {
      {J::none, "none"}, {J::full, "full"}, {J::equal, "equal"}, {J::decorrelated, "decorrelated"}};
};
template <>
struct EnumWords<QueueSpec::Discipline> {
  using D = QueueSpec::Discipline;
  static constexpr EnumWord<D> list[] = {{D::fifo, "fifo"}, {D::lifo, "lifo"}};
};
template <>
struct EnumWords<ServiceSpec::Balancer> {
  using B = ServiceSpec::Balancer;
  static constexpr EnumWord<B> list[] = {
      {B::round_robin, "round_robin"}, {B::random, "random"}, {B::least_outstanding, "least_outstanding"}, {B::p2c, "p2c"}};
};
template <>
struct EnumWords<LoadDependentSpec::Mode> {  // [data-tier]; `off` is the absence of the key
  using M = LoadDependentSpec::Mode;
  static constexpr EnumWord<M> list[] = {{M::linear, "linear"}, {M::polynomial, "polynomial"}, {M::exponential, "exponential"}};
};
template <>
struct EnumWords<AutoscaleSpec::Metric> {  // [data-tier]
  using M = AutoscaleSpec::Metric;
  static constexpr EnumWord<M> list[] = {{M::cpu_utilization, "cpu_utilization"},
                                         {M::utilization, "utilization"},
                                         {M::queue_length, "queue_length"},
                                         {M::arrivals_per_s, "arrivals_per_s"}};
};
template <>
struct EnumWords<AsyncQueueSpec::Delivery> {  // [data-tier]
  using D = AsyncQueueSpec::Delivery;
  static constexpr EnumWord<D> list[] = {{D::at_least_once, "at_least_once"}, {D::at_most_once, "at_most_once"}};
};
template <>
struct EnumWords<CallOp> {  // [data-tier] `none`: as without `op` (a read from the primary)
  static constexpr EnumWord<CallOp> list[] = {{CallOp::none, "none"}, {CallOp::read, "read"}, {CallOp::write, "write"}};
};
template <>
struct EnumWords<ClientSpec::Arrival> {
  using A = ClientSpec::Arrival;
  static constexpr EnumWord<A> list[] = {{A::poisson, "poisson"}, {A::uniform, "uniform"}};
};
template <>
struct EnumWords<FaultSpec::Kind> {
  using K = FaultSpec::Kind;
  static constexpr EnumWord<K> list[] = {
      {K::latency, "latency"},   {K::errors, "errors"}, {K::outage, "outage"},
      {K::capacity, "capacity"}, {K::pause, "pause"},   {K::drop_responses, "drop_responses"},
      {K::partition, "partition"}, {K::network_delay, "network_delay"}, {K::cache_flush, "cache_flush"}};
};
template <>
struct EnumWords<CacheSpec::Eviction> {  // [data-tier]
  using E = CacheSpec::Eviction;
  static constexpr EnumWord<E> list[] = {{E::lru, "lru"}, {E::fifo, "fifo"}};
};
template <>
struct EnumWords<FaultSpec::OutageMode> {
  using M = FaultSpec::OutageMode;
  static constexpr EnumWord<M> list[] = {{M::refuse, "refuse"}, {M::blackhole, "blackhole"}};
};
template <>
struct EnumWords<Reason> {
  static constexpr EnumWord<Reason> list[] = {
      {Reason::timeout, "timeout"},         {Reason::error, "error"},         {Reason::rejected, "rejected"},
      {Reason::short_circuited, "short_circuited"}, {Reason::throttled, "throttled"}, {Reason::deadline, "deadline"}};
};

/// The reasons a retry policy may retry on (`retry_on`): the first three.
inline constexpr std::size_t kRetryableReasons = 3;

/// The word of a value ("?" for a value outside the list).
template <class E>
constexpr std::string_view word_of(E value) {
  for (const auto& w : EnumWords<E>::list) {
    if (w.value == value) return w.word;
  }
  return "?";
}

/// The value a word names, if any.
template <class E>
constexpr std::optional<E> value_of(std::string_view word) {
  for (const auto& w : EnumWords<E>::list) {
    if (w.word == word) return w.value;
  }
  return std::nullopt;
}

/// The words alone, in documentation order (for messages and the schema).
template <class E>
inline constexpr auto kWords = [] {
  std::array<std::string_view, std::size(EnumWords<E>::list)> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = EnumWords<E>::list[i].word;
  return out;
}();

template <class E>
constexpr std::span<const std::string_view> words_of() {
  return kWords<E>;
}

constexpr const char* fault_kind_name(FaultSpec::Kind k) { return word_of(k).data(); }
constexpr const char* reason_name(Reason r) { return word_of(r).data(); }

}  // namespace faultline
