# The ctest test sources_listed: every .cpp under sim/, tools/ and tests/ is in
# one of the lists of cmake/sources.cmake or tests/CMakeLists.txt (a file left
# out would be silently not built, and its tests never run).
#   cmake -DROOT=<source dir> -DLISTED=<file with one path per line> -P sources_listed.cmake
cmake_minimum_required(VERSION 3.25)
file(STRINGS "${LISTED}" listed)
file(GLOB_RECURSE found RELATIVE "${ROOT}" "${ROOT}/sim/*.cpp" "${ROOT}/tools/*.cpp" "${ROOT}/tests/*.cpp")
list(SORT found)
set(missing "")
foreach(f IN LISTS found)
  if(NOT f IN_LIST listed)
    string(APPEND missing "  ${f}\n")
  endif()
endforeach()
if(missing)
  message(FATAL_ERROR "not in any source list (cmake/sources.cmake, tests/CMakeLists.txt):\n${missing}")
endif()
list(LENGTH found n)
message(STATUS "all ${n} .cpp files are listed")
