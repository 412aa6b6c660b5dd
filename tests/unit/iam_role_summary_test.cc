// Per-role queries: what a role allows on wildcard resources, full admin, and the actions
// per resource `kumolens explain` prints.
#include "iam/role_summary.h"

#include <gtest/gtest.h>

#include "sam_test_util.h"

namespace kl::iam {
namespace {

using testing::load_sam;

const RoleView* view_of(const std::vector<RoleView>& views, const std::string& role) {
  for (const RoleView& v : views)
    if (v.role->id == role) return &v;
  ADD_FAILURE() << "no role " << role;
  return nullptr;
}

const char* kTemplate = R"(
Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: orders-table
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Tracing: Disabled
      Policies:
        - Statement:
            - Effect: Allow
              Action: iam:PassRole
              Resource: !Sub "arn:aws:iam::${AWS::AccountId}:role/*"
            - Effect: Allow
              Action: lambda:CreateFunction
              Resource: !Sub "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:app-fn"
            - Effect: Allow
              Action: [dynamodb:GetItem]
              Resource: arn:aws:dynamodb:us-east-1:111122223333:table/orders-table
            - Effect: Deny
              Action: iam:PassRole
              Resource: "*"
              Condition:
                StringNotEquals: {iam:PassedToService: lambda.amazonaws.com}
  Admin:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: all
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: "*"
                Resource: "*"
  GuardedAdmin:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: all
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: "*"
                Resource: "*"
                Condition:
                  Bool: {aws:MultiFactorAuthPresent: "true"}
)";

TEST(RoleSummary, AllowsOnWildcardResourcesKeepsPseudoParameterArnsShape) {
  auto r = load_sam(kTemplate);
  auto views = role_views(r.model);
  const RoleView* fn = view_of(views, "FnRole");
  ASSERT_NE(fn, nullptr);
  // ${AWS::AccountId}:role/* is a wildcard; the conditional Deny does not take it back.
  EXPECT_TRUE(fn->allows("iam:PassRole", true).has_value());
  // One named function: allowed, but not on a wildcard resource.
  EXPECT_TRUE(fn->allows("lambda:CreateFunction", false).has_value());
  EXPECT_FALSE(fn->allows("lambda:CreateFunction", true).has_value());
  EXPECT_FALSE(fn->allows("s3:GetObject", false).has_value());
  EXPECT_FALSE(fn->full_admin().has_value());
  EXPECT_TRUE(role_in_use(r.model, *fn->role));
}

TEST(RoleSummary, FullAdminNeedsNoConditionAndRoleInUseNeedsAUser) {
  auto r = load_sam(kTemplate);
  auto views = role_views(r.model);
  EXPECT_TRUE(view_of(views, "Admin")->full_admin().has_value());
  EXPECT_FALSE(view_of(views, "GuardedAdmin")->full_admin().has_value());
  EXPECT_FALSE(role_in_use(r.model, *view_of(views, "Admin")->role));
}

TEST(RoleSummary, EffectivePermissionsNameModelResourcesByLiteralNames) {
  auto r = load_sam(kTemplate);
  auto views = role_views(r.model);
  auto perms = effective_permissions(r.model, *view_of(views, "FnRole"));
  bool table = false, logs = false;
  for (const ResourcePermissions& p : perms) {
    if (p.target == "Orders") {
      table = p.in_model;
      EXPECT_EQ(p.actions, std::vector<std::string>{"dynamodb:GetItem"});
    }
    if (p.target == "*")
      for (const std::string& a : p.actions)
        if (a == "logs:PutLogEvents") logs = true;
  }
  EXPECT_TRUE(table);
  EXPECT_TRUE(logs);  // AWSLambdaBasicExecutionRole, which SAM attaches
}

}  // namespace
}  // namespace kl::iam
