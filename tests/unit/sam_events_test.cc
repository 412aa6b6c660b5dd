// SAM function events other than APIs: event source mappings, EventBridge rules,
// permissions, and the changes SAM makes to the user's buckets and user pools.
#include <gtest/gtest.h>

#include "sam_test_util.h"

namespace kl::testing {
namespace {

using model::EdgeKind;
using model::Value;

const char* kEvents = R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Uploads:
    Type: AWS::S3::Bucket
  Jobs:
    Type: AWS::SQS::Queue
  Users:
    Type: AWS::Cognito::UserPool
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: a.b
      CodeUri: s3://b/k
      Events:
        Upload:
          Type: S3
          Properties:
            Bucket: !Ref Uploads
            Events: s3:ObjectCreated:*
        Queue:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
            BatchSize: 5
        Nightly:
          Type: Schedule
          Properties:
            Schedule: rate(1 day)
            Enabled: false
        Signup:
          Type: Cognito
          Properties:
            UserPool: !Ref Users
            Trigger: [PreSignUp, PostConfirmation]
)";

TEST(SamEvents, SqsBecomesAnEventSourceMappingAtTheEventLine) {
  SamResult r = load_sam(kEvents);
  const model::Resource& esm = r.at("WorkerQueue");
  EXPECT_EQ(esm.type, "AWS::Lambda::EventSourceMapping");
  EXPECT_EQ(esm.generated_from, "Worker");
  EXPECT_EQ(esm.loc.line, 21u);
  EXPECT_EQ(resource_ref(*esm.prop("EventSourceArn")), "Jobs");
  EXPECT_EQ(esm.prop("BatchSize")->str(), "5");
  EXPECT_EQ(resource_ref(*esm.prop("FunctionName")), "Worker");
  EXPECT_TRUE(r.has_edge("WorkerQueue", EdgeKind::Ref, "Jobs"));
  EXPECT_TRUE(r.has_edge("Worker", EdgeKind::EventSource, "Jobs"));
  bool sqs_policy = false;
  for (const Value& v : r.at("WorkerRole").prop("ManagedPolicyArns")->items())
    sqs_policy = sqs_policy || v.str() == "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole";
  EXPECT_TRUE(sqs_policy);
}

TEST(SamEvents, S3AddsAPermissionAndTheBucketNotification) {
  SamResult r = load_sam(kEvents);
  const model::Resource& perm = r.at("WorkerUploadPermission");
  EXPECT_EQ(perm.prop("Principal")->str(), "s3.amazonaws.com");
  EXPECT_EQ(perm.loc.line, 16u);
  const Value* configs = dig(r.at("Uploads").properties, {"NotificationConfiguration", "LambdaConfigurations"});
  ASSERT_TRUE(configs && configs->is_list());
  ASSERT_EQ(configs->items().size(), 1u);
  EXPECT_EQ(dig(configs->items()[0], {"Event"})->str(), "s3:ObjectCreated:*");
  EXPECT_EQ(resource_ref(*dig(configs->items()[0], {"Function"})), "Worker");
  EXPECT_TRUE(r.has_edge("Worker", EdgeKind::EventSource, "Uploads"));
}

TEST(SamEvents, ScheduleBecomesARuleAndPermission) {
  SamResult r = load_sam(kEvents);
  const model::Resource& rule = r.at("WorkerNightly");
  EXPECT_EQ(rule.type, "AWS::Events::Rule");
  EXPECT_EQ(rule.prop("ScheduleExpression")->str(), "rate(1 day)");
  EXPECT_EQ(rule.prop("State")->str(), "DISABLED");
  const Value* targets = rule.prop("Targets");
  ASSERT_TRUE(targets && targets->items().size() == 1);
  EXPECT_EQ(dig(targets->items()[0], {"Id"})->str(), "WorkerNightlyLambdaTarget");
  const model::Resource& perm = r.at("WorkerNightlyPermission");
  EXPECT_EQ(perm.prop("Principal")->str(), "events.amazonaws.com");
  EXPECT_EQ(resource_ref(*perm.prop("SourceArn")), "WorkerNightly");
}

TEST(SamEvents, CognitoSetsTheTriggersOnTheUserPool) {
  SamResult r = load_sam(kEvents);
  const model::Resource& perm = r.at("WorkerCognitoPermission");
  EXPECT_EQ(perm.prop("Principal")->str(), "cognito-idp.amazonaws.com");
  const Value* cfg = r.at("Users").prop("LambdaConfig");
  ASSERT_TRUE(cfg && cfg->is_map());
  EXPECT_EQ(resource_ref(*cfg->get("PreSignUp")), "Worker");
  EXPECT_EQ(resource_ref(*cfg->get("PostConfirmation")), "Worker");
}

TEST(SamEvents, EventsOnAnApiOfAnotherStackOnlyGetAPermission) {
  SamResult r = load_sam(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: a.b
      CodeUri: s3://b/k
      Events:
        Get:
          Type: Api
          Properties:
            RestApiId: !ImportValue shared-api
            Path: /x
            Method: get
)");
  EXPECT_TRUE(r.has("FnGetPermissionAllStages"));
  EXPECT_FALSE(r.has("ServerlessRestApi"));
}

}  // namespace
}  // namespace kl::testing
