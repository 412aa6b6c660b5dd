// SAM functions: the Lambda function, its role and policies, Globals, Function URLs.
#include <gtest/gtest.h>

#include "sam_test_util.h"

namespace kl::testing {
namespace {

using model::EdgeKind;

const char* kFunction = R"(Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Tracing: Active
    Layers: [arn:aws:lambda:us-east-1:1:layer:base:1]
    Environment:
      Variables:
        A: global
        B: global
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      CodeUri: s3://bucket/code.zip
      Layers: [arn:aws:lambda:us-east-1:1:layer:extra:2]
      Environment:
        Variables:
          B: local
      Policies:
        - AmazonS3ReadOnlyAccess
        - S3ReadPolicy:
            BucketName: assets
        - Statement:
            - Effect: Allow
              Action: sqs:SendMessage
              Resource: "*"
      FunctionUrlConfig:
        AuthType: NONE
)";

TEST(SamFunction, KeepsTheUsersIdAndLines) {
  SamResult r = load_sam(kFunction);
  const model::Resource& fn = r.at("Api");
  EXPECT_EQ(fn.type, "AWS::Lambda::Function");
  EXPECT_EQ(fn.generated_from, "");
  EXPECT_EQ(fn.loc.line, 12u);
  EXPECT_FALSE(r.has_diag("")) << "no empty diagnostics";
  const model::Value* handler = fn.prop("Handler");
  ASSERT_TRUE(handler);
  EXPECT_EQ(handler->loc().line, 15u);
  const model::Value* code = fn.prop("Code");
  ASSERT_TRUE(code && code->is_map());
  EXPECT_EQ(dig(*code, {"S3Bucket"})->str(), "bucket");
  EXPECT_EQ(dig(*code, {"S3Key"})->str(), "code.zip");
  EXPECT_EQ(dig(fn.properties, {"TracingConfig", "Mode"})->str(), "Active");
}

TEST(SamFunction, MergesGlobalsAsSamDoes) {
  SamResult r = load_sam(kFunction);
  const model::Resource& fn = r.at("Api");
  // Scalars: the function's own value wins; absent ones come from Globals (Globals' line).
  const model::Value* runtime = fn.prop("Runtime");
  ASSERT_TRUE(runtime);
  EXPECT_EQ(runtime->str(), "python3.12");
  EXPECT_EQ(runtime->loc().line, 4u);
  // Maps merge key by key, the function winning.
  EXPECT_EQ(dig(fn.properties, {"Environment", "Variables", "A"})->str(), "global");
  EXPECT_EQ(dig(fn.properties, {"Environment", "Variables", "B"})->str(), "local");
  // Lists concatenate, Globals first.
  const model::Value* layers = fn.prop("Layers");
  ASSERT_TRUE(layers && layers->is_list());
  ASSERT_EQ(layers->items().size(), 2u);
  EXPECT_EQ(layers->items()[0].str(), "arn:aws:lambda:us-east-1:1:layer:base:1");
  EXPECT_EQ(layers->items()[1].str(), "arn:aws:lambda:us-east-1:1:layer:extra:2");
}

TEST(SamFunction, CreatesTheRoleWithEveryKindOfPolicy) {
  SamResult r = load_sam(kFunction);
  const model::Resource& role = r.at("ApiRole");
  EXPECT_EQ(role.type, "AWS::IAM::Role");
  EXPECT_EQ(role.generated_from, "Api");
  EXPECT_EQ(role.loc.line, 12u);
  EXPECT_TRUE(r.has_edge("Api", EdgeKind::Role, "ApiRole"));
  EXPECT_EQ(resource_ref(*r.at("Api").prop("Role")), "ApiRole");

  const model::Value* managed = role.prop("ManagedPolicyArns");
  ASSERT_TRUE(managed && managed->is_list());
  std::vector<std::string> arns;
  for (const auto& v : managed->items()) arns.push_back(v.str());
  std::vector<std::string> want = {"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                                   "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
                                   "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"};
  EXPECT_EQ(arns, want);

  const model::Value* policies = role.prop("Policies");
  ASSERT_TRUE(policies && policies->is_list());
  ASSERT_EQ(policies->items().size(), 2u);
  // A SAM policy template: named by its index, recorded by name and parameters.
  const model::Value& tmpl = policies->items()[0];
  EXPECT_EQ(dig(tmpl, {"PolicyName"})->str(), "ApiRolePolicy1");
  EXPECT_TRUE(dig(tmpl, {"PolicyDocument"})->is_unknown());
  EXPECT_EQ(dig(tmpl, {"SamPolicyTemplate", "Name"})->str(), "S3ReadPolicy");
  EXPECT_EQ(dig(tmpl, {"SamPolicyTemplate", "Parameters", "BucketName"})->str(), "assets");
  EXPECT_EQ(tmpl.loc().line, 23u);
  // An inline document, kept as written.
  const model::Value& doc = policies->items()[1];
  EXPECT_EQ(dig(doc, {"PolicyName"})->str(), "ApiRolePolicy2");
  const model::Value* stmts = dig(doc, {"PolicyDocument", "Statement"});
  ASSERT_TRUE(stmts && stmts->is_list() && stmts->items().size() == 1);
  EXPECT_EQ(dig(stmts->items()[0], {"Action"})->str(), "sqs:SendMessage");
  EXPECT_EQ(dig(stmts->items()[0], {"Action"})->loc().line, 27u);
}

TEST(SamFunction, FunctionUrlCarriesTheAuthTypeLine) {
  SamResult r = load_sam(kFunction);
  const model::Resource& url = r.at("ApiUrl");
  EXPECT_EQ(url.type, "AWS::Lambda::Url");
  EXPECT_EQ(url.generated_from, "Api");
  EXPECT_EQ(url.loc.line, 29u);
  const model::Value* auth = url.prop("AuthType");
  ASSERT_TRUE(auth);
  EXPECT_EQ(auth->str(), "NONE");
  EXPECT_EQ(auth->loc().line, 30u);
  EXPECT_EQ(resource_ref(*url.prop("TargetFunctionArn")), "Api");
  EXPECT_TRUE(r.has_edge("ApiUrl", EdgeKind::Ref, "Api"));
  const model::Resource& perm = r.at("ApiUrlPublicPermissions");
  EXPECT_EQ(perm.type, "AWS::Lambda::Permission");
  EXPECT_EQ(perm.prop("Principal")->str(), "*");
  EXPECT_EQ(perm.loc.line, 30u);
  EXPECT_TRUE(r.has("ApiURLInvokeAllowPublicAccess"));
}

TEST(SamFunction, GivenRoleMeansNoGeneratedRole) {
  SamResult r = load_sam(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: "exports.handler = async () => 1"
      Role: !GetAtt Shared.Arn
      Tracing: Disabled
      FunctionUrlConfig:
        AuthType: AWS_IAM
  Shared:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
)");
  EXPECT_FALSE(r.has("FnRole"));
  EXPECT_TRUE(r.has_edge("Fn", EdgeKind::Role, "Shared"));
  EXPECT_EQ(dig(r.at("Fn").properties, {"Code", "ZipFile"})->str(), "exports.handler = async () => 1");
  EXPECT_TRUE(r.has("FnUrl"));
  EXPECT_FALSE(r.has("FnUrlPublicPermissions"));
}

TEST(SamFunction, TracingOtherThanDisabledAddsXray) {
  SamResult r = load_sam(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, Handler: a.b, CodeUri: s3://b/k, Tracing: PassThrough, Policies: AWSLambdaExecute}
  Off:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, Handler: a.b, CodeUri: s3://b/k, Tracing: Disabled}
)");
  auto has_xray = [&](const std::string& id) {
    for (const auto& v : r.at(id).prop("ManagedPolicyArns")->items())
      if (v.str() == "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess") return true;
    return false;
  };
  EXPECT_TRUE(has_xray("FnRole"));
  EXPECT_FALSE(has_xray("OffRole"));
  EXPECT_EQ(r.at("FnRole").prop("ManagedPolicyArns")->items().back().str(),
            "arn:aws:iam::aws:policy/AWSLambdaExecute");
}

TEST(SamFunction, ConditionAndFnIfCarryOver) {
  SamResult r = load_sam(R"(Transform: AWS::Serverless-2016-10-31
Parameters:
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Condition: IsProd
    Properties:
      Runtime: python3.12
      Handler: a.b
      CodeUri: s3://b/k
      FunctionUrlConfig:
        AuthType: !If [IsProd, NONE, AWS_IAM]
)");
  EXPECT_EQ(r.at("Fn").condition, "IsProd");
  EXPECT_EQ(r.at("FnRole").condition, "IsProd");
  EXPECT_EQ(r.at("FnUrl").condition, "IsProd");
  EXPECT_TRUE(r.at("FnUrl").prop("AuthType")->is_either());
  // The translator adds the public permissions only for a literal NONE.
  EXPECT_FALSE(r.has("FnUrlPublicPermissions"));
}

TEST(SamFunction, WrongTypesGiveDiagnosticsNotCrashes) {
  SamResult r = load_sam(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events: 42
      Policies: 7
      FunctionUrlConfig: [NONE]
  Empty:
    Type: AWS::Serverless::Function
    Properties: []
  Odd:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        A: 5
        B: {Type: [Api]}
        C: {Type: Nope}
        D: {Type: Api, Properties: {Path: /x}}
)");
  EXPECT_TRUE(r.has("Fn"));
  EXPECT_TRUE(r.has("FnRole"));
  EXPECT_FALSE(r.has("FnUrl"));
  EXPECT_TRUE(r.has("Empty"));
  EXPECT_TRUE(r.has("EmptyRole"));
  EXPECT_TRUE(r.has_diag("'Events' of 'Fn' must be a map, not a number"));
  EXPECT_TRUE(r.has_diag("'Policies' of 'Fn' must be a list, a map or a name, not a number"));
  EXPECT_TRUE(r.has_diag("'FunctionUrlConfig' of 'Fn' must be a map, not a list"));
  EXPECT_TRUE(r.has_diag("event 'A' of 'Odd' must be a map"));
  EXPECT_TRUE(r.has_diag("event 'B' of 'Odd' has no 'Type' string"));
  EXPECT_TRUE(r.has_diag("event type 'Nope' of 'Odd' is not expanded yet"));
  EXPECT_TRUE(r.has_diag("event 'D' of 'Odd' needs a known 'Path' and 'Method'"));
  EXPECT_FALSE(r.has("ServerlessRestApi"));
}

}  // namespace
}  // namespace kl::testing
