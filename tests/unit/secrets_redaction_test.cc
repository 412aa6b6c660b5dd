// No output format ever prints a full secret: scans a project with planted secrets (in
// files, in a template's parameters and environment, and inside a zip) through the real
// binary, in text, JSON and SARIF (suppressed findings shown too), and greps each output
// for every planted value.
#include <gtest/gtest.h>

#include "cli_run.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kPlanted = {
    "AKIAZKTQ4HWJ3VXN7RPD",
    "kT9qZ2vX7mR4pL8wN3sB6yH1cF5gJ0dA2eU7iO4x",
    "AKIAQYLPMN5HHHFPZAM2",
    "Xq7vR2mK9pLw4sTz",
    "ghp_R7sT2uV9wX4yZ1aB3cD5eF7gH9iJ0kL2mN4o",
    "xoxb-2845617293-5512345678901-Ab3dEf6hIj9kLm2nOp5qRs8t",
    "ghp_Z9yX8wV7uT6sR5qP4oN3mL2kJ1iH0gF9eD8c",
};

std::string run(const std::string& args) { return kl::test::run_kumolens(args).out; }

TEST(Redaction, NoFormatPrintsAPlantedSecret) {
  fs::path project = fs::path(KL_SOURCE_DIR) / "tests/fixtures/secrets/leaky_project.case";
  for (const char* format : {"text", "json", "sarif"}) {
    SCOPED_TRACE(format);
    std::string out = run("scan --show-suppressed --no-color -f " + std::string(format) + " " + project.string());
    // The scan did find them (redacted), so the test can fail.
    EXPECT_NE(out.find("KL-SECRET-AWS-ACCESS-KEY-ID"), std::string::npos) << out;
    EXPECT_NE(out.find("AKIA…(20)"), std::string::npos) << out;
    for (const std::string& secret : kPlanted) {
      EXPECT_EQ(out.find(secret), std::string::npos) << "full secret printed: " << secret.substr(0, 4);
      // Not even most of it.
      EXPECT_EQ(out.find(secret.substr(2, secret.size() / 2)), std::string::npos) << secret.substr(0, 4);
    }
  }
}

TEST(Redaction, BaselineHoldsHashesOnlyAndHidesKnownSecrets) {
  fs::path project = fs::path(KL_SOURCE_DIR) / "tests/fixtures/secrets/leaky_project.case";
  fs::path base = fs::temp_directory_path() / ("kl-baseline-" + std::to_string(getpid()) + ".json");
  run("baseline create -o " + base.string() + " " + project.string());
  std::ifstream in(base);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  EXPECT_NE(text.find("\"fingerprints\""), std::string::npos) << text;
  for (const std::string& secret : kPlanted) EXPECT_EQ(text.find(secret), std::string::npos);
  std::string after = run("scan -q --no-color --baseline " + base.string() + " " + project.string());
  EXPECT_EQ(after.find("KL-SECRET-"), std::string::npos) << after;
  EXPECT_NE(after.find("KL-SEC-003"), std::string::npos) << after;  // other rules still report
  fs::remove(base);
}

}  // namespace
