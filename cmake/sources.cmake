# Every source file, listed by hand: one list per folder, one file per line.
# A new .cpp goes into its folder's list; the ctest test `sources_listed`
# fails when a .cpp under sim/, tools/ or tests/ is in no list.

set(FAULTLINE_ENGINE_SOURCES
  sim/engine/distributions.cpp
  sim/engine/engine.cpp
  sim/engine/event_queue.cpp
  sim/engine/random.cpp
)

set(FAULTLINE_METRICS_SOURCES
  sim/metrics/histogram.cpp
  sim/metrics/recorder.cpp
  sim/metrics/registry.cpp
)

set(FAULTLINE_MODEL_SOURCES
  sim/model/backoff.cpp
  sim/model/balancer.cpp
  sim/model/build_rows.cpp
  sim/model/builder.cpp
  sim/model/cache_component.cpp
  sim/model/call_layer.cpp
  sim/model/call_pools.cpp
  sim/model/circuit_breaker.cpp
  sim/model/client.cpp
  sim/model/data/admission.cpp
  sim/model/data/async_queue.cpp
  sim/model/data/autoscaler.cpp
  sim/model/data/cache.cpp
  sim/model/data/cost.cpp
  sim/model/data/key_sampler.cpp
  sim/model/data/load_dependent.cpp
  sim/model/data/lock_table.cpp
  sim/model/data/replication.cpp
  sim/model/data/run_cost.cpp
  sim/model/data_tier_settings.cpp
  sim/model/debug_log.cpp
  sim/model/execution_store.cpp
  sim/model/fault_injector.cpp
  sim/model/queue_component.cpp
  sim/model/queue_edges.cpp
  sim/model/rate_profile.cpp
  sim/model/replica.cpp
  sim/model/row_store.cpp
  sim/model/sampler.cpp
  sim/model/service_autoscaler.cpp
  sim/model/settings.cpp
  sim/model/trace_log.cpp
)

set(FAULTLINE_SCENARIO_SOURCES
  sim/scenario/builder.cpp
  sim/scenario/expect_metrics.cpp
  sim/scenario/fields.cpp
  sim/scenario/input_guard.cpp
  sim/scenario/keys_markdown.cpp
  sim/scenario/load.cpp
  sim/scenario/load_error.cpp
  sim/scenario/overrides.cpp
  sim/scenario/presets.cpp
  sim/scenario/read_caches.cpp
  sim/scenario/read_distribution.cpp
  sim/scenario/read_policies.cpp
  sim/scenario/read_queues.cpp
  sim/scenario/read_scaling.cpp
  sim/scenario/reader.cpp
  sim/scenario/schema.cpp
  sim/scenario/setting.cpp
  sim/scenario/units.cpp
  sim/scenario/validate.cpp
  sim/scenario/validate_queues.cpp
  sim/scenario/variants.cpp
  sim/scenario/yaml_hints.cpp
)

set(FAULTLINE_ANALYSIS_SOURCES
  sim/analysis/autoscale_findings.cpp
  sim/analysis/batch.cpp
  sim/analysis/cache_findings.cpp
  sim/analysis/compare.cpp
  sim/analysis/data_tier_findings.cpp
  sim/analysis/expectations.cpp
  sim/analysis/findings.cpp
  sim/analysis/queue_findings.cpp
  sim/analysis/recovery.cpp
  sim/analysis/stability_map.cpp
  sim/analysis/stability_map_format.cpp
  sim/analysis/stats.cpp
  sim/analysis/stress.cpp
  sim/analysis/sweep.cpp
)

set(FAULTLINE_REPORT_SOURCES
  sim/report/compare.cpp
  sim/report/describe.cpp
  sim/report/describe_data_tier.cpp
  sim/report/expectations.cpp
  sim/report/format.cpp
  sim/report/html.cpp
  sim/report/html_data_tier.cpp
  sim/report/json_csv.cpp
  sim/report/metric_table.cpp
  sim/report/summary_json.cpp
  sim/report/sweep.cpp
  sim/report/table.cpp
  sim/report/text_table.cpp
  sim/report/timeline.cpp
)

# sim/ itself: the run loop that ties the folders together.
set(FAULTLINE_RUN_SOURCES
  sim/run.cpp
  sim/simulation.cpp
)

# The live server: the only files that include Boost.Asio and Beast.
set(FAULTLINE_LIVE_SOURCES
  sim/live/control.cpp
  sim/live/dashboard.cpp
  sim/live/live_run.cpp
  sim/live/live_views.cpp
  sim/live/record.cpp
  sim/live/server.cpp
  sim/live/terminal_view.cpp
  sim/live/workshop.cpp
)

set(FAULTLINE_CLI_SOURCES
  tools/cli/commands.cpp
  tools/cli/incidents_cmd.cpp
  tools/cli/live_commands.cpp
  tools/cli/live_load.cpp
  tools/cli/main.cpp
  tools/cli/map_cmd.cpp
  tools/cli/progress.cpp
  tools/cli/stop_signal.cpp
  tools/cli/watch_command.cpp
)

set(FAULTLINE_BENCH_SOURCES
  tools/bench/bench.cpp
)

# faultline_listed_sources(path...): records sources (relative to the project
# root) for the `sources_listed` test.
function(faultline_listed_sources)
  set_property(GLOBAL APPEND PROPERTY FAULTLINE_LISTED_SOURCES ${ARGN})
endfunction()
faultline_listed_sources(
  ${FAULTLINE_ENGINE_SOURCES} ${FAULTLINE_METRICS_SOURCES} ${FAULTLINE_MODEL_SOURCES}
  ${FAULTLINE_SCENARIO_SOURCES} ${FAULTLINE_ANALYSIS_SOURCES} ${FAULTLINE_REPORT_SOURCES}
  ${FAULTLINE_RUN_SOURCES} ${FAULTLINE_LIVE_SOURCES} ${FAULTLINE_CLI_SOURCES} ${FAULTLINE_BENCH_SOURCES})
