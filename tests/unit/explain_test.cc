// `kumolens explain`: a function's role, its policies and what it may do per resource.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace {

struct ExplainRun {
  int code;
  std::string out;
};

ExplainRun run(const std::string& args) {
  std::string cmd = std::string(KL_BINARY) + " " + args + " 2>&1";
  ExplainRun r{0, ""};
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return {-1, ""};
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

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
