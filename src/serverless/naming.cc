#include "serverless/naming.h"

#include <cctype>

namespace kl::serverless::naming {

std::string upper_first(std::string_view s) {
  std::string out(s);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string normalized_function_name(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == '-') out += "Dash";
    else if (c == '_') out += "Underscore";
    else out += c;
  }
  return upper_first(out);
}

std::string alphanumeric_name(std::string_view name) {
  std::string out;
  for (char c : name)
    if (std::isalnum(static_cast<unsigned char>(c))) out += c;
  return upper_first(out);
}

std::string normalize_path_part(std::string_view part) {
  // lodash capitalize: first character upper, the rest lower.
  std::string s;
  for (size_t i = 0; i < part.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(part[i]);
    s += static_cast<char>(i == 0 ? std::toupper(c) : std::tolower(c));
  }
  std::string dashed;
  for (char c : s) {
    if (c == '-') dashed += "Dash";
    else dashed += c;
  }
  // /\{(.*)\}/ -> "$1Var": greedy, from the first '{' to the last '}'.
  size_t open = dashed.find('{');
  size_t close = dashed.rfind('}');
  if (open != std::string::npos && close != std::string::npos && close > open)
    dashed = dashed.substr(0, open) + dashed.substr(open + 1, close - open - 1) + "Var" +
             dashed.substr(close + 1);
  std::string out;
  for (char c : dashed)
    if (std::isalnum(static_cast<unsigned char>(c))) out += c;
  return upper_first(out);
}

std::string normalize_path(std::string_view path) {
  std::string out;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    out += normalize_path_part(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

std::string lambda(std::string_view fn) { return normalized_function_name(fn) + "LambdaFunction"; }
std::string log_group(std::string_view fn) { return normalized_function_name(fn) + "LogGroup"; }
std::string function_url(std::string_view fn) { return normalized_function_name(fn) + "LambdaFunctionUrl"; }
std::string function_url_permission(std::string_view fn) {
  return normalized_function_name(fn) + "LambdaPermissionFnUrl";
}
std::string api_gateway_permission(std::string_view fn) {
  return normalized_function_name(fn) + "LambdaPermissionApiGateway";
}
std::string http_api_permission(std::string_view fn) {
  return normalized_function_name(fn) + "LambdaPermissionHttpApi";
}
std::string http_api_integration(std::string_view fn) {
  return "HttpApiIntegration" + normalized_function_name(fn);
}
std::string rest_resource(std::string_view path) { return "ApiGatewayResource" + normalize_path(path); }
std::string rest_method(std::string_view path, std::string_view method) {
  std::string lower;
  for (char c : method) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return "ApiGatewayMethod" + (path.empty() ? std::string() : normalize_path(path)) + upper_first(lower);
}
std::string rest_authorizer(std::string_view name) {
  return normalized_function_name(name) + "ApiGatewayAuthorizer";
}
std::string http_api_route(std::string_view route_key) {
  if (route_key == "*") return "HttpApiRouteDefault";
  return "HttpApiRoute" + normalize_path(route_key);
}
std::string http_api_authorizer(std::string_view name) {
  return "HttpApiAuthorizer" + normalized_function_name(name);
}
std::string s3_bucket(std::string_view bucket) { return "S3Bucket" + alphanumeric_name(bucket); }
std::string s3_permission(std::string_view fn, std::string_view bucket) {
  return normalized_function_name(fn) + "LambdaPermission" + alphanumeric_name(bucket) + "S3";
}
std::string sqs_mapping(std::string_view fn, std::string_view queue) {
  return normalized_function_name(fn) + "EventSourceMappingSQS" + alphanumeric_name(queue);
}
std::string stream_mapping(std::string_view fn, std::string_view type, std::string_view stream) {
  return normalized_function_name(fn) + "EventSourceMapping" + upper_first(type) +
         alphanumeric_name(stream);
}
std::string schedule_rule(std::string_view fn, size_t index) {
  return normalized_function_name(fn) + "EventsRuleSchedule" + std::to_string(index);
}
std::string schedule_permission(std::string_view fn, size_t index) {
  return normalized_function_name(fn) + "LambdaPermissionEventsRuleSchedule" + std::to_string(index);
}

}  // namespace kl::serverless::naming
