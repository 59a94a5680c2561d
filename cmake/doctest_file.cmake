# ctest runs one test file's doctest cases through this script:
#   cmake -DTESTS=faultline_tests -DFILTER=*tests/model/client_test.cpp -P doctest_file.cmake
# doctest passes when its filter matches nothing; this fails unless the run
# executed as many cases as `--count` finds for the filter, and at least one.
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/doctest_common.cmake)
doctest_count(expected "${TESTS}" "${FILTER}")
execute_process(COMMAND ${TESTS} --source-file=${FILTER}
                OUTPUT_VARIABLE out ERROR_VARIABLE out ECHO_OUTPUT_VARIABLE ECHO_ERROR_VARIABLE
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "doctest exited with ${rc}")
endif()
if(NOT out MATCHES "test cases: *([0-9]+) *\\|")
  message(FATAL_ERROR "no doctest summary line in the output")
endif()
set(ran ${CMAKE_MATCH_1})
if(expected EQUAL 0)
  message(FATAL_ERROR "${FILTER}: no test case in this file (is it in tests/CMakeLists.txt's lists and compiled?)")
endif()
if(NOT ran EQUAL expected)
  message(FATAL_ERROR "${FILTER}: ${ran} test cases ran, --count says ${expected}")
endif()
