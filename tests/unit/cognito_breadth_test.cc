// KL-COG-003's role breadth read by the IAM engine's identity summary: a Deny in the
// unauthenticated role takes a write back (medium), where the catalogue alone sees the
// Allow (high); a Deny only for plain HTTP does not.
#include <gtest/gtest.h>

#include "rules/rule.h"
#include "sam_test_util.h"

namespace kl::rules {
namespace {

std::string pool_template(const std::string& deny) {
  return R"(AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Scores:
    Type: AWS::DynamoDB::Table
  Pool:
    Type: AWS::Cognito::IdentityPool
    Properties:
      AllowUnauthenticatedIdentities: true
  GuestRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Federated: cognito-identity.amazonaws.com}
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals: {cognito-identity.amazonaws.com:aud: !Ref Pool}
              ForAnyValue:StringLike: {cognito-identity.amazonaws.com:amr: unauthenticated}
      Policies:
        - PolicyName: scores
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [dynamodb:PutItem, dynamodb:DeleteItem]
                Resource: !GetAtt Scores.Arn
)" + deny + R"(
  Roles:
    Type: AWS::Cognito::IdentityPoolRoleAttachment
    Properties:
      IdentityPoolId: !Ref Pool
      Roles:
        unauthenticated: !GetAtt GuestRole.Arn
)";
}

std::optional<Finding> cog003(const std::string& text) {
  auto loaded = testing::load_sam(text, "pool.yaml");
  for (Finding& f : run_rules(loaded.model))
    if (f.rule == "KL-COG-003") return f;
  return std::nullopt;
}

TEST(CognitoBreadth, AllowedWriteIsHigh) {
  auto f = cog003(pool_template(""));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->severity, Severity::High);
}

TEST(CognitoBreadth, ADenyTakesTheWritesBack) {
  auto f = cog003(pool_template(R"(              - Effect: Deny
                Action: dynamodb:*
                Resource: "*")"));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->severity, Severity::Medium) << f->variant;
}

TEST(CognitoBreadth, ADenyForPlainHttpOnlyDoesNot) {
  auto f = cog003(pool_template(R"(              - Effect: Deny
                Action: dynamodb:*
                Resource: "*"
                Condition:
                  Bool: {aws:SecureTransport: "false"})"));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->severity, Severity::High);
}

}  // namespace
}  // namespace kl::rules
