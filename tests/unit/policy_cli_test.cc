// `kumolens policy check` and `kumolens policy eval` through the real binary.
#include <gtest/gtest.h>

#include "cli_run.h"

#include <cstdio>
#include <string>

namespace {

using kl::test::CliRun;

CliRun run(const std::string& args) {
  // A generous time budget: a loaded machine must not turn answers into "unknown".
  std::string extra = args.rfind("policy check", 0) == 0 ? " --timeout-ms 20000" : "";
  return kl::test::run_kumolens(args + extra);
}

std::string fixture(const char* name) { return std::string(KL_SOURCE_DIR) + "/tests/policies/" + name; }

TEST(PolicyCli, PublicExitsOneWithAWitness) {
  CliRun r = run("policy check " + fixture("s3_aws_star_list.json") + " --public");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "public: yes: anyone can s3:PutObject on arn:aws:s3:::web-assets/* from any IP\n");
  CliRun no = run("policy check " + fixture("s3_sourcevpce.json") + " --public");
  EXPECT_EQ(no.code, 0);
  EXPECT_EQ(no.out, "public: no\n");
}

TEST(PolicyCli, CrossAccountAndAllowsInJson) {
  CliRun r = run("policy check " + fixture("kms_cross_account_grant.json") +
                 " --cross-account 111122223333 --format json");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("\"answer\": \"yes\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("444455556666"), std::string::npos) << r.out;
  CliRun a = run("policy check " + fixture("identity_s3_read.json") + " --allows s3:PutObject arn:aws:s3:::web-assets/a");
  EXPECT_EQ(a.code, 0);
  EXPECT_EQ(a.out, "allows s3:PutObject arn:aws:s3:::web-assets/a: no\n");
}

TEST(PolicyCli, EvalGivesTheDecisionAndTheStatement) {
  CliRun r = run("policy eval " + fixture("s3_deny_insecure_transport.json") +
                 " --principal arn:aws:iam::111122223333:role/App --action s3:GetObject"
                 " --resource arn:aws:s3:::web-assets/k --context aws:SecureTransport=false");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "explicit-deny by #1\n");
  CliRun ok = run("policy eval " + fixture("s3_deny_insecure_transport.json") +
                  " --principal arn:aws:iam::111122223333:role/App --action s3:GetObject"
                  " --resource arn:aws:s3:::web-assets/k --context aws:SecureTransport=true");
  EXPECT_EQ(ok.code, 0);
  EXPECT_EQ(ok.out, "allow by #0\n");
}

TEST(PolicyCli, MalformedPolicyIsAnInputError) {
  CliRun r = run("policy check " + fixture("malformed_effect.json") + " --public");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("malformed_effect.json:5:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("error: 'Effect' must be 'Allow' or 'Deny', not 'Permit'"), std::string::npos) << r.out;
  CliRun missing = run("policy check /nonexistent/policy.json --public");
  EXPECT_EQ(missing.code, 2);
}

}  // namespace
