// Serverless Framework -> Model: detection, generated logical ids and types, locations,
// generated_from, edges, provider settings, resources, and malformed input.
#include <gtest/gtest.h>

#include "load/json_reader.h"
#include "load/yaml_reader.h"
#include "rules/rule.h"
#include "serverless/loader.h"
#include "serverless/naming.h"

namespace kl::serverless {
namespace {

using model::Value;

struct Loaded {
  model::Model model;
  model::Diagnostics diags;
  bool has(const std::string& id) const { return model.find(id) != nullptr; }
  const model::Resource& res(const std::string& id) const {
    const model::Resource* r = model.find(id);
    if (!r) {
      ADD_FAILURE() << "no resource '" << id << "'";
      static const model::Resource none;
      return none;
    }
    return *r;
  }
  std::string errors() const {
    std::string s;
    for (const auto& d : diags)
      if (d.level == model::DiagLevel::Error) s += d.str() + "\n";
    return s;
  }
  bool said(const std::string& text) const {
    for (const auto& d : diags)
      if (d.message.find(text) != std::string::npos) return true;
    return false;
  }
};

Loaded load_yaml(const std::string& yaml, std::map<std::string, std::string> options = {}) {
  Loaded l;
  const std::string path = "/app/serverless.yml";
  auto doc = load::parse_yaml(yaml, model::intern_file(path), l.diags);
  EXPECT_TRUE(doc.has_value());
  if (!doc) return l;
  EXPECT_TRUE(looks_like_serverless(path, *doc));
  LoadOptions opts;
  opts.options = std::move(options);
  opts.reader = [](const std::string&, std::string& why) -> std::optional<IncludedFile> {
    why = "no such file";
    return std::nullopt;
  };
  l.model = load(std::move(*doc), path, opts, l.diags);
  return l;
}

const Value* prop(const model::Resource& r, std::initializer_list<const char*> path) {
  const Value* cur = &r.properties;
  for (const char* k : path) {
    if (!cur) return nullptr;
    cur = cur->get(k);
  }
  return cur;
}

bool has_edge(const model::Resource& r, model::EdgeKind kind, const std::string& target) {
  for (const auto& e : r.edges)
    if (e.kind == kind && e.target == target) return true;
  return false;
}

TEST(ServerlessDetection, NeedsTheFileNameAndServiceAndProvider) {
  model::Diagnostics d;
  auto doc = load::parse_yaml("service: a\nprovider: {name: aws}\n", model::intern_file("x"), d);
  ASSERT_TRUE(doc);
  EXPECT_TRUE(looks_like_serverless("dir/serverless.yml", *doc));
  EXPECT_TRUE(looks_like_serverless("serverless.yaml", *doc));
  EXPECT_TRUE(looks_like_serverless("/a/serverless.json", *doc));
  EXPECT_FALSE(looks_like_serverless("dir/template.yml", *doc));
  EXPECT_FALSE(looks_like_serverless("dir/my-serverless.yml", *doc));
  auto no_provider = load::parse_yaml("service: a\nfunctions: {}\n", model::intern_file("x"), d);
  EXPECT_FALSE(looks_like_serverless("serverless.yml", *no_provider));
  auto list = load::parse_yaml("- service\n", model::intern_file("x"), d);
  EXPECT_FALSE(looks_like_serverless("serverless.yml", *list));
}

TEST(ServerlessNaming, MatchesTheFrameworksLogicalIds) {
  EXPECT_EQ(naming::lambda("hello"), "HelloLambdaFunction");
  EXPECT_EQ(naming::lambda("get-user_by-id"), "GetDashuserUnderscorebyDashidLambdaFunction");
  EXPECT_EQ(naming::log_group("hello"), "HelloLogGroup");
  EXPECT_EQ(naming::function_url("hello"), "HelloLambdaFunctionUrl");
  EXPECT_EQ(naming::function_url_permission("hello"), "HelloLambdaPermissionFnUrl");
  EXPECT_EQ(naming::rest_method("users/{userId}", "get"), "ApiGatewayMethodUsersUseridVarGet");
  EXPECT_EQ(naming::rest_method("", "post"), "ApiGatewayMethodPost");
  EXPECT_EQ(naming::rest_method("user-list/{proxy+}", "ANY"), "ApiGatewayMethodUserDashlistProxyVarAny");
  EXPECT_EQ(naming::rest_resource("users/{id}"), "ApiGatewayResourceUsersIdVar");
  EXPECT_EQ(naming::http_api_route("GET /profile/{userId}"), "HttpApiRouteGetProfileUseridVar");
  EXPECT_EQ(naming::http_api_route("*"), "HttpApiRouteDefault");
  EXPECT_EQ(naming::http_api_authorizer("cognitoJwt"), "HttpApiAuthorizerCognitoJwt");
  EXPECT_EQ(naming::rest_authorizer("auth"), "AuthApiGatewayAuthorizer");
  EXPECT_EQ(naming::s3_bucket("my-photos.bucket"), "S3BucketMyphotosbucket");
  EXPECT_EQ(naming::sqs_mapping("worker", "jobs-queue"), "WorkerEventSourceMappingSQSJobsqueue");
  EXPECT_EQ(naming::schedule_rule("cron", 2), "CronEventsRuleSchedule2");
}

const char* kRestApp = R"(service: shop
provider:
  name: aws
  runtime: nodejs18.x
  stage: ${opt:stage, 'dev'}
  environment:
    SHARED: one
    OVERRIDDEN: provider
  tracing:
    lambda: true
    apiGateway: true
  logs:
    restApi: true
  apiGateway:
    apiKeys:
      - partnerKey
    resourcePolicy:
      - Effect: Allow
        Principal: "*"
        Action: execute-api:Invoke
        Resource: execute-api:/*
  iam:
    role:
      statements:
        - Effect: Allow
          Action: s3:GetObject
          Resource: arn:aws:s3:::shop-assets/*
      managedPolicies:
        - arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess
functions:
  hello:
    handler: handler.hello
    reservedConcurrency: 10
    environment:
      OVERRIDDEN: function
    events:
      - http:
          path: /users/{userId}
          method: get
          authorizer:
            name: poolAuth
            type: COGNITO_USER_POOLS
            arn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc
      - http:
          path: public
          method: post
          cors: true
      - http:
          path: keys
          method: get
          private: true
      - http:
          path: signed
          method: get
          authorizer: aws_iam
      - http:
          path: custom
          method: get
          authorizer: auth
  auth:
    handler: handler.auth
)";

TEST(ServerlessLoader, FunctionsRoleAndLogGroups) {
  Loaded l = load_yaml(kRestApp);
  EXPECT_EQ(l.errors(), "");
  EXPECT_EQ(l.model.source, model::SourceKind::Serverless);
  const model::Resource& fn = l.res("HelloLambdaFunction");
  EXPECT_EQ(fn.type, "AWS::Lambda::Function");
  EXPECT_EQ(fn.generated_from, "hello");
  EXPECT_EQ(fn.loc.line, 31u);
  EXPECT_EQ(prop(fn, {"FunctionName"})->str(), "shop-dev-hello");
  EXPECT_EQ(prop(fn, {"Runtime"})->str(), "nodejs18.x");
  EXPECT_EQ(prop(fn, {"Runtime"})->loc().line, 4u);  // provider.runtime's line
  EXPECT_EQ(prop(fn, {"Environment", "Variables", "SHARED"})->str(), "one");
  EXPECT_EQ(prop(fn, {"Environment", "Variables", "OVERRIDDEN"})->str(), "function");
  EXPECT_EQ(prop(fn, {"Environment", "Variables", "OVERRIDDEN"})->loc().line, 35u);
  EXPECT_EQ(prop(fn, {"TracingConfig", "Mode"})->str(), "Active");
  EXPECT_EQ(prop(fn, {"ReservedConcurrentExecutions"})->number_value(), 10);
  EXPECT_EQ(prop(fn, {"ReservedConcurrentExecutions"})->loc().line, 33u);
  EXPECT_EQ(model::resource_ref(*prop(fn, {"Role"})), "IamRoleLambdaExecution");
  EXPECT_TRUE(has_edge(fn, model::EdgeKind::Role, "IamRoleLambdaExecution"));
  EXPECT_TRUE(has_edge(fn, model::EdgeKind::EventSource, "ApiGatewayMethodUsersUseridVarGet"));

  const model::Resource& role = l.res("IamRoleLambdaExecution");
  EXPECT_EQ(role.type, "AWS::IAM::Role");
  EXPECT_EQ(role.loc.line, 22u);  // provider.iam
  const Value* stmts = prop(role, {"Policies"});
  ASSERT_TRUE(stmts && stmts->is_list() && !stmts->items().empty());
  const Value* st = stmts->items()[0].get("PolicyDocument")->get("Statement");
  bool user_stmt = false, xray = false;
  for (const Value& s : st->items()) {
    if (s.get("Action") && s.get("Action")->is_string() && s.get("Action")->str() == "s3:GetObject") {
      user_stmt = true;
      EXPECT_EQ(s.loc().line, 25u);
    }
    if (s.get("Action") && s.get("Action")->is_list() && s.get("Action")->items()[0].str() == "xray:PutTraceSegments")
      xray = true;
  }
  EXPECT_TRUE(user_stmt);
  EXPECT_TRUE(xray);
  EXPECT_EQ(prop(role, {"ManagedPolicyArns"})->items()[0].str(), "arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess");

  EXPECT_EQ(l.res("HelloLogGroup").type, "AWS::Logs::LogGroup");
  EXPECT_EQ(prop(l.res("HelloLogGroup"), {"LogGroupName"})->str(), "/aws/lambda/shop-dev-hello");
  EXPECT_EQ(l.res("AuthLambdaFunction").generated_from, "auth");
}

TEST(ServerlessLoader, RestApiMethodsAuthorizationAndStage) {
  Loaded l = load_yaml(kRestApp, {{"stage", "prod"}});
  EXPECT_EQ(l.errors(), "");
  const model::Resource& api = l.res("ApiGatewayRestApi");
  EXPECT_EQ(api.type, "AWS::ApiGateway::RestApi");
  EXPECT_EQ(prop(api, {"Name"})->str(), "prod-shop");
  ASSERT_TRUE(prop(api, {"Policy", "Statement"}));
  EXPECT_EQ(prop(api, {"Policy", "Statement"})->loc().line, 18u);

  const model::Resource& cog = l.res("ApiGatewayMethodUsersUseridVarGet");
  EXPECT_EQ(cog.type, "AWS::ApiGateway::Method");
  EXPECT_EQ(cog.generated_from, "hello");
  EXPECT_EQ(cog.loc.line, 37u);  // the `- http:` line
  EXPECT_EQ(prop(cog, {"HttpMethod"})->str(), "GET");
  EXPECT_EQ(prop(cog, {"AuthorizationType"})->str(), "COGNITO_USER_POOLS");
  EXPECT_EQ(prop(cog, {"AuthorizationType"})->loc().line, 40u);  // the `authorizer:` line
  EXPECT_EQ(model::resource_ref(*prop(cog, {"AuthorizerId"})), "PoolAuthApiGatewayAuthorizer");
  EXPECT_TRUE(has_edge(cog, model::EdgeKind::Authorizer, "PoolAuthApiGatewayAuthorizer"));
  const model::Resource& authz = l.res("PoolAuthApiGatewayAuthorizer");
  EXPECT_EQ(authz.type, "AWS::ApiGateway::Authorizer");
  EXPECT_EQ(prop(authz, {"Type"})->str(), "COGNITO_USER_POOLS");
  EXPECT_EQ(authz.generated_from, "poolAuth");

  const model::Resource& pub = l.res("ApiGatewayMethodPublicPost");
  EXPECT_EQ(prop(pub, {"AuthorizationType"})->str(), "NONE");
  EXPECT_EQ(prop(pub, {"AuthorizationType"})->loc().line, 44u);
  EXPECT_EQ(prop(pub, {"ApiKeyRequired"})->boolean_value(), false);
  const model::Resource& options = l.res("ApiGatewayMethodPublicOptions");
  EXPECT_EQ(prop(options, {"HttpMethod"})->str(), "OPTIONS");
  EXPECT_EQ(options.loc.line, 47u);  // the `cors:` line

  const model::Resource& keys = l.res("ApiGatewayMethodKeysGet");
  EXPECT_TRUE(prop(keys, {"ApiKeyRequired"})->boolean_value());
  EXPECT_EQ(prop(keys, {"ApiKeyRequired"})->loc().line, 51u);  // the `private:` line
  EXPECT_EQ(prop(l.res("ApiGatewayMethodSignedGet"), {"AuthorizationType"})->str(), "AWS_IAM");
  const model::Resource& custom = l.res("ApiGatewayMethodCustomGet");
  EXPECT_EQ(prop(custom, {"AuthorizationType"})->str(), "CUSTOM");
  EXPECT_EQ(prop(l.res("AuthApiGatewayAuthorizer"), {"Type"})->str(), "TOKEN");

  EXPECT_EQ(l.res("ApiGatewayResourceUsersUseridVar").type, "AWS::ApiGateway::Resource");
  EXPECT_EQ(l.res("ApiGatewayDeployment").type, "AWS::ApiGateway::Deployment");
  const model::Resource& stage = l.res("ApiGatewayStage");
  EXPECT_EQ(prop(stage, {"StageName"})->str(), "prod");
  EXPECT_TRUE(prop(stage, {"TracingEnabled"})->boolean_value());
  EXPECT_EQ(prop(stage, {"TracingEnabled"})->loc().line, 11u);
  EXPECT_EQ(model::resource_ref(*prop(stage, {"AccessLogSetting", "DestinationArn"})), "ApiGatewayLogGroup");
  EXPECT_EQ(l.res("ApiGatewayApiKey1").type, "AWS::ApiGateway::ApiKey");
  EXPECT_EQ(l.res("ApiGatewayUsagePlan").type, "AWS::ApiGateway::UsagePlan");
  EXPECT_EQ(l.res("HelloLambdaPermissionApiGateway").type, "AWS::Lambda::Permission");
}

TEST(ServerlessLoader, HttpApiRoutesAndAuthorizers) {
  Loaded l = load_yaml(R"(service: profiles
provider:
  name: aws
  httpApi:
    authorizers:
      jwtAuth:
        issuerUrl: https://cognito-idp.us-east-1.amazonaws.com/pool
        audience: client
      lambdaAuth:
        type: request
        functionName: authorizer
functions:
  api:
    handler: api.main
    events:
      - httpApi: GET /open
      - httpApi:
          method: put
          path: /profile/{id}
          authorizer:
            name: jwtAuth
            scopes: [profile/write]
      - httpApi:
          path: /custom
          method: '*'
          authorizer: lambdaAuth
      - httpApi:
          method: GET
          path: /iam
          authorizer:
            type: aws_iam
      - httpApi:
          method: GET
          path: /ghost
          authorizer: notDefined
      - httpApi: '*'
  authorizer:
    handler: auth.main
)");
  const model::Resource& open = l.res("HttpApiRouteGetOpen");
  EXPECT_EQ(open.type, "AWS::ApiGatewayV2::Route");
  EXPECT_EQ(open.loc.line, 16u);
  EXPECT_EQ(open.generated_from, "api");
  EXPECT_EQ(prop(open, {"AuthorizationType"})->str(), "NONE");
  EXPECT_EQ(prop(open, {"RouteKey"})->str(), "GET /open");
  const model::Resource& jwt = l.res("HttpApiRoutePutProfileIdVar");
  EXPECT_EQ(prop(jwt, {"AuthorizationType"})->str(), "JWT");
  EXPECT_EQ(prop(jwt, {"AuthorizationType"})->loc().line, 20u);
  EXPECT_EQ(model::resource_ref(*prop(jwt, {"AuthorizerId"})), "HttpApiAuthorizerJwtAuth");
  EXPECT_TRUE(has_edge(jwt, model::EdgeKind::Authorizer, "HttpApiAuthorizerJwtAuth"));
  EXPECT_EQ(prop(l.res("HttpApiRouteAnyCustom"), {"AuthorizationType"})->str(), "CUSTOM");
  EXPECT_EQ(prop(l.res("HttpApiRouteGetIam"), {"AuthorizationType"})->str(), "AWS_IAM");
  const Value* ghost = prop(l.res("HttpApiRouteGetGhost"), {"AuthorizationType"});
  EXPECT_TRUE(ghost->is_unknown());  // never silently safe
  EXPECT_TRUE(l.said("'notDefined' is not defined"));
  EXPECT_EQ(prop(l.res("HttpApiRouteDefault"), {"RouteKey"})->str(), "$default");
  EXPECT_EQ(l.res("HttpApi").type, "AWS::ApiGatewayV2::Api");
  EXPECT_EQ(prop(l.res("HttpApiStage"), {"StageName"})->str(), "$default");
  EXPECT_EQ(prop(l.res("HttpApiAuthorizerJwtAuth"), {"AuthorizerType"})->str(), "JWT");
  EXPECT_EQ(prop(l.res("HttpApiAuthorizerLambdaAuth"), {"AuthorizerType"})->str(), "REQUEST");
  EXPECT_EQ(l.res("HttpApiIntegrationApi").type, "AWS::ApiGatewayV2::Integration");
}

TEST(ServerlessLoader, FunctionUrlsAndTheRule) {
  Loaded l = load_yaml(R"(service: hooks
provider:
  name: aws
functions:
  open:
    handler: a.h
    url: true
  signed:
    handler: b.h
    url:
      authorizer: aws_iam
)");
  const model::Resource& open = l.res("OpenLambdaFunctionUrl");
  EXPECT_EQ(open.type, "AWS::Lambda::Url");
  EXPECT_EQ(open.loc.line, 7u);
  EXPECT_EQ(open.generated_from, "open");
  EXPECT_EQ(prop(open, {"AuthType"})->str(), "NONE");
  EXPECT_EQ(model::resource_ref(*prop(open, {"TargetFunctionArn"})), "OpenLambdaFunction");
  EXPECT_EQ(prop(l.res("OpenLambdaPermissionFnUrl"), {"Principal"})->str(), "*");
  const model::Resource& iam = l.res("SignedLambdaFunctionUrl");
  EXPECT_EQ(prop(iam, {"AuthType"})->str(), "AWS_IAM");
  EXPECT_EQ(prop(iam, {"AuthType"})->loc().line, 11u);
  EXPECT_FALSE(l.has("SignedLambdaPermissionFnUrl"));

  std::vector<rules::Finding> findings;
  for (auto& f : rules::run_rules(l.model))
    if (f.rule == "KL-LAM-001") findings.push_back(f);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "KL-LAM-001");
  EXPECT_EQ(findings[0].loc.line, 7u);
}

TEST(ServerlessLoader, EventSourcesGenerateMappingsBucketsAndRules) {
  Loaded l = load_yaml(R"(service: jobs
provider:
  name: aws
functions:
  worker:
    handler: w.h
    events:
      - sqs:
          arn: !GetAtt JobsQueue.Arn
          batchSize: 5
      - sqs: arn:aws:sqs:us-east-1:123456789012:legacy-queue
      - s3:
          bucket: jobs-uploads
          event: s3:ObjectCreated:Put
      - schedule: rate(5 minutes)
      - stream: arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.000
resources:
  Resources:
    JobsQueue:
      Type: AWS::SQS::Queue
)");
  EXPECT_EQ(l.errors(), "");
  const model::Resource& esm = l.res("WorkerEventSourceMappingSQSJobsQueue");
  EXPECT_EQ(esm.type, "AWS::Lambda::EventSourceMapping");
  EXPECT_EQ(esm.loc.line, 8u);
  EXPECT_EQ(model::resource_ref(*prop(esm, {"EventSourceArn"})), "JobsQueue");
  EXPECT_TRUE(l.has("WorkerEventSourceMappingSQSLegacyqueue"));
  const model::Resource& bucket = l.res("S3BucketJobsuploads");
  EXPECT_EQ(bucket.type, "AWS::S3::Bucket");
  EXPECT_EQ(prop(bucket, {"BucketName"})->str(), "jobs-uploads");
  EXPECT_TRUE(l.has("WorkerLambdaPermissionJobsuploadsS3"));
  EXPECT_EQ(prop(l.res("WorkerEventsRuleSchedule1"), {"ScheduleExpression"})->str(), "rate(5 minutes)");
  EXPECT_TRUE(l.has("WorkerLambdaPermissionEventsRuleSchedule1"));
  EXPECT_TRUE(l.has("WorkerEventSourceMappingDynamodbOrders"));
  const model::Resource& fn = l.res("WorkerLambdaFunction");
  EXPECT_TRUE(has_edge(fn, model::EdgeKind::EventSource, "S3BucketJobsuploads"));
  EXPECT_TRUE(has_edge(fn, model::EdgeKind::EventSource, "WorkerEventsRuleSchedule1"));
  // The role may read the queues it polls.
  std::string role = l.res("IamRoleLambdaExecution").properties.debug();
  EXPECT_NE(role.find("sqs:ReceiveMessage"), std::string::npos);
  EXPECT_NE(role.find("dynamodb:GetRecords"), std::string::npos);
}

// `bucket: !Ref B` with `existing: true` is valid Serverless (found in aws-samples'
// serverless-patterns): no error, no generated bucket; without `existing` a warning.
TEST(ServerlessLoader, S3EventOnAnExistingBucketGivenByAnIntrinsic) {
  const std::string head = R"(service: probe
provider:
  name: aws
  runtime: python3.12
functions:
  f:
    handler: h.h
    events:
      - s3:
          bucket: !Ref B
          event: s3:ObjectCreated:*
)";
  const std::string tail = R"(resources:
  Resources:
    B:
      Type: AWS::S3::Bucket
)";
  Loaded ok = load_yaml(head + "          existing: true\n" + tail);
  EXPECT_EQ(ok.errors(), "");
  EXPECT_FALSE(ok.said("needs 'existing: true'"));
  EXPECT_TRUE(ok.has("B"));
  Loaded warned = load_yaml(head + tail);
  EXPECT_EQ(warned.errors(), "");
  EXPECT_TRUE(warned.said("needs 'existing: true'"));
}

TEST(ServerlessLoader, ResourcesAreCloudFormationAndMayOverride) {
  Loaded l = load_yaml(R"(service: data
provider:
  name: aws
  stage: qa
custom:
  table: ${self:service}-${sls:stage}-items
functions:
  reader:
    handler: r.h
    role: ReaderRole
    environment:
      TABLE: !Ref ItemsTable
resources:
  Resources:
    ItemsTable:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: ${self:custom.table}
    ReaderRole:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument: {}
    ReaderLambdaFunction:
      Properties:
        MemorySize: 2048
  Outputs:
    TableName:
      Value: !Ref ItemsTable
)");
  EXPECT_EQ(l.errors(), "");
  EXPECT_EQ(prop(l.res("ItemsTable"), {"TableName"})->str(), "data-qa-items");
  EXPECT_EQ(l.res("ItemsTable").generated_from, "");
  const model::Resource& fn = l.res("ReaderLambdaFunction");
  EXPECT_EQ(model::resource_ref(*prop(fn, {"Environment", "Variables", "TABLE"})), "ItemsTable");
  EXPECT_EQ(model::resource_ref(*prop(fn, {"Role"})), "ReaderRole");
  EXPECT_TRUE(has_edge(fn, model::EdgeKind::Role, "ReaderRole"));
  EXPECT_EQ(prop(fn, {"MemorySize"})->number_value(), 2048);  // the override wins
  EXPECT_EQ(prop(fn, {"Handler"})->str(), "r.h");             // ...and keeps the rest
  EXPECT_FALSE(l.has("IamRoleLambdaExecution"));              // every function has a role
  EXPECT_FALSE(l.has("TableName"));                           // Outputs are ignored
}

TEST(ServerlessLoader, MalformedInputIsDiagnosedNeverFatal) {
  struct Case {
    const char* yaml;
    const char* says;
  } cases[] = {
      {"service: a\nprovider: {name: aws}\nfunctions: 42\n", "'functions' must be a map, not a number"},
      {"service: a\nprovider: {name: aws}\nfunctions:\n  f:\n    handler: h\n    events: x\n",
       "'events' of 'f' must be a list, not a string"},
      {"service: a\nprovider: []\nfunctions:\n  f: {handler: h, url: true}\n", "'provider' must be a map, not a list"},
      {"service: a\nprovider: {name: aws}\nfunctions:\n  f:\n    handler: h\n    url: ${self:custom.x\n",
       "unterminated variable"},
      {"service: a\nprovider: {name: aws}\nfunctions:\n  f: 7\n", "function 'f' must be a map"},
      {"service: a\nprovider: {name: aws}\nfunctions:\n  f:\n    events:\n      - http: 42\n      - 5\n"
       "      - httpApi: GET\n      - sqs: {}\n",
       "http event '42' needs a method and a path"},
      {"service: a\nprovider: {name: aws, environment: [1]}\nfunctions:\n  f: {handler: h}\n",
       "'environment' must be a map"},
      {"service: a\nprovider: {name: aws, iam: {role: {statements: 5}}}\nfunctions:\n  f: {handler: h}\n",
       "role statements must be a list"},
      {"service: a\nprovider: {name: aws}\nfunctions:\n  f:\n    url: {authorizer: 42}\n", "url authorizer"},
      {"service: a\nprovider: {name: aws}\nresources: 5\n", "'resources' must be a map"},
      {"service: a\nprovider: {name: aws}\nresources:\n  Resources:\n    X: 5\n", "resource 'X' must be a map"},
      {"service: a\nprovider: {name: aws}\nfunctions:\n  f:\n    events:\n      - http:\n          path: x\n"
       "          method: get\n          authorizer: [1]\n",
       "'authorizer' must be a string or a map"},
  };
  for (const Case& c : cases) {
    Loaded l = load_yaml(c.yaml);
    EXPECT_TRUE(l.said(c.says)) << c.yaml << "\n-- got:\n" << [&] {
      std::string s;
      for (const auto& d : l.diags) s += d.str() + "\n";
      return s;
    }();
    for (const auto& d : l.diags) EXPECT_TRUE(d.loc.line > 0) << d.str();
    rules::run_rules(l.model);  // rules must cope with whatever was loaded
  }
}

TEST(ServerlessLoader, UnknownUrlIsUnknownNotSafe) {
  Loaded l = load_yaml("service: a\nprovider: {name: aws}\nfunctions:\n  f:\n    handler: h\n    url: ${env:URL}\n");
  const Value* auth = prop(l.res("FLambdaFunctionUrl"), {"AuthType"});
  ASSERT_TRUE(auth);
  EXPECT_TRUE(auth->is_unknown());
}

TEST(ServerlessLoader, ReadsServerlessJson) {
  model::Diagnostics d;
  std::string json = R"({
  "service": "j",
  "provider": {"name": "aws", "runtime": "python3.12"},
  "functions": {"f": {"handler": "h", "url": true}}
})";
  auto doc = load::parse_json(json, model::intern_file("/j/serverless.json"), d);
  ASSERT_TRUE(doc);
  ASSERT_TRUE(looks_like_serverless("/j/serverless.json", *doc));
  model::Model m = load(std::move(*doc), "/j/serverless.json", {}, d);
  const model::Resource* url = m.find("FLambdaFunctionUrl");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->loc.line, 4u);
}

TEST(ServerlessLoader, OtherProvidersAreSkipped) {
  Loaded l = load_yaml("service: a\nprovider: {name: azure}\nfunctions:\n  f: {handler: h}\n");
  EXPECT_TRUE(l.model.resources.empty());
  EXPECT_TRUE(l.said("provider 'azure' is not 'aws'"));
}

}  // namespace
}  // namespace kl::serverless
