# Runs at install time: the installed scenarios' `$schema=../docs/scenario.schema.json`
# becomes `../scenario.schema.json`, where the schema is installed.
file(GLOB _scenarios "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/${FAULTLINE_SCENARIO_DIR}/*.yaml")
foreach(_file IN LISTS _scenarios)
  file(READ "${_file}" _text)
  string(REPLACE "$schema=../docs/scenario.schema.json" "$schema=../scenario.schema.json" _fixed "${_text}")
  if(NOT _fixed STREQUAL _text)
    file(WRITE "${_file}" "${_fixed}")
  endif()
endforeach()
