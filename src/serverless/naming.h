#pragma once
// The logical ids the Serverless Framework gives the resources it generates
// (lib/plugins/aws/lib/naming.js), so findings name the ids a user sees in the stack.
#include <string>
#include <string_view>

namespace kl::serverless::naming {

/// First letter upper case: "hello" -> "Hello".
std::string upper_first(std::string_view s);
/// "my-fn_x" -> "MyDashfnUnderscorex": functions, authorizers, log groups.
std::string normalized_function_name(std::string_view name);
/// Only [0-9A-Za-z], first letter upper: bucket and queue names.
std::string alphanumeric_name(std::string_view name);
/// One path segment as lodash's capitalize does it: "{userId}" -> "UseridVar",
/// "user-list" -> "UserDashlist".
std::string normalize_path_part(std::string_view part);
/// Every '/'-separated segment normalized and joined: "users/{id}" -> "UsersIdVar".
std::string normalize_path(std::string_view path);

std::string lambda(std::string_view fn);            ///< HelloLambdaFunction
std::string log_group(std::string_view fn);         ///< HelloLogGroup
std::string function_url(std::string_view fn);      ///< HelloLambdaFunctionUrl
std::string function_url_permission(std::string_view fn);  ///< HelloLambdaPermissionFnUrl
std::string api_gateway_permission(std::string_view fn);   ///< HelloLambdaPermissionApiGateway
std::string http_api_permission(std::string_view fn);      ///< HelloLambdaPermissionHttpApi
std::string http_api_integration(std::string_view fn);     ///< HttpApiIntegrationHello
/// ApiGatewayResourceUsersIdVar ("users/{id}", no leading slash).
std::string rest_resource(std::string_view path);
/// ApiGatewayMethodUsersIdVarGet; the root path gives ApiGatewayMethodGet.
std::string rest_method(std::string_view path, std::string_view method);
std::string rest_authorizer(std::string_view name);        ///< NameApiGatewayAuthorizer
/// HttpApiRouteGetUsersIdVar for "GET /users/{id}"; "*" gives HttpApiRouteDefault.
std::string http_api_route(std::string_view route_key);
std::string http_api_authorizer(std::string_view name);    ///< HttpApiAuthorizerName
std::string s3_bucket(std::string_view bucket);            ///< S3BucketPhotos
std::string s3_permission(std::string_view fn, std::string_view bucket);
std::string sqs_mapping(std::string_view fn, std::string_view queue);
/// HelloEventSourceMappingDynamodbOrders ("dynamodb" / "kinesis").
std::string stream_mapping(std::string_view fn, std::string_view type, std::string_view stream);
std::string schedule_rule(std::string_view fn, size_t index);   ///< HelloEventsRuleSchedule1
std::string schedule_permission(std::string_view fn, size_t index);

inline constexpr const char* kRole = "IamRoleLambdaExecution";
inline constexpr const char* kRestApi = "ApiGatewayRestApi";
/// The framework suffixes the deployment with the deploy's timestamp; kumolens uses no
/// suffix so fingerprints stay stable.
inline constexpr const char* kRestDeployment = "ApiGatewayDeployment";
inline constexpr const char* kRestStage = "ApiGatewayStage";
inline constexpr const char* kRestLogGroup = "ApiGatewayLogGroup";
inline constexpr const char* kHttpApi = "HttpApi";
inline constexpr const char* kHttpApiStage = "HttpApiStage";
inline constexpr const char* kHttpApiLogGroup = "HttpApiLogGroup";
inline constexpr const char* kDeploymentBucket = "ServerlessDeploymentBucket";

}  // namespace kl::serverless::naming
