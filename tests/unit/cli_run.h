#pragma once
// Runs the built kumolens binary (KL_BINARY) the way a user would, for the tests of its
// command line: exit code and what it printed (stdout and stderr together).
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace kl::test {

struct CliRun {
  int code;         ///< exit code; -1 when it did not exit normally
  std::string out;  ///< stdout and stderr together
};

inline CliRun run_kumolens(const std::string& args) {
  std::string cmd = std::string(KL_BINARY) + " " + args + " 2>&1";
  CliRun r{0, ""};
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return {-1, ""};
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace kl::test
