# The ctest test doctest_every_case_registered: the files registered as ctest
# tests (FILTER, comma-separated) hold every case of the binary, so running
# them all runs every case (each of those tests checks it ran all of its own).
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/doctest_common.cmake)
doctest_count(total "${TESTS}" "")
doctest_count(registered "${TESTS}" "${FILTER}")
if(NOT registered EQUAL total)
  execute_process(COMMAND ${TESTS} --list-test-cases --source-file-exclude=${FILTER} OUTPUT_VARIABLE missing)
  message(FATAL_ERROR "the binary has ${total} test cases, the ctest tests cover ${registered}; not covered:\n${missing}")
endif()
message(STATUS "all ${total} doctest cases are covered by a ctest test")
