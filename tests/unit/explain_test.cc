// `kumolens explain`: a function's role, its policies and what it may do per resource.
#include <gtest/gtest.h>

#include "cli_run.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace {

using ExplainRun = kl::test::CliRun;
ExplainRun run(const std::string& args) { return kl::test::run_kumolens(args); }

const std::string kFixture = std::string(KL_SOURCE_DIR) + "/tests/fixtures/iam/function_roles.yaml";

TEST(Explain, ShowsPoliciesAndActionsPerResource) {
  ExplainRun r = run("explain Reader " + kFixture);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("role: ReaderRole"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("SAM policy template 'DynamoDBReadPolicy'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("AWS managed 'AmazonS3ReadOnlyAccess' (v3, 2023-08-10)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Orders (AWS::DynamoDB::Table): dynamodb:GetItem"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("*: logs:CreateLogGroup"), std::string::npos) << r.out;
}

TEST(Explain, JsonNamesFullAdminAndUnknownPolicies) {
  ExplainRun admin = run("explain AdminShortcut --format json " + kFixture);
  ASSERT_EQ(admin.code, 0) << admin.out;
  auto j = nlohmann::json::parse(admin.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["function"], "AdminShortcut");
  EXPECT_TRUE(j[0]["fullAdmin"].get<bool>());
  ExplainRun unknown = run("explain Unknowable --format json " + kFixture);
  ASSERT_EQ(unknown.code, 0) << unknown.out;
  auto u = nlohmann::json::parse(unknown.out);
  bool has_unknown = false;
  for (const auto& p : u[0]["policies"])
    if (p.contains("unknown")) has_unknown = true;
  EXPECT_TRUE(has_unknown) << unknown.out;
  EXPECT_FALSE(u[0]["fullAdmin"].get<bool>());
}

TEST(Explain, UnknownFunctionIsAnInputError) {
  ExplainRun r = run("explain NoSuchFunction " + kFixture);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("no function 'NoSuchFunction'"), std::string::npos) << r.out;
}

}  // namespace
