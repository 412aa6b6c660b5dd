// Which policies make up a role: inline, SAM templates, managed (AWS and template), and
// policy resources naming the role.
#include "iam/role_policies.h"

#include <gtest/gtest.h>

#include "sam_test_util.h"

namespace kl::iam {
namespace {

using testing::load_sam;

std::vector<std::string> summary(const std::vector<AttachedPolicy>& ps) {
  std::vector<std::string> out;
  for (const auto& p : ps) out.push_back(std::string(policy_origin_name(p.origin)) + ":" + p.name);
  return out;
}

TEST(RolePolicies, SamFunctionPoliciesBecomeTemplatesManagedAndInline) {
  auto r = load_sam(R"(
Transform: AWS::Serverless-2016-10-31
Resources:
  Users:
    Type: AWS::DynamoDB::Table
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Policies:
        - DynamoDBReadPolicy:
            TableName: !Ref Users
        - AmazonS3ReadOnlyAccess
        - Statement:
            - Effect: Allow
              Action: sqs:SendMessage
              Resource: "*"
        - NotATemplatePolicy:
            X: 1
)");
  const model::Resource* fn = r.model.find("Fn");
  ASSERT_NE(fn, nullptr);
  const model::Resource* role = execution_role(r.model, *fn);
  ASSERT_NE(role, nullptr);
  EXPECT_EQ(role->id, "FnRole");
  auto ps = attached_policies(r.model, *role);
  EXPECT_EQ(summary(ps), (std::vector<std::string>{
                             "SAM policy template:DynamoDBReadPolicy", "inline:FnRolePolicy2",
                             "unresolved:NotATemplatePolicy", "AWS managed:AWSLambdaBasicExecutionRole",
                             "AWS managed:AmazonS3ReadOnlyAccess"}));
  // The template's Resource names the table it was given.
  const model::Value* st = ps[0].document.get("Statement");
  ASSERT_TRUE(st && st->is_list());
  const model::Value* res = st->items()[0].get("Resource");
  ASSERT_TRUE(res && res->is_list());
  EXPECT_EQ(model::resource_ref(res->items()[0]), "Users");
  EXPECT_TRUE(ps[2].document.is_unknown());
  EXPECT_NE(ps[3].managed, nullptr);
}

TEST(RolePolicies, PlainRoleWithPolicyResourcesAndTemplateManagedPolicies) {
  auto r = load_sam(R"(
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AdministratorAccess
        - !Ref Shared
        - arn:aws:iam::123456789012:policy/Custom
      Policies:
        - PolicyName: logs
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: logs:*
                Resource: "*"
  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: "*"
  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: [!Ref Role]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: iam:PassRole
            Resource: "*"
  Other:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: other
      Roles: [SomeoneElse]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: "*"
            Resource: "*"
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt Role.Arn
      Runtime: python3.12
      Handler: a.b
      Code: {ZipFile: "x"}
)");
  const model::Resource* fn = r.model.find("Fn");
  ASSERT_NE(fn, nullptr);
  const model::Resource* role = execution_role(r.model, *fn);
  ASSERT_NE(role, nullptr);
  EXPECT_EQ(role->id, "Role");
  auto ps = attached_policies(r.model, *role);
  EXPECT_EQ(summary(ps), (std::vector<std::string>{
                             "inline:logs", "AWS managed:AdministratorAccess",
                             "managed policy of the template:Shared",
                             "unresolved:arn:aws:iam::123456789012:policy/Custom", "policy resource:Extra"}));
  EXPECT_TRUE(ps[2].document.is_map());
  EXPECT_EQ(ps[2].holder->id, "Shared");
}

TEST(RolePolicies, FnIfAroundAPolicyKeepsBothBranchesAndNoRoleIsNull) {
  auto r = load_sam(R"(
Parameters:
  Env: {Type: String}
Conditions:
  Prod: !Equals [!Ref Env, prod]
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      ManagedPolicyArns:
        - !If [Prod, arn:aws:iam::aws:policy/ReadOnlyAccess, arn:aws:iam::aws:policy/AdministratorAccess]
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/imported
)");
  auto ps = attached_policies(r.model, *r.model.find("Role"));
  EXPECT_EQ(summary(ps), (std::vector<std::string>{"AWS managed:ReadOnlyAccess", "AWS managed:AdministratorAccess"}));
  EXPECT_EQ(execution_role(r.model, *r.model.find("Fn")), nullptr);
}

}  // namespace
}  // namespace kl::iam
