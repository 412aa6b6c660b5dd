// Security schemes for SAM authorizers: Cognito user pools, Lambda TOKEN / REQUEST
// authorizers (REST), JWT and Lambda authorizers (HTTP), AWS_IAM and API keys, as the
// translator writes them into securityDefinitions / components.securitySchemes.
#include "sam/openapi.h"

namespace kl::sam::detail {
namespace {

Value authorizer_uri(const Value& function_arn) {
  Value uri = Value::unknown("arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${"
                             "FunctionArn}/invocations", function_arn.loc());
  uri.set_ref(model::resource_ref(function_arn));
  return uri;
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

Value iam_scheme(Location loc) {
  Value d = Value::map(loc);
  d.set("type", str("apiKey", loc), loc);
  d.set("name", str("Authorization", loc), loc);
  d.set("in", str("header", loc), loc);
  d.set("x-amazon-apigateway-authtype", str("awsSigv4", loc), loc);
  return d;
}

}  // namespace

std::optional<Value> rest_authorizer(const Value& a, Location loc) {
  const Value* identity = as_map(a.get("Identity"));
  std::string header = known(field(identity, "Header")).value_or("Authorization");
  Value d = Value::map(loc);
  d.set("type", str("apiKey", loc), loc);
  d.set("in", str("header", loc), loc);
  Value az = Value::map(loc);
  if (const Value* pool = a.get("UserPoolArn")) {
    d.set("name", str(header, loc), loc);
    d.set("x-amazon-apigateway-authtype", str("cognito_user_pools", loc), loc);
    az.set("type", str("cognito_user_pools", loc), loc);
    Value arns = pool->is_list() ? *pool : Value::list(pool->loc());
    if (!pool->is_list()) arns.push(*pool);
    az.set("providerARNs", std::move(arns), loc);
  } else if (const Value* fn = a.get("FunctionArn")) {
    bool request = maybe_text(a.get("FunctionPayloadType"), "REQUEST");
    d.set("x-amazon-apigateway-authtype", str("custom", loc), loc);
    az.set("type", str(request ? "request" : "token", loc), loc);
    az.set("authorizerUri", authorizer_uri(*fn), loc);
    if (request) {
      d.set("name", str("Unused", loc), loc);
      std::vector<std::string> sources;
      auto add = [&](const char* key, const char* prefix) {
        if (const Value* list = field(identity, key); list && list->is_list())
          for (const Value& v : list->items())
            if (auto t = known(&v)) sources.push_back(std::string(prefix) + *t);
      };
      add("Headers", "method.request.header.");
      add("QueryStrings", "method.request.querystring.");
      add("StageVariables", "stageVariables.");
      add("Context", "context.");
      if (!sources.empty()) az.set("identitySource", str(join(sources, ", "), loc), loc);
    } else {
      d.set("name", str(header, loc), loc);
      if (const Value* ve = field(identity, "ValidationExpression"))
        az.set("identityValidationExpression", *ve, loc);
    }
    if (const Value* ttl = field(identity, "ReauthorizeEvery"))
      az.set("authorizerResultTtlInSeconds", *ttl, loc);
  } else {
    return std::nullopt;
  }
  d.set("x-amazon-apigateway-authorizer", std::move(az), loc);
  return d;
}

std::optional<Value> http_authorizer(const Value& a, Location loc) {
  Value d = Value::map(loc);
  Value az = Value::map(loc);
  if (const Value* jwt = a.get("JwtConfiguration")) {
    d.set("type", str("oauth2", loc), loc);
    az.set("type", str("jwt", loc), loc);
    az.set("jwtConfiguration", *jwt, loc);
    copy_prop(a, az, "IdentitySource", "identitySource");
  } else if (const Value* fn = a.get("FunctionArn")) {
    d.set("type", str("apiKey", loc), loc);
    d.set("name", str("Unused", loc), loc);
    d.set("in", str("header", loc), loc);
    az.set("type", str("request", loc), loc);
    az.set("authorizerUri", authorizer_uri(*fn), loc);
    const Value* identity = as_map(a.get("Identity"));
    Value sources = Value::list(loc);
    if (const Value* headers = field(identity, "Headers"); headers && headers->is_list())
      for (const Value& h : headers->items())
        if (auto t = known(&h)) sources.push(str("$request.header." + *t, h.loc()));
    if (!sources.items().empty()) az.set("identitySource", std::move(sources), loc);
    copy_prop(a, az, "AuthorizerPayloadFormatVersion", "authorizerPayloadFormatVersion");
    copy_prop(a, az, "EnableSimpleResponses", "enableSimpleResponses");
  } else {
    return std::nullopt;
  }
  d.set("x-amazon-apigateway-authorizer", std::move(az), loc);
  return d;
}

/// The authorizers of `auth` added to `defs` (the user's own entries win).
void add_definitions(Value& defs, const Value& auth, const Usage& used, bool http, Location loc) {
  if (const Value* authorizers = as_map(auth.get("Authorizers")))
    for (const model::Member& m : authorizers->members()) {
      if (!m.value.is_map() || defs.get(m.key)) continue;
      auto d = http ? http_authorizer(m.value, m.key_loc) : rest_authorizer(m.value, m.key_loc);
      if (d) defs.set(m.key, std::move(*d), m.key_loc);
    }
  bool iam = used.iam || maybe_text(auth.get("DefaultAuthorizer"), "AWS_IAM") ||
             (http && maybe_true(auth.get("EnableIamAuthorizer")));
  if (iam && !defs.get("AWS_IAM")) defs.set("AWS_IAM", iam_scheme(loc), loc);
  if (used.api_key && !defs.get("api_key")) {
    Value k = Value::map(loc);
    k.set("type", str("apiKey", loc), loc);
    k.set("name", str("x-api-key", loc), loc);
    k.set("in", str("header", loc), loc);
    defs.set("api_key", std::move(k), loc);
  }
}

}  // namespace kl::sam::detail
