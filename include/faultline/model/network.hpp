#pragma once
// The network between callers and services, per edge: partitions (refusing or
// silent) and added delay each way, and what travels while delayed (attempts
// on their way in, answers on their way back). Fault verbs act here; the call
// layer asks it per attempt.
#include <cstdint>
#include <vector>

#include "faultline/engine/time.hpp"
#include "faultline/model/call.hpp"
#include "faultline/model/pool.hpp"
#include "faultline/model/seams.hpp"

namespace faultline {

class Network {
 public:
  /// An attempt on its way to a replica.
  struct Outbound {
    std::uint32_t gen = 0;
    std::uint32_t service = 0, replica = 0;
    AttemptSink* sink = nullptr;  // who takes it: the service, or a component in front of it
    AttemptRequest request;
  };
  /// An answer on its way back to the caller.
  struct Inbound {
    std::uint32_t gen = 0;
    Handle call;
    std::uint8_t attempt_no = 0;
    Outcome outcome;
    std::uint32_t from_service = 0;
    bool work_done = false;  // orphaned if nobody waits on arrival
  };

  void add_edges(std::size_t n) { links_.resize(links_.size() + n); }
  bool cut(std::uint32_t edge) const { return links_[edge].partitions > 0; }
  bool refuses(std::uint32_t edge) const { return links_[edge].refuse; }
  Duration delay(std::uint32_t edge) const { return links_[edge].delay; }

  // Fault verbs.
  void begin_partition(std::uint32_t edge, bool refuse) {
    ++links_[edge].partitions;
    links_[edge].refuse = refuse;
  }
  void end_partition(std::uint32_t edge) {
    if (links_[edge].partitions > 0) --links_[edge].partitions;
  }
  // Overlapping delays add up exactly (128 bits) and are used saturated.
  void add_delay(std::uint32_t edge, Duration d) { set_total(links_[edge], links_[edge].total_ns + d.count_ns()); }
  void remove_delay(std::uint32_t edge, Duration d) { set_total(links_[edge], links_[edge].total_ns - d.count_ns()); }

  Pool<Outbound>& outbound() { return outbound_; }
  Pool<Inbound>& inbound() { return inbound_; }

 private:
  __extension__ typedef __int128 Wide;
  struct Link {
    int partitions = 0;
    bool refuse = false;
    Duration delay = Duration::zero();  // each way
    Wide total_ns = 0;              // the sum of the active delays, unsaturated
  };
  static void set_total(Link& link, Wide total) {
    link.total_ns = total;
    link.delay = total >= Duration::infinite().count_ns() ? Duration::infinite() : Duration::ns(static_cast<std::int64_t>(total));
  }
  std::vector<Link> links_;  // per edge
  Pool<Outbound> outbound_;
  Pool<Inbound> inbound_;
};

}  // namespace faultline
