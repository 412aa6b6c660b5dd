// The command line itself: usage errors, exit codes, unknown rule ids.
#include <gtest/gtest.h>

#include "cli_run.h"

#include <cstdio>
#include <string>

namespace {

using kl::test::CliRun;
CliRun run(const std::string& args) { return kl::test::run_kumolens(args); }

TEST(Cli, UsageErrorsExitTwoInKumolensStyle) {
  CliRun r = run("scan --format xml");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "kumolens: error: --format: xml not in {text,json,sarif}\n"
                   "run 'kumolens --help' for usage\n");
  CliRun none = run("");
  EXPECT_EQ(none.code, 2);
  EXPECT_EQ(none.out.rfind("kumolens: error: a subcommand is required", 0), 0u) << none.out;
}

TEST(Cli, UnknownRuleSuggestsTheClosest) {
  CliRun r = run("rules KL-LAM-01");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "kumolens: error: unknown rule 'KL-LAM-01'; did you mean 'KL-LAM-001'?\n");
}

TEST(Cli, VersionAndFailOn) {
  CliRun v = run("--version");
  EXPECT_EQ(v.code, 0);
  EXPECT_EQ(v.out.rfind("kumolens ", 0), 0u);
  std::string fixture = std::string(KL_SOURCE_DIR) + "/tests/fixtures/lambda/function_url.yaml";
  EXPECT_EQ(run("scan -q " + fixture).code, 1);                      // high findings, fail-on low
  EXPECT_EQ(run("scan -q --fail-on critical " + fixture).code, 0);   // none critical
  EXPECT_EQ(run("scan -q --fail-on none " + fixture).code, 0);
}

}  // namespace
