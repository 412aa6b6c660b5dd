// SAM SimpleTable, LayerVersion, StateMachine and the types left as written.
#include <gtest/gtest.h>

#include "sam_test_util.h"

namespace kl::testing {
namespace {

using model::EdgeKind;
using model::Value;

TEST(SamResources, SimpleTableBecomesADynamoDbTable) {
  SamResult r = load_sam(R"(Transform: AWS::Serverless-2016-10-31
Globals:
  SimpleTable:
    SSESpecification: {SSEEnabled: true}
Resources:
  Sessions:
    Type: AWS::Serverless::SimpleTable
    Properties:
      PrimaryKey: {Name: sid, Type: Number}
      ProvisionedThroughput: {ReadCapacityUnits: 1, WriteCapacityUnits: 1}
  Plain:
    Type: AWS::Serverless::SimpleTable
)");
  const model::Resource& t = r.at("Sessions");
  EXPECT_EQ(t.type, "AWS::DynamoDB::Table");
  EXPECT_EQ(t.generated_from, "");
  EXPECT_EQ(dig(t.prop("AttributeDefinitions")->items()[0], {"AttributeName"})->str(), "sid");
  EXPECT_EQ(dig(t.prop("AttributeDefinitions")->items()[0], {"AttributeType"})->str(), "N");
  EXPECT_EQ(dig(t.prop("KeySchema")->items()[0], {"KeyType"})->str(), "HASH");
  EXPECT_FALSE(t.prop("BillingMode"));
  EXPECT_TRUE(dig(t.properties, {"SSESpecification", "SSEEnabled"})->boolean_value());
  const model::Resource& plain = r.at("Plain");
  EXPECT_EQ(plain.prop("BillingMode")->str(), "PAY_PER_REQUEST");
  EXPECT_EQ(dig(plain.prop("KeySchema")->items()[0], {"AttributeName"})->str(), "id");
  EXPECT_EQ(plain.prop("BillingMode")->loc().line, 11u);
}

TEST(SamResources, LayerGetsAHashedIdAndReferencesFollow) {
  SamResult r = load_sam(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Common:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: s3://b/layer.zip
      CompatibleRuntimes: [python3.12]
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: a.b
      CodeUri: s3://b/k
      Layers: [!Ref Common]
)");
  EXPECT_FALSE(r.has("Common"));
  std::string layer_id;
  for (const auto& res : r.model.resources)
    if (res->type == "AWS::Lambda::LayerVersion") layer_id = res->id;
  ASSERT_EQ(layer_id.size(), std::string("Common").size() + 10);
  EXPECT_EQ(layer_id.rfind("Common", 0), 0u);
  EXPECT_EQ(r.at(layer_id).generated_from, "Common");
  EXPECT_EQ(r.at(layer_id).loc.line, 3u);
  EXPECT_EQ(r.at(layer_id).prop("LayerName")->str(), "Common");
  EXPECT_EQ(dig(r.at(layer_id).properties, {"Content", "S3Key"})->str(), "layer.zip");
  EXPECT_EQ(resource_ref(r.at("Fn").prop("Layers")->items()[0]), layer_id);
  EXPECT_TRUE(r.has_edge("Fn", EdgeKind::Ref, layer_id));
}

TEST(SamResources, StateMachineGetsARoleUnlessGiven) {
  SamResult r = load_sam(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Type: EXPRESS
      Tracing: {Enabled: true}
      Definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}
      Policies:
        - LambdaInvokePolicy: {FunctionName: f}
  Own:
    Type: AWS::Serverless::StateMachine
    Properties:
      Role: arn:aws:iam::123456789012:role/flows
      DefinitionUri: s3://b/flow.json
)");
  const model::Resource& sm = r.at("Flow");
  EXPECT_EQ(sm.type, "AWS::StepFunctions::StateMachine");
  EXPECT_EQ(sm.prop("StateMachineType")->str(), "EXPRESS");
  EXPECT_TRUE(r.has_edge("Flow", EdgeKind::Role, "FlowRole"));
  const model::Resource& role = r.at("FlowRole");
  EXPECT_EQ(dig(role.properties, {"AssumeRolePolicyDocument", "Statement"})->items()[0].get("Principal")
                ->get("Service")->items()[0].str(),
            "states.amazonaws.com");
  EXPECT_EQ(role.prop("ManagedPolicyArns")->items()[0].str(), "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess");
  EXPECT_EQ(dig(role.prop("Policies")->items()[0], {"PolicyName"})->str(), "FlowRolePolicy0");
  EXPECT_FALSE(r.has("OwnRole"));
  EXPECT_EQ(r.at("Own").prop("RoleArn")->str(), "arn:aws:iam::123456789012:role/flows");
  EXPECT_EQ(dig(r.at("Own").properties, {"DefinitionS3Location", "Key"})->str(), "flow.json");
}

TEST(SamResources, StateMachineEventsStartExecutionsThroughTheirOwnRoles) {
  SamResult r = load_sam(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}
      Events:
        Start:
          Type: Api
          Properties: {Path: /start, Method: post}
        Nightly:
          Type: Schedule
          Properties: {Schedule: rate(1 day)}
)");
  const model::Resource& api_role = r.at("FlowStartRole");
  EXPECT_EQ(api_role.generated_from, "Flow");
  EXPECT_EQ(api_role.loc.line, 8u);
  EXPECT_EQ(dig(api_role.prop("Policies")->items()[0], {"PolicyName"})->str(), "FlowStartRoleStartExecutionPolicy");
  const Value* op = dig(r.at("ServerlessRestApi").properties, {"Body", "paths", "/start", "post"});
  ASSERT_TRUE(op);
  EXPECT_EQ(op->loc().line, 8u);
  EXPECT_EQ(resource_ref(*dig(*op, {"x-amazon-apigateway-integration", "credentials"})), "FlowStartRole");
  const model::Resource& rule = r.at("FlowNightly");
  EXPECT_EQ(resource_ref(*dig(rule.prop("Targets")->items()[0], {"RoleArn"})), "FlowNightlyRole");
  EXPECT_TRUE(r.has_edge("Flow", EdgeKind::EventSource, "FlowNightly"));
  EXPECT_FALSE(r.has("FlowStartPermissionProd"));
}

TEST(SamResources, ApplicationsStayAsWritten) {
  SamResult r = load_sam(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Nested:
    Type: AWS::Serverless::Application
    Properties:
      Location: app/template.yaml
)");
  EXPECT_EQ(r.at("Nested").type, "AWS::Serverless::Application");
  EXPECT_TRUE(r.diags.empty());
}

}  // namespace
}  // namespace kl::testing
