// OpenAPI route extraction (rules/openapi_routes.h): which routes a Body declares and what
// API Gateway enforces on each.
#include "rules/openapi_routes.h"

#include <gtest/gtest.h>

#include "load/yaml_reader.h"

namespace kl::rules {
namespace {

using model::Value;

Value parse(const char* text) {
  model::Diagnostics diags;
  auto v = load::parse_yaml(text, model::intern_file("openapi_routes_test.yaml"), diags);
  EXPECT_TRUE(v.has_value());
  EXPECT_TRUE(diags.empty());
  return v ? *v : Value();
}

const ApiRoute* find(const std::vector<ApiRoute>& routes, const std::string& name) {
  for (const ApiRoute& r : routes)
    if (route_name(r) == name) return &r;
  return nullptr;
}

const char* kSwagger = R"(swagger: "2.0"
info: {title: shop, version: "1"}
security:
  - CognitoAuth: []
securityDefinitions:
  CognitoAuth:
    type: apiKey
    name: Authorization
    in: header
    x-amazon-apigateway-authtype: cognito_user_pools
    x-amazon-apigateway-authorizer:
      type: cognito_user_pools
      providerARNs: [arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc]
  api_key:
    type: apiKey
    name: x-api-key
    in: header
  sigv4:
    type: apiKey
    name: Authorization
    in: header
    x-amazon-apigateway-authtype: awsSigv4
  oauth:
    type: oauth2
    flow: implicit
    authorizationUrl: https://example.com/auth
paths:
  /orders:
    get:
      responses: {}
    post:
      security:
        - api_key: []
    options:
      security: []
  /health:
    get:
      security: []
  /admin/users:
    delete:
      security:
        - {}
    put:
      security:
        - oauth: []
    patch:
      security:
        - sigv4: []
        - api_key: []
  /reports:
    get:
      security:
        - missing: []
  /{proxy+}:
    x-amazon-apigateway-any-method:
      security:
        - sigv4: []
    parameters: []
)";

TEST(OpenApiRoutes, SwaggerOperationsWithEffectiveSecurity) {
  Value body = parse(kSwagger);
  std::vector<ApiRoute> routes = openapi_routes(body, ApiFlavor::Rest);
  std::vector<std::string> names;
  for (const ApiRoute& r : routes) names.push_back(route_name(r));
  std::vector<std::string> want = {"GET /orders",        "POST /orders",       "GET /health",
                                   "DELETE /admin/users", "PUT /admin/users",   "PATCH /admin/users",
                                   "GET /reports",        "ANY /{proxy+}"};
  EXPECT_EQ(names, want);  // OPTIONS skipped, `parameters` is not an operation

  const ApiRoute* get_orders = find(routes, "GET /orders");
  ASSERT_TRUE(get_orders);
  EXPECT_EQ(get_orders->access, RouteAccess::Guarded);  // inherits the document's security
  EXPECT_EQ(get_orders->guard, RouteGuard::Authorizer);
  EXPECT_EQ(get_orders->why, "authorizer 'CognitoAuth'");
  EXPECT_EQ(get_orders->loc.line, 29u);  // the `get:` key
  EXPECT_EQ(get_orders->where, "paths./orders.get");

  EXPECT_EQ(find(routes, "POST /orders")->guard, RouteGuard::ApiKey);
  EXPECT_EQ(find(routes, "GET /health")->access, RouteAccess::Open);
  EXPECT_EQ(find(routes, "GET /health")->why, "security: []");
  EXPECT_EQ(find(routes, "DELETE /admin/users")->access, RouteAccess::Open);
  EXPECT_EQ(find(routes, "PUT /admin/users")->access, RouteAccess::Open);
  EXPECT_EQ(find(routes, "PUT /admin/users")->why, "scheme 'oauth' is not enforced by API Gateway");
  // API Gateway applies every scheme listed (no OR): IAM and the API key both hold.
  EXPECT_EQ(find(routes, "PATCH /admin/users")->access, RouteAccess::Guarded);
  EXPECT_EQ(find(routes, "PATCH /admin/users")->guard, RouteGuard::Iam);
  // A requirement naming no defined scheme enforces nothing (SAM's `Authorizer: NONE`
  // writes `{NONE: []}` exactly so).
  EXPECT_EQ(find(routes, "GET /reports")->access, RouteAccess::Open);
  EXPECT_EQ(find(routes, "ANY /{proxy+}")->guard, RouteGuard::Iam);
}

TEST(OpenApiRoutes, NoSecurityAnywhereIsOpen) {
  Value body = parse("openapi: 3.0.1\npaths:\n  /ping:\n    get: {}\n");
  std::vector<ApiRoute> routes = openapi_routes(body, ApiFlavor::Rest);
  ASSERT_EQ(routes.size(), 1u);
  EXPECT_EQ(routes[0].access, RouteAccess::Open);
  EXPECT_EQ(routes[0].why, "no security");
}

TEST(OpenApiRoutes, HttpApiJwtAndDefaultRoute) {
  Value body = parse(R"(openapi: 3.0.1
components:
  securitySchemes:
    jwt:
      type: oauth2
      x-amazon-apigateway-authorizer:
        type: jwt
        identitySource: $request.header.Authorization
        jwtConfiguration: {audience: [app], issuer: https://issuer.example.com}
    key:
      type: apiKey
      name: x-api-key
      in: header
security:
  - jwt: []
paths:
  /items:
    get: {}
    post:
      security:
        - key: []
  $default:
    x-amazon-apigateway-any-method:
      security: []
)");
  std::vector<ApiRoute> routes = openapi_routes(body, ApiFlavor::Http);
  ASSERT_EQ(routes.size(), 3u);
  EXPECT_EQ(find(routes, "GET /items")->access, RouteAccess::Guarded);
  // HTTP APIs have no API keys: an apiKey scheme guards nothing there.
  EXPECT_EQ(find(routes, "POST /items")->access, RouteAccess::Open);
  EXPECT_EQ(find(routes, "ANY $default")->access, RouteAccess::Open);
  // The same document imported as a REST API: the x-api-key scheme is ApiKeyRequired.
  EXPECT_EQ(find(openapi_routes(body, ApiFlavor::Rest), "POST /items")->guard, RouteGuard::ApiKey);
}

TEST(OpenApiRoutes, SchemesOfSeparateRequirementsAllApply) {
  // What SAM writes for an authorizer plus ApiKeyRequired, and an `{}` beside an authorizer:
  // API Gateway applies every scheme named, so neither is open.
  Value body = parse(R"(securityDefinitions:
  Cog: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authorizer: {type: cognito_user_pools}}
  api_key: {type: apiKey, name: x-api-key, in: header}
paths:
  /a:
    get:
      security: [{Cog: []}, {api_key: []}]
    post:
      security: [{Cog: []}, {}]
    put:
      security: [{}, {}]
)");
  std::vector<ApiRoute> r = openapi_routes(body, ApiFlavor::Rest);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].guard, RouteGuard::Authorizer);
  EXPECT_EQ(r[1].access, RouteAccess::Guarded);
  EXPECT_EQ(r[2].access, RouteAccess::Open);
  EXPECT_EQ(r[2].why, "an empty security requirement {} lets anonymous callers in");
}

