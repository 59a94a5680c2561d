#pragma once
// Runs the faultline binary as a user would, capturing its exit code and both
// streams: shared by the CLI tests and the incident library's proof.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace faultline::testing {

struct CliResult {
  int code = -1;
  std::string out, err;
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

/// A fresh directory under the system's temporary one, unique in this process.
inline std::filesystem::path scratch() {
  static int n = 0;
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("faultline-test-" + std::to_string(getpid()) + "-" + std::to_string(n++));
  std::filesystem::create_directories(dir);
  return dir;
}

/// Runs the CLI with arguments (shell-quoted by the caller where needed).
inline CliResult cli(const std::string& args) {
  const std::filesystem::path dir = scratch();
  const std::string cmd = std::string(FAULTLINE_CLI_PATH) + " " + args + " >" + (dir / "out").string() + " 2>" +
                          (dir / "err").string();
  const int status = std::system(cmd.c_str());
  CliResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(dir / "out");
  r.err = slurp(dir / "err");
  std::filesystem::remove_all(dir);
  return r;
}

}  // namespace faultline::testing
