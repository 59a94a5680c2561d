# `cmake --install` and CPack: the binary in bin/, the scenarios and the JSON
# Schema in share/faultline/, the docs in share/doc/faultline/.
include(GNUInstallDirs)
set(FAULTLINE_DATADIR ${CMAKE_INSTALL_DATADIR}/faultline)

install(TARGETS faultline RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES docs/scenario.schema.json DESTINATION ${FAULTLINE_DATADIR})
install(DIRECTORY scenarios/ DESTINATION ${FAULTLINE_DATADIR}/scenarios FILES_MATCHING PATTERN "*.yaml")
# The scenarios point editors at ../docs/scenario.schema.json; installed, it is one level up.
install(CODE "set(FAULTLINE_SCENARIO_DIR \"${FAULTLINE_DATADIR}/scenarios\")")
install(SCRIPT cmake/install_schema_link.cmake)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR} FILES_MATCHING PATTERN "*.md")

set(CPACK_PACKAGE_NAME faultline)
set(CPACK_PACKAGE_VENDOR faultline)
set(CPACK_PACKAGE_CONTACT "faultline maintainers <faultline@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Deterministic discrete-event simulator of distributed-systems failures")
set(CPACK_PACKAGE_DESCRIPTION
    "faultline runs YAML scenarios of services, clients, retries and injected faults and reports what happened.")
set(CPACK_GENERATOR "TGZ;DEB")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
# Depends: from the shared libraries the binary links (yaml-cpp, spdlog, fmt), when dpkg-dev is there.
find_program(FAULTLINE_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(FAULTLINE_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libyaml-cpp0.7, libspdlog1.10, libfmt9")
endif()
include(CPack)
