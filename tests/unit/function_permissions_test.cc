// Effective permissions kept in the model (model/permissions.h): computed once after
// loading for each function, from a SAM policy template, an AWS managed policy and an
// inline statement, per target and access class.
#include <gtest/gtest.h>

#include <algorithm>

#include "iam/function_permissions.h"
#include "sam_test_util.h"

namespace kl::iam {
namespace {

const char* kTemplate = R"(AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
      BillingMode: PAY_PER_REQUEST
  Uploads:
    Type: AWS::S3::Bucket
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      CodeUri: src/
      Policies:
        - DynamoDBReadPolicy:
            TableName: !Ref Orders
        - AWSXRayDaemonWriteAccess
        - Statement:
            - Effect: Allow
              Action: [s3:PutObject, s3:GetObject]
              Resource: !Sub "${Uploads.Arn}/*"
            - Effect: Allow
              Action: iam:PutRolePolicy
              Resource: "*"
              Condition:
                StringEquals: {aws:RequestedRegion: us-east-1}
  Plain:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      CodeUri: src/
)";

const model::TargetPermissions* target(const model::FunctionPermissions& fp, const std::string& t) {
  for (const auto& tp : fp.targets)
    if (tp.target == t) return &tp;
  return nullptr;
}

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

TEST(FunctionPermissions, KeptInTheModelAfterLoading) {
  auto loaded = testing::load_sam(kTemplate, "perm.yaml");
  // load_sam goes through the scanner's loader: the step has run already.
  ASSERT_TRUE(loaded.model.permissions.count("Worker"));
  const model::FunctionPermissions& fp = loaded.model.permissions.at("Worker");
  EXPECT_FALSE(fp.role.empty());
  EXPECT_FALSE(fp.full_admin);

  // SAM policy template, on the table of the model.
  const model::TargetPermissions* orders = target(fp, "Orders");
  ASSERT_TRUE(orders);
  EXPECT_TRUE(orders->in_model);
  EXPECT_TRUE(has(orders->actions, "dynamodb:GetItem"));
  ASSERT_TRUE(orders->by_class.count("read"));
  EXPECT_TRUE(has(orders->by_class.at("read"), "dynamodb:GetItem"));
  EXPECT_FALSE(orders->by_class.count("write"));

  // Inline statement, on the bucket's objects: read and write.
  const model::TargetPermissions* uploads = target(fp, "Uploads");
  ASSERT_TRUE(uploads);
  EXPECT_TRUE(has(uploads->by_class.at("write"), "s3:PutObject"));
  EXPECT_TRUE(has(uploads->by_class.at("read"), "s3:GetObject"));

  // Managed policy (X-Ray) and the conditional inline grant, on "*".
  const model::TargetPermissions* star = target(fp, "*");
  ASSERT_TRUE(star);
  EXPECT_TRUE(has(star->actions, "xray:PutTraceSegments"));
  EXPECT_TRUE(has(star->by_class.at("permissions-management"), "iam:PutRolePolicy"));
  EXPECT_TRUE(star->conditional);

  // A function without Policies gets SAM's basic execution role: logs on "*", nothing in the model.
  ASSERT_TRUE(loaded.model.permissions.count("Plain"));
  for (const auto& tp : loaded.model.permissions.at("Plain").targets) EXPECT_FALSE(tp.in_model) << tp.target;
}

TEST(FunctionPermissions, RecomputingGivesTheSame) {
  auto loaded = testing::load_sam(kTemplate, "perm.yaml");
  size_t before = loaded.model.permissions.at("Worker").targets.size();
  record_function_permissions(loaded.model);
  EXPECT_EQ(loaded.model.permissions.at("Worker").targets.size(), before);
}

}  // namespace
}  // namespace kl::iam
