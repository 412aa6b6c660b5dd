#include "config/config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace kl::config {
namespace {

std::string errors_of(std::string_view text) {
  model::Diagnostics d;
  auto c = parse_config(text, "proj/.kumolens.yaml", d);
  std::string out;
  for (const auto& diag : d) out += diag.str() + "\n";
  if (c && !out.empty()) out += "(parsed despite errors)\n";
  return out;
}

}  // namespace

TEST(Config, ReadsEveryKey) {
  model::Diagnostics d;
  auto c = parse_config(
      "ignore:\n"
      "  - rule: KL-LAM-001\n"
      "    path: legacy/**\n"
      "    reason: retired in Q3\n"
      "  - rule: [KL-LAM-*, all]\n"
      "    resource: StatusUrl\n"
      "severity:\n"
      "  KL-LAM-001: low\n"
      "parameters:\n"
      "  Stage: prod\n"
      "  Replicas: 3\n"
      "fail-on: high\n",
      "proj/.kumolens.yaml", d);
  ASSERT_TRUE(c) << (d.empty() ? "" : d.front().str());
  ASSERT_EQ(c->ignores.size(), 2u);
  EXPECT_EQ(c->ignores[0].rules, std::vector<std::string>{"KL-LAM-001"});
  EXPECT_EQ(c->ignores[0].path, "legacy/**");
  EXPECT_EQ(c->ignores[0].reason, "retired in Q3");
  EXPECT_EQ(c->ignores[0].loc.line, 2u);
  EXPECT_EQ(c->ignores[1].rules, (std::vector<std::string>{"KL-LAM-*", "all"}));
  EXPECT_EQ(c->ignores[1].resource, "StatusUrl");
  EXPECT_TRUE(c->ignores[1].reason.empty());
  EXPECT_EQ(c->severity.at("KL-LAM-001"), rules::Severity::Low);
  EXPECT_EQ(c->parameters.at("Stage"), "prod");
  EXPECT_EQ(c->parameters.at("Replicas"), "3");
  EXPECT_EQ(c->fail_on, "high");
  EXPECT_TRUE(std::filesystem::path(c->dir).is_absolute());
}

TEST(Config, EmptyFileIsAnEmptyConfig) {
  model::Diagnostics d;
  auto c = parse_config("# nothing yet\n", "x/.kumolens.yaml", d);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->ignores.empty());
  EXPECT_FALSE(c->fail_on);
}

TEST(Config, UnknownKeysAndRulesSuggestTheRightOne) {
  EXPECT_EQ(errors_of("ignroe: []\n"),
            "proj/.kumolens.yaml:1:1: error: unknown key 'ignroe' in 'proj/.kumolens.yaml'; "
            "did you mean 'ignore'?\n");
  EXPECT_EQ(errors_of("ignore:\n  - rule: KL-LAM-01\n    reason: x\n"),
            "proj/.kumolens.yaml:2:11: error: unknown rule 'KL-LAM-01' in 'ignore'; did you mean "
            "'KL-LAM-001'?\n");
  EXPECT_EQ(errors_of("ignore:\n  - rules: KL-LAM-001\n"),
            "proj/.kumolens.yaml:2:5: error: unknown key 'rules' in an 'ignore' entry; did you "
            "mean 'rule'?\n"
            "proj/.kumolens.yaml:2:5: error: an 'ignore' entry needs at least one of 'rule', "
            "'path' or 'resource'\n");
  EXPECT_EQ(errors_of("severity:\n  KL-LAM-001: urgent\n"),
            "proj/.kumolens.yaml:2:15: error: unknown severity 'urgent'; expected critical, high, "
            "medium, low or info\n");
  EXPECT_EQ(errors_of("severity:\n  KL-LAM-*: low\n"),
            "proj/.kumolens.yaml:2:3: error: 'severity' takes rule ids, not patterns like "
            "'KL-LAM-*'\n");
  EXPECT_EQ(errors_of("fail-on: hgih\n"),
            "proj/.kumolens.yaml:1:10: error: unknown severity 'hgih' for 'fail-on'; expected "
            "critical, high, medium, low, info or none\n");
}

TEST(Config, WrongShapesAreErrorsAtTheirLine) {
  EXPECT_EQ(errors_of("- ignore\n"),
            "proj/.kumolens.yaml:1:1: error: the configuration must be a map, not a list\n");
  EXPECT_EQ(errors_of("ignore: {rule: KL-LAM-001}\n"),
            "proj/.kumolens.yaml:1:9: error: 'ignore' must be a list, not a map\n");
  EXPECT_EQ(errors_of("parameters:\n  Stage: [a, b]\n"),
            "proj/.kumolens.yaml:2:10: error: a parameter value must be a string, not a list\n");
  // Malformed YAML: the reader's own error, at the position libyaml gives.
  std::string e = errors_of("ignore: [\n");
  EXPECT_EQ(e.rfind("proj/.kumolens.yaml:", 0), 0u) << e;
  EXPECT_NE(e.find(": error: "), std::string::npos) << e;
}

TEST(Config, FoundUpwardFromTheScannedPath) {
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / ("kl_config_test_" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "app" / "stacks");
  std::ofstream(root / "app" / ".kumolens.yaml") << "fail-on: none\n";
  std::ofstream(root / "app" / "stacks" / "t.yaml") << "Resources: {}\n";
  EXPECT_EQ(find_config((root / "app" / "stacks" / "t.yaml").string()),
            (root / "app" / ".kumolens.yaml").string());
  EXPECT_EQ(find_config((root / "app" / "stacks").string()), (root / "app" / ".kumolens.yaml").string());
  fs::create_directories(root / "other");
  auto none = find_config((root / "other").string());
  // Nothing in root/other or root; a config further up (e.g. in /tmp) would be found too.
  if (none) EXPECT_EQ(none->find(root.string()), std::string::npos);
  fs::remove_all(root);
}

}  // namespace kl::config
