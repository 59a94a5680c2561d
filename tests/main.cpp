// The test binary: the doctest suite, and with `--property` first the
// random-scenario invariants (tests/property/): one binary, so the library is
// linked (and link-time optimised) once for both.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstring>

int property_main(int argc, char** argv);  // tests/property/property_main.cpp

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--property") == 0) return property_main(argc - 1, argv + 1);
  return doctest::Context(argc, argv).run();
}
