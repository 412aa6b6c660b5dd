// The SAM expansion never crashes on wrong types: every property it reads is set, in turn,
// to a number, a list, a string, null, a map and an Fn::If on an unknown condition.
#include <gtest/gtest.h>

#include "sam_test_util.h"

namespace kl::testing {
namespace {

struct Shape {
  const char* type;
  const char* base;  // properties every variant keeps
  std::vector<const char*> keys;
};

const std::vector<Shape>& shapes() {
  static const std::vector<Shape> s = {
      {"AWS::Serverless::Function", "Runtime: python3.12\n      Handler: a.b\n      CodeUri: s3://b/k\n",
       {"Events", "Policies", "FunctionUrlConfig", "Environment", "Tracing", "Role", "CodeUri",
        "InlineCode", "Layers", "VpcConfig", "AutoPublishAlias", "DeadLetterQueue", "Tags",
        "AssumeRolePolicyDocument", "PermissionsBoundary"}},
      {"AWS::Serverless::Api", "StageName: prod\n",
       {"Auth", "DefinitionBody", "DefinitionUri", "StageName", "Domain", "EndpointConfiguration",
        "MethodSettings", "Cors", "Tags", "MergeDefinitions"}},
      {"AWS::Serverless::HttpApi", "StageName: v1\n",
       {"Auth", "DefinitionBody", "StageName", "Domain", "DefaultRouteSettings", "Tags"}},
      {"AWS::Serverless::SimpleTable", "TableName: t\n", {"PrimaryKey", "Tags", "ProvisionedThroughput"}},
      {"AWS::Serverless::LayerVersion", "LayerName: l\n", {"ContentUri", "LayerName"}},
      {"AWS::Serverless::StateMachine", "Type: STANDARD\n", {"Policies", "Role", "Tracing", "Events", "DefinitionUri"}},
  };
  return s;
}

const std::vector<const char*>& wrong_values() {
  static const std::vector<const char*> v = {
      "42", "[]", "[1, [2], {a: b}]", "text", "null", "{}", "{Type: 5, Properties: 6}",
      "!If [Unknown, NONE, [x]]", "!Ref NoDefault", "{x: {Type: Api, Properties: {Path: 5, Method: []}}}",
      "{x: {Type: HttpApi, Properties: {ApiId: 7}}}", "{x: {Type: S3, Properties: {Bucket: 1}}}",
      "{Authorizers: {A: 1}, DefaultAuthorizer: [A], ResourcePolicy: {IpRangeWhitelist: 3}}",
      "{DomainName: 1, BasePath: {a: 1}}", "{Name: [1], Type: {a: b}}"};
  return v;
}

TEST(SamRobustness, WrongTypesEverywhereDoNotCrash) {
  size_t loaded = 0;
  for (const Shape& shape : shapes()) {
    for (const char* key : shape.keys) {
      for (const char* value : wrong_values()) {
        std::string text = std::string("Transform: AWS::Serverless-2016-10-31\n") +
                           "Parameters:\n  NoDefault: {Type: String}\n" +
                           "Conditions:\n  Unknown: !Equals [!Ref NoDefault, x]\n" +
                           "Globals:\n  Function: {Events: 5, Layers: [a]}\n  Api: {Auth: 3}\n" +
                           "Resources:\n  Subject:\n    Type: " + shape.type + "\n    Properties:\n      " +
                           shape.base + "      " + key + ": " + value + "\n" +
                           "  Other:\n    Type: AWS::Serverless::Function\n    Properties:\n" +
                           "      Events: {E: {Type: Api, Properties: {RestApiId: !Ref Subject, Path: /p, Method: get}}}\n";
        SamResult r = load_sam(text);
        ASSERT_FALSE(r.model.resources.empty()) << shape.type << " " << key << ": " << value;
        ++loaded;
      }
    }
  }
  EXPECT_GT(loaded, 400u);
}

}  // namespace
}  // namespace kl::testing