TEST(OpenApiRoutes, EitherItemInsideTheSecurityList) {
  // security: [!If [UseAuth, {Cog: []}, !Ref AWS::NoValue]]: the branch without it is open.
  Value body = parse(R"(securityDefinitions:
  Cog: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authorizer: {type: cognito_user_pools}}
paths:
  /a:
    get: {}
)");
  Value list = Value::list();
  list.push(Value::either("UseAuth", parse("{Cog: []}"), Value::absent()));
  body.get("paths")->get("/a")->get("get")->set("security", list);
  std::vector<ApiRoute> r = openapi_routes(body, ApiFlavor::Rest);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].access, RouteAccess::Open);
}

TEST(OpenApiRoutes, WrongTypesNeverCrash) {
  EXPECT_TRUE(openapi_routes(parse("42"), ApiFlavor::Rest).empty());
  EXPECT_TRUE(openapi_routes(parse("paths: []"), ApiFlavor::Rest).empty());
  EXPECT_TRUE(openapi_routes(parse("paths: {/a: 3, /b: [get]}"), ApiFlavor::Rest).empty());
  std::vector<ApiRoute> r = openapi_routes(parse("paths: {/a: {get: {security: x}}}"), ApiFlavor::Rest);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].access, RouteAccess::Unknown);
  r = openapi_routes(parse("security: [x]\npaths: {/a: {get: 7}}"), ApiFlavor::Rest);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].access, RouteAccess::Unknown);
  r = openapi_routes(parse("securityDefinitions: 5\nsecurity: [{a: []}]\npaths: {/a: {get: {}}}"),
                     ApiFlavor::Rest);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].access, RouteAccess::Unknown);
}

TEST(OpenApiRoutes, UnknownSecurityIsNeitherSafeNorUnsafe) {
  Value body = parse("paths: {/a: {get: {}}}");
  body.get("paths")->get("/a")->get("get")->set("security", Value::unknown("parameter 'S' has no default"));
  std::vector<ApiRoute> r = openapi_routes(body, ApiFlavor::Rest);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].access, RouteAccess::Unknown);
}

TEST(OpenApiRoutes, EitherBranchesReportTheLeastSafe) {
  Value body = parse(R"(securityDefinitions:
  auth: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authorizer: {type: token}}
paths:
  /a:
    get: {}
)");
  Value guarded = parse("[{auth: []}]");
  Value open = parse("[]");
  // security: !If [IsProd, [{auth: []}], []]
  body.get("paths")->get("/a")->get("get")->set("security", Value::either("IsProd", guarded, open));
  std::vector<ApiRoute> r = openapi_routes(body, ApiFlavor::Rest);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].access, RouteAccess::Open);

  // security: !If [IsProd, [{auth: []}], !Ref AWS::NoValue] with no document default.
  body.get("paths")->get("/a")->get("get")->set("security", Value::either("IsProd", guarded, Value::absent()));
  r = openapi_routes(body, ApiFlavor::Rest);
  EXPECT_EQ(r[0].access, RouteAccess::Open);
  EXPECT_EQ(r[0].why, "no security");

  // Both branches guarded.
  body.get("paths")->get("/a")->get("get")->set("security", Value::either("IsProd", guarded, guarded));
  EXPECT_EQ(openapi_routes(body, ApiFlavor::Rest)[0].access, RouteAccess::Guarded);
}

TEST(OpenApiRoutes, SameRouteInTwoBodyBranchesIsListedOnce) {
  Value a = parse("paths: {/a: {get: {security: []}}}");
  Value b = parse("paths: {/a: {get: {security: [{k: []}]}}}\nsecurityDefinitions: {k: {type: apiKey, name: x-api-key, in: header}}");
  Value body = Value::either("C", b, a);
  std::vector<ApiRoute> r = openapi_routes(body, ApiFlavor::Rest);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].access, RouteAccess::Open);
}

}  // namespace
}  // namespace kl::rules
