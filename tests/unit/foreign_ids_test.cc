#include "config/foreign_ids.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <set>
#include <string>

namespace kl::config {

TEST(ForeignIds, MapsTheChecksThatMeanTheSame) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(kumolens_rules_for(ForeignTool::Checkov, "CKV_AWS_258"), V{"KL-LAM-001"});
  EXPECT_EQ(kumolens_rules_for(ForeignTool::Checkov, "CKV_AWS_55"), V{"KL-S3-004"});
  EXPECT_EQ(kumolens_rules_for(ForeignTool::CfnNag, "W59"), V{"KL-APIGW-001"});
  EXPECT_EQ(kumolens_rules_for(ForeignTool::CfnNag, "W92"), V{"KL-LAM-006"});
  // No kumolens counterpart, or the opposite meaning: deliberately unmapped.
  EXPECT_TRUE(kumolens_rules_for(ForeignTool::CfnNag, "W35").empty());
  EXPECT_TRUE(kumolens_rules_for(ForeignTool::CfnNag, "W89").empty());
  EXPECT_TRUE(kumolens_rules_for(ForeignTool::Checkov, "CKV_AWS_120").empty());
  // Ids are per tool.
  EXPECT_TRUE(kumolens_rules_for(ForeignTool::Checkov, "W59").empty());
}

TEST(ForeignIds, TableIsWellFormedAndDocumented) {
  static const std::regex checkov(R"(CKV2?_AWS_\d+)"), nag(R"([WF]\d+)"), ours(R"(KL-[A-Z0-9]+-\d{3})");
  std::set<std::pair<std::string, std::string>> seen;
  for (const ForeignId& f : foreign_ids()) {
    std::string id(f.id), rule(f.rule);
    EXPECT_TRUE(std::regex_match(id, f.tool == ForeignTool::Checkov ? checkov : nag)) << id;
    EXPECT_TRUE(std::regex_match(rule, ours)) << rule;
    EXPECT_FALSE(f.meaning.empty()) << id;
    EXPECT_TRUE(seen.insert({id, rule}).second) << "duplicate row " << id << " -> " << rule;
  }
}

// docs/suppressions.md lists every row, so users can see what their skips mean here.
TEST(ForeignIds, EveryRowIsInTheDocs) {
  std::ifstream in(std::string(KL_SOURCE_DIR) + "/docs/suppressions.md");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string doc = ss.str();
  ASSERT_FALSE(doc.empty());
  for (const ForeignId& f : foreign_ids()) {
    std::string row = "| " + std::string(foreign_tool_name(f.tool)) + " | `" + std::string(f.id) +
                      "` | " + std::string(f.rule) + " |";
    EXPECT_NE(doc.find(row), std::string::npos) << "docs/suppressions.md lacks the row " << row;
  }
}

}  // namespace kl::config
