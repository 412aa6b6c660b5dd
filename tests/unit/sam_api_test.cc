// SAM REST APIs: the implicit ServerlessRestApi and AWS::Serverless::Api, their OpenAPI
// bodies (routes at the event's line, security as the translator computes it), stages,
// permissions, authorizers and resource policies.
#include <gtest/gtest.h>

#include "sam_test_util.h"

namespace kl::testing {
namespace {

using model::EdgeKind;
using model::Value;

/// The names in an operation's security requirements, in order ("" when it has none).
std::vector<std::string> security_names(const Value* op) {
  std::vector<std::string> out;
  const Value* sec = op ? op->get("security") : nullptr;
  if (!sec) return {"<none>"};
  for (const Value& req : sec->items())
    for (const auto& m : req.members()) out.push_back(m.key);
  return out;
}

const char* kImplicit = R"(Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Auth:
      DefaultAuthorizer: Pool
      Authorizers:
        Pool:
          UserPoolArn: !GetAtt Users.Arn
Resources:
  Users:
    Type: AWS::Cognito::UserPool
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: a.b
      CodeUri: s3://b/k
      Events:
        List:
          Type: Api
          Properties: {Path: /orders, Method: GET}
        Health:
          Type: Api
          Properties:
            Path: /health
            Method: get
            Auth:
              Authorizer: NONE
        Anything:
          Type: Api
          Properties: {Path: /any, Method: any}
)";

TEST(SamApi, ImplicitRestApiHasOneOperationPerRouteAtTheEventLine) {
  SamResult r = load_sam(kImplicit);
  const model::Resource& api = r.at("ServerlessRestApi");
  EXPECT_EQ(api.type, "AWS::ApiGateway::RestApi");
  EXPECT_EQ(api.generated_from, "Orders");
  const Value* paths = dig(api.properties, {"Body", "paths"});
  ASSERT_TRUE(paths && paths->is_map());
  EXPECT_EQ(dig(api.properties, {"Body", "swagger"})->str(), "2.0");

  const Value* list = dig(*paths, {"/orders", "get"});
  ASSERT_TRUE(list);
  EXPECT_EQ(list->loc().line, 19u);
  EXPECT_EQ(paths->member("/orders")->key_loc.line, 19u);
  for (const auto& m : list->members()) EXPECT_EQ(m.key_loc.line, 19u) << m.key;
  EXPECT_EQ(dig(*list, {"security"})->loc().line, 19u);
  EXPECT_EQ(security_names(list), std::vector<std::string>{"Pool"});

  const Value* health = dig(*paths, {"/health", "get"});
  EXPECT_EQ(security_names(health), std::vector<std::string>{"NONE"});
  EXPECT_EQ(health->loc().line, 22u);
  EXPECT_TRUE(dig(*paths, {"/any", "x-amazon-apigateway-any-method"}));

  const Value* def = dig(api.properties, {"Body", "securityDefinitions", "Pool"});
  ASSERT_TRUE(def);
  EXPECT_EQ(dig(*def, {"x-amazon-apigateway-authorizer", "type"})->str(), "cognito_user_pools");
  EXPECT_EQ(dig(*def, {"name"})->str(), "Authorization");
  EXPECT_TRUE(r.has_edge("ServerlessRestApi", EdgeKind::Authorizer, "Users"));
}

TEST(SamApi, ImplicitRestApiStagePermissionsAndDeployment) {
  SamResult r = load_sam(kImplicit);
  EXPECT_EQ(r.at("ServerlessRestApiProdStage").type, "AWS::ApiGateway::Stage");
  EXPECT_EQ(r.at("ServerlessRestApiProdStage").prop("StageName")->str(), "Prod");
  const model::Resource& perm = r.at("OrdersListPermissionProd");
  EXPECT_EQ(perm.type, "AWS::Lambda::Permission");
  EXPECT_EQ(perm.generated_from, "Orders");
  EXPECT_EQ(perm.loc.line, 19u);
  EXPECT_EQ(perm.prop("Principal")->str(), "apigateway.amazonaws.com");
  EXPECT_TRUE(r.has("OrdersHealthPermissionProd"));
  EXPECT_TRUE(r.has_edge("Orders", EdgeKind::EventSource, "ServerlessRestApi"));
  int deployments = 0;
  for (const auto& res : r.model.resources)
    if (res->type == "AWS::ApiGateway::Deployment") {
      ++deployments;
      EXPECT_EQ(res->id.rfind("ServerlessRestApiDeployment", 0), 0u);
      EXPECT_EQ(res->id.size(), std::string("ServerlessRestApiDeployment").size() + 10);
    }
  EXPECT_EQ(deployments, 1);
}

TEST(SamApi, ExplicitApiKeysAuthorizersAndStageName) {
  SamResult r = load_sam(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Shop:
    Type: AWS::Serverless::Api
    Properties:
      StageName: live
      TracingEnabled: true
      Auth:
        ApiKeyRequired: true
        DefaultAuthorizer: Token
        Authorizers:
          Token:
            FunctionArn: !GetAtt Auth.Arn
          Req:
            FunctionPayloadType: REQUEST
            FunctionArn: !GetAtt Auth.Arn
            Identity: {Headers: [X-Key]}
  Auth:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, Handler: a.b, CodeUri: s3://b/k}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: a.b
      CodeUri: s3://b/k
      Events:
        Cart:
          Type: Api
          Properties: {RestApiId: !Ref Shop, Path: /cart, Method: get}
        Status:
          Type: Api
          Properties:
            RestApiId: !Ref Shop
            Path: /status
            Method: get
            Auth: {Authorizer: NONE, ApiKeyRequired: false}
        Admin:
          Type: Api
          Properties:
            RestApiId: !Ref Shop
            Path: /admin
            Method: post
            Auth: {Authorizer: AWS_IAM}
        Checkout:
          Type: Api
          Properties:
            RestApiId: !Ref Shop
            Path: /checkout
            Method: post
            Auth: {Authorizer: Req}
)");
  const model::Resource& api = r.at("Shop");
  EXPECT_EQ(api.generated_from, "");
  const Value* paths = dig(api.properties, {"Body", "paths"});
  ASSERT_TRUE(paths);
  EXPECT_EQ(security_names(dig(*paths, {"/cart", "get"})), (std::vector<std::string>{"Token", "api_key"}));
  EXPECT_EQ(security_names(dig(*paths, {"/status", "get"})), std::vector<std::string>{"NONE"});
  EXPECT_EQ(security_names(dig(*paths, {"/admin", "post"})), (std::vector<std::string>{"AWS_IAM", "api_key"}));
  EXPECT_EQ(security_names(dig(*paths, {"/checkout", "post"})), (std::vector<std::string>{"Req", "api_key"}));
  const Value* defs = dig(api.properties, {"Body", "securityDefinitions"});
  ASSERT_TRUE(defs);
  EXPECT_EQ(dig(*defs, {"Token", "x-amazon-apigateway-authorizer", "type"})->str(), "token");
  EXPECT_EQ(dig(*defs, {"Req", "x-amazon-apigateway-authorizer", "type"})->str(), "request");
  EXPECT_EQ(dig(*defs, {"Req", "x-amazon-apigateway-authorizer", "identitySource"})->str(),
            "method.request.header.X-Key");
  EXPECT_TRUE(dig(*defs, {"AWS_IAM"}));
  EXPECT_EQ(dig(*defs, {"api_key", "name"})->str(), "x-api-key");

  EXPECT_TRUE(r.has("ShopliveStage"));
  EXPECT_TRUE(r.at("ShopliveStage").prop("TracingEnabled")->boolean_value());
  EXPECT_TRUE(r.has("FnCartPermissionlive"));
  EXPECT_TRUE(r.has("ShopTokenAuthorizerPermission"));
  EXPECT_TRUE(r.has("ShopReqAuthorizerPermission"));
  EXPECT_TRUE(r.has_edge("Shop", EdgeKind::Authorizer, "Auth"));
  EXPECT_FALSE(r.has("ServerlessRestApi"));
}

TEST(SamApi, OpenApiVersion3MovesSchemesUnderComponents) {
  SamResult r = load_sam(R"(Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    OpenApiVersion: 3.0.1
    Auth:
      DefaultAuthorizer: P
      Authorizers:
        P: {UserPoolArn: arn:aws:cognito-idp:us-east-1:1:userpool/x}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: a.b
      CodeUri: s3://b/k
      Events:
        G:
          Type: Api
          Properties: {Path: /g, Method: get}
)");
  const Value& props = r.at("ServerlessRestApi").properties;
  EXPECT_EQ(dig(props, {"Body", "openapi"})->str(), "3.0.1");
  EXPECT_FALSE(dig(props, {"Body", "swagger"}));
  EXPECT_FALSE(dig(props, {"Body", "securityDefinitions"}));
  EXPECT_TRUE(dig(props, {"Body", "components", "securitySchemes", "P"}));
  EXPECT_EQ(security_names(dig(props, {"Body", "paths", "/g", "get"})), std::vector<std::string>{"P"});
}

TEST(SamApi, UserDefinitionBodyIsKeptWithItsOwnLines) {
  SamResult r = load_sam(R"(Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage: {Type: String, Default: prod}
Resources:
  Books:
    Type: AWS::Serverless::Api
    Properties:
      StageName: !Ref Stage
      DefinitionBody:
        swagger: "2.0"
        paths:
          /books:
            get:
              security: [{sigv4: []}]
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: a.b
      CodeUri: s3://b/k
      Events:
        Delete:
          Type: Api
          Properties: {RestApiId: !Ref Books, Path: "/books/{id}", Method: delete}
)");
  const model::Resource& api = r.at("Books");
  const Value* get = dig(api.properties, {"Body", "paths", "/books", "get"});
  ASSERT_TRUE(get);
  EXPECT_EQ(get->loc().line, 14u);
  EXPECT_EQ(dig(api.properties, {"Body", "paths", "/books"})->member("get")->key_loc.line, 13u);
  EXPECT_FALSE(dig(api.properties, {"Body", "paths", "/books/{id}"}));
  // The stage name comes from a parameter: the translator names the stage without it.
  EXPECT_TRUE(r.has("BooksStage"));
  EXPECT_TRUE(r.has("FnDeletePermissionStage"));
  EXPECT_TRUE(r.has_diag("SAM does not add the Api events of 'Books' to its DefinitionBody; only their "
                         "permissions are deployed"));
}

TEST(SamApi, DefaultAuthorizerAndApiKeysApplyToTheUsersDefinitionBody) {
  SamResult r = load_sam(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Legacy:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      Auth:
        DefaultAuthorizer: Pool
        ApiKeyRequired: true
        Authorizers:
          Pool: {UserPoolArn: arn:aws:cognito-idp:us-east-1:1:userpool/x}
      DefinitionBody:
        swagger: "2.0"
        paths:
          /accounts:
            get:
              x-amazon-apigateway-integration: {type: mock}
            post:
              security: [{AWS_IAM: []}]
          /status:
            get:
              security: [{NONE: []}]
)");
  const Value* paths = dig(r.at("Legacy").properties, {"Body", "paths"});
  ASSERT_TRUE(paths);
  const Value* get = dig(*paths, {"/accounts", "get"});
  EXPECT_EQ(security_names(get), (std::vector<std::string>{"Pool", "api_key"}));
  EXPECT_EQ(dig(*get, {"security"})->items()[0].loc().line, 16u);  // the `get:` line
  EXPECT_EQ(dig(*paths, {"/accounts"})->member("get")->key_loc.line, 16u);
  EXPECT_EQ(security_names(dig(*paths, {"/accounts", "post"})), (std::vector<std::string>{"AWS_IAM", "api_key"}));
  EXPECT_EQ(security_names(dig(*paths, {"/status", "get"})), (std::vector<std::string>{"NONE", "api_key"}));
  const Value* defs = dig(r.at("Legacy").properties, {"Body", "securityDefinitions"});
  ASSERT_TRUE(defs);
  EXPECT_TRUE(defs->get("Pool") && defs->get("AWS_IAM") && defs->get("api_key"));
}

TEST(SamApi, ResourcePolicyDomainAndEndpointSettings) {
  SamResult r = load_sam(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Internal:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DisableExecuteApiEndpoint: true
      EndpointConfiguration: PRIVATE
      MethodSettings: [{ResourcePath: "/*", HttpMethod: "*", LoggingLevel: INFO}]
      Domain:
        DomainName: api.example.com
        CertificateArn: arn:aws:acm:us-east-1:1:certificate/x
        BasePath: [/v1]
      Auth:
        ResourcePolicy:
          IpRangeWhitelist: [10.0.0.0/8]
          CustomStatements:
            - {Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: "*"}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: a.b
      CodeUri: s3://b/k
      Events:
        Get:
          Type: Api
          Properties: {RestApiId: !Ref Internal, Path: "/items/{id}", Method: get}
)");
  const model::Resource& api = r.at("Internal");
  EXPECT_TRUE(api.prop("DisableExecuteApiEndpoint")->boolean_value());
  EXPECT_EQ(dig(api.properties, {"EndpointConfiguration", "Types"})->items()[0].str(), "PRIVATE");
  const Value* stmts = dig(api.properties, {"Policy", "Statement"});
  ASSERT_TRUE(stmts && stmts->is_list());
  ASSERT_EQ(stmts->items().size(), 3u);
  EXPECT_EQ(dig(stmts->items()[0], {"Effect"})->str(), "Allow");
  EXPECT_EQ(dig(stmts->items()[0], {"Resource"})->items()[0].str(), "execute-api:/prod/GET/items/*");
  EXPECT_EQ(dig(stmts->items()[1], {"Condition", "NotIpAddress", "aws:SourceIp"})->items()[0].str(),
            "10.0.0.0/8");
  EXPECT_EQ(dig(stmts->items()[1], {"Effect"})->loc().line, 16u);
  EXPECT_EQ(dig(stmts->items()[2], {"Resource"})->str(), "*");
  EXPECT_TRUE(r.at("InternalprodStage").prop("MethodSettings"));
  bool domain = false;
  for (const auto& res : r.model.resources)
    if (res->type == "AWS::ApiGateway::DomainName") {
      domain = true;
      EXPECT_EQ(res->id.rfind("ApiGatewayDomainName", 0), 0u);
      EXPECT_EQ(res->loc.line, 10u);
    }
  EXPECT_TRUE(domain);
  EXPECT_TRUE(r.has("Internalv1BasePathMapping"));
}

TEST(SamApi, CorsAddsPreflightOperationsGuardedByTheDefaultAuthorizer) {
  SamResult r = load_sam(R"(Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Cors: "'*'"
    Auth:
      DefaultAuthorizer: Token
      Authorizers:
        Token: {FunctionArn: arn:aws:lambda:us-east-1:1:function:auth}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: a.b
      CodeUri: s3://b/k
      AutoPublishAlias: live
      Events:
        Get:
          Type: Api
          Properties: {Path: /a, Method: get}
)");
  const Value* options = dig(r.at("ServerlessRestApi").properties, {"Body", "paths", "/a", "options"});
  ASSERT_TRUE(options);
  EXPECT_EQ(security_names(options), std::vector<std::string>{"Token"});
  EXPECT_EQ(options->loc().line, 18u);
  // AutoPublishAlias: the permission invokes the alias.
  EXPECT_EQ(r.at("FnAliaslive").type, "AWS::Lambda::Alias");
  EXPECT_EQ(resource_ref(*r.at("FnGetPermissionProd").prop("FunctionName")), "FnAliaslive");
  EXPECT_EQ(r.at("FnAliaslive").loc.line, 16u);
}

TEST(SamHttpApi, JwtDefaultAuthorizerAndOpenRoute) {
  SamResult r = load_sam(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Notes:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefaultRouteSettings: {ThrottlingBurstLimit: 5}
      Auth:
        DefaultAuthorizer: Jwt
        EnableIamAuthorizer: true
        Authorizers:
          Jwt:
            IdentitySource: $request.header.Authorization
            JwtConfiguration: {issuer: https://issuer, audience: [a]}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: a.b
      CodeUri: s3://b/k
      Events:
        List:
          Type: HttpApi
          Properties: {ApiId: !Ref Notes, Path: /notes, Method: GET, Auth: {AuthorizationScopes: [read]}}
        Ping:
          Type: HttpApi
          Properties: {ApiId: !Ref Notes, Path: /ping, Method: get, Auth: {Authorizer: NONE}}
        Signed:
          Type: HttpApi
          Properties: {ApiId: !Ref Notes, Path: /signed, Method: post, Auth: {Authorizer: AWS_IAM}}
  Hook:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: a.b
      CodeUri: s3://b/k
      Events:
        All:
          Type: HttpApi
)");
  const model::Resource& api = r.at("Notes");
  EXPECT_EQ(api.type, "AWS::ApiGatewayV2::Api");
  const Value* paths = dig(api.properties, {"Body", "paths"});
  ASSERT_TRUE(paths);
  const Value* list = dig(*paths, {"/notes", "get"});
  EXPECT_EQ(security_names(list), std::vector<std::string>{"Jwt"});
  EXPECT_EQ(dig(*list, {"security"})->items()[0].get("Jwt")->items()[0].str(), "read");
  EXPECT_EQ(list->loc().line, 21u);
  EXPECT_EQ(security_names(dig(*paths, {"/ping", "get"})), std::vector<std::string>{"NONE"});
  EXPECT_EQ(security_names(dig(*paths, {"/signed", "post"})), std::vector<std::string>{"AWS_IAM"});
  const Value* schemes = dig(api.properties, {"Body", "components", "securitySchemes"});
  ASSERT_TRUE(schemes);
  EXPECT_EQ(dig(*schemes, {"Jwt", "x-amazon-apigateway-authorizer", "type"})->str(), "jwt");
  EXPECT_TRUE(dig(*schemes, {"AWS_IAM"}));
  const model::Resource& stage = r.at("NotesApiGatewayDefaultStage");
  EXPECT_EQ(stage.prop("StageName")->str(), "$default");
  EXPECT_TRUE(dig(stage.properties, {"DefaultRouteSettings", "ThrottlingBurstLimit"}));
  EXPECT_TRUE(r.has("FnListPermission"));

  const model::Resource& implicit = r.at("ServerlessHttpApi");
  EXPECT_EQ(implicit.generated_from, "Hook");
  EXPECT_TRUE(dig(implicit.properties, {"Body", "paths", "$default", "x-amazon-apigateway-any-method"}));
  EXPECT_TRUE(r.has("ServerlessHttpApiApiGatewayDefaultStage"));
  EXPECT_TRUE(r.has("HookAllPermission"));
}

// Found in aws-samples' serverless-patterns: an OpenAPI file included with AWS::Include,
// and references to what SAM generates (the function URL, `Api.Stage`, `Fn.Alias`) are
// valid templates: no warning, and the API's routes stay Unknown (not "open").
TEST(SamApi, IncludedDefinitionBodyAndGeneratedNamesAreNotErrors) {
  SamResult r = load_sam(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        'Fn::Transform':
          Name: 'AWS::Include'
          Parameters:
            Location: api.yaml
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionBody:
        Fn::Transform: {Name: AWS::Include, Parameters: {Location: http.yaml}}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      AutoPublishAlias: live
      FunctionUrlConfig:
        AuthType: AWS_IAM
  Dist:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Origins:
          - DomainName: !Select [2, !Split ["/", !GetAtt FnUrl.FunctionUrl]]
            Id: url
        Comment: !Sub "${Api.Stage} ${Fn.Alias}"
  Mapping:
    Type: AWS::ApiGateway::BasePathMapping
    Properties:
      DomainName: example.com
      RestApiId: !Ref Api
      Stage: !Ref Api.Stage
  Typo:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !GetAtt Missing.TopicName
)");
  std::string said;
  for (const auto& d : r.diags) said += d.str() + "\n";
  EXPECT_EQ(said.find("DefinitionBody"), std::string::npos) << said;
  EXPECT_EQ(said.find("FnUrl"), std::string::npos) << said;
  EXPECT_EQ(said.find("Api.Stage"), std::string::npos) << said;
  EXPECT_EQ(said.find("Fn.Alias"), std::string::npos) << said;
  // A name SAM does not generate is still reported.
  EXPECT_NE(said.find("'Missing'"), std::string::npos) << said;
  const model::Value* body = r.at("Api").prop("Body");
  ASSERT_TRUE(body);
  EXPECT_TRUE(body->is_unknown());
}

}  // namespace
}  // namespace kl::testing
