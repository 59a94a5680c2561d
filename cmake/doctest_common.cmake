# doctest_count(VAR binary filter): how many cases `binary --count` finds for a
# --source-file filter (all of them when the filter is empty).
function(doctest_count var binary filter)
  set(args --count)
  if(filter)
    list(APPEND args --source-file=${filter})
  endif()
  execute_process(COMMAND ${binary} ${args} OUTPUT_VARIABLE out RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT out MATCHES "passing the current filters: ([0-9]+)")
    message(FATAL_ERROR "${binary} --count failed (exit ${rc}):\n${out}")
  endif()
  set(${var} ${CMAKE_MATCH_1} PARENT_SCOPE)
endfunction()
