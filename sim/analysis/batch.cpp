#include "faultline/analysis/batch.hpp"

#include <algorithm>
#include <mutex>
#include <thread>

#include "faultline/faultline.hpp"

namespace faultline::analysis {

std::vector<RunResult> run_batch(const std::vector<BatchJob>& jobs, const BatchOptions& o) {
  std::vector<RunResult> results(jobs.size());
  for (auto& r : results) r.partial = true;  // until it has run to its end
  std::atomic<std::size_t> next{0};
  std::atomic<int> done{0};
  std::mutex progress;
  RunOptions run_options;
  run_options.stop = o.stop;
  auto worker = [&] {
    for (std::size_t i = next++; i < jobs.size(); i = next++) {
      if (o.stop != nullptr && o.stop->load()) return;
      Spec spec = *jobs[i].spec;
      spec.simulation.seed = jobs[i].seed;
      results[i] = run(spec, run_options);  // its own slot: the order of completion does not matter
      const int d = ++done;
      if (o.on_progress) {
        std::lock_guard<std::mutex> lock(progress);
        o.on_progress(d, static_cast<int>(jobs.size()));
      }
    }
  };
  const int threads = std::max(1, std::min(o.jobs, static_cast<int>(jobs.size())));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  return results;
}

bool any_partial(const std::vector<RunResult>& results) {
  return std::any_of(results.begin(), results.end(), [](const RunResult& r) { return r.partial; });
}

}  // namespace faultline::analysis
