// The secrets pass inside the scan: `secrets:` in .kumolens.yaml, config ignores of
// KL-SECRET ids, --include/--exclude, --no-secrets, --secrets-only, baselines.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "config/config.h"
#include "scan/scanner.h"

namespace kl::scan {
namespace {

namespace fs = std::filesystem;

class SecretsScan : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kl-secrets-scan-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    write("app/settings.py", "KEY = 'AKIAZKTQ4HWJ3VXN7RPD'\n");
    write("tests/fixtures/creds.txt", "token: ghp_R7sT2uV9wX4yZ1aB3cD5eF7gH9iJ0kL2mN4o\n");
    write("README.md", "Use sk_test_26PHem9AhJZvU623DfE1x4sd in the sandbox.\n");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((dir_ / rel).parent_path());
    std::ofstream(dir_ / rel) << text;
  }
  std::vector<std::string> rules_found(const ScanOptions& o) {
    std::vector<std::string> out;
    for (const auto& f : scan(o).findings)
      if (!f.suppressed)
        out.push_back(fs::path(model::file_path(f.loc.file)).lexically_relative(dir_).string() + " " + f.rule);
    std::sort(out.begin(), out.end());  // passes report in turn: templates, code, other files
    return out;
  }
  ScanOptions opts() {
    ScanOptions o;
    o.paths = {dir_.string()};
    return o;
  }
  config::Config config(const std::string& yaml) {
    model::Diagnostics d;
    auto c = config::parse_config(yaml, (dir_ / ".kumolens.yaml").string(), d);
    EXPECT_TRUE(c) << (d.empty() ? "" : d.front().str());
    return c ? *c : config::Config{};
  }
  fs::path dir_;
};

TEST_F(SecretsScan, FindsSecretsInAnyTextFile) {
  EXPECT_EQ(rules_found(opts()), (std::vector<std::string>{
                                     "README.md KL-SECRET-STRIPE-TEST-SECRET-KEY",
                                     "app/settings.py KL-SECRET-AWS-ACCESS-KEY-ID",
                                     "tests/fixtures/creds.txt KL-SECRET-GITHUB-PAT"}));
}

TEST_F(SecretsScan, ConfigAllowListsAndIgnores) {
  ScanOptions o = opts();
  o.config = config("secrets:\n  allow-paths: ['tests/**']\n  allow-regexes: ['^sk_test_']\n");
  EXPECT_EQ(rules_found(o), (std::vector<std::string>{"app/settings.py KL-SECRET-AWS-ACCESS-KEY-ID"}));
  o.config = config("ignore:\n  - rule: KL-SECRET-AWS-*\n    reason: rotated\n");
  EXPECT_EQ(rules_found(o).size(), 2u);
}

TEST_F(SecretsScan, ConfigRejectsBadSecretsSection) {
  model::Diagnostics d;
  EXPECT_FALSE(config::parse_config("secrets:\n  allow-regexes: ['(unclosed']\n", "c.yaml", d));
  EXPECT_FALSE(config::parse_config("secrets:\n  allow-path: []\n", "c.yaml", d));
  EXPECT_FALSE(config::parse_config("secrets: [1]\n", "c.yaml", d));
  ASSERT_FALSE(d.empty());
  EXPECT_NE(d[1].message.find("did you mean 'allow-paths'"), std::string::npos) << d[1].str();
}

TEST_F(SecretsScan, IncludeExcludeNoSecretsAndBaseline) {
  ScanOptions o = opts();
  o.exclude = {"tests/**", "*.md"};
  EXPECT_EQ(rules_found(o), (std::vector<std::string>{"app/settings.py KL-SECRET-AWS-ACCESS-KEY-ID"}));
  o = opts();
  o.include = {"**/*.txt"};
  EXPECT_EQ(rules_found(o), (std::vector<std::string>{"tests/fixtures/creds.txt KL-SECRET-GITHUB-PAT"}));
  o = opts();
  o.secrets = false;
  EXPECT_TRUE(rules_found(o).empty());
  o = opts();
  ScanResult all = scan(o);
  ASSERT_EQ(all.findings.size(), 3u);
  o.baseline = {all.findings[0].fingerprint, all.findings[2].fingerprint};
  ScanResult rest = scan(o);
  size_t reported = 0;
  for (const auto& f : rest.findings) {
    if (f.suppressed) EXPECT_EQ(f.suppressed->how, "baseline");
    else ++reported;
  }
  EXPECT_EQ(reported, 1u);
}

TEST_F(SecretsScan, SecretsOnlySkipsTheRules) {
  write("template.yaml",
        "Resources:\n  B:\n    Type: AWS::S3::Bucket\n  F:\n    Type: AWS::Lambda::Function\n"
        "    Properties:\n      Environment:\n        Variables:\n"
        "          DB_PASSWORD: 'Zq8!vR2#mK9pLw4s'\n          K: AKIAQYLPMN5HHHFPZAM2\n");
  ScanOptions o = opts();
  o.include = {"template.yaml"};
  auto all = rules_found(o);
  EXPECT_GT(all.size(), 2u);  // bucket and function rules, and the key
  o.secrets_only = true;
  for (const std::string& r : rules_found(o)) EXPECT_EQ(r.rfind("template.yaml KL-SECRET-", 0), 0u) << r;
  EXPECT_EQ(rules_found(o).front(), "template.yaml KL-SECRET-AWS-ACCESS-KEY-ID");
}

}  // namespace
}  // namespace kl::scan
