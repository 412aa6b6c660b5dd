// The OpenAPI documents SAM writes into an API's Body: one operation per route (method in
// lower case, `x-amazon-apigateway-any-method` for ANY) with `security` computed as the
// translator does, and the authorizers as securityDefinitions (swagger 2.0, REST APIs)
// or components.securitySchemes (OpenAPI 3, HTTP APIs).
//
// Contract with the API Gateway rules: every key and value of a generated operation,
// and the path key holding it, carry the location of the user's route (the SAM event's
// name line), so a rule reports one finding per route at that line.
#include "sam/openapi.h"

namespace kl::sam::detail {
namespace {

Value integration(const Route& r, bool http) {
  Location loc = r.loc;
  Value i = Value::map(loc);
  if (!r.start_execution_role.empty()) {
    i.set("httpMethod", str("POST", loc), loc);
    i.set("type", str("aws", loc), loc);
    Value uri = Value::unknown("arn:aws:apigateway:${AWS::Region}:states:action/StartExecution", loc);
    i.set("uri", std::move(uri), loc);
    i.set("credentials", get_att(r.start_execution_role, "Arn", loc), loc);
    return i;
  }
  i.set("httpMethod", str("POST", loc), loc);
  i.set("type", str("aws_proxy", loc), loc);
  Value uri = Value::unknown("arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${" +
                                 r.function + ".Arn}/invocations", loc);
  uri.set_ref(r.function);
  i.set("uri", std::move(uri), loc);
  if (http) i.set("payloadFormatVersion", str("2.0", loc), loc);
  return i;
}

std::optional<Value> security(const Route& r, const Value& auth, bool http, Usage& used) {
  Location loc = r.loc;
  std::optional<std::string> def = literal(auth.get("DefaultAuthorizer"));
  const Value* ev_auth = as_map(&r.auth);
  std::optional<std::string> chosen = def;
  if (const Value* a = field(ev_auth, "Authorizer")) chosen = known(a);
  const Value* scopes = field(ev_auth, "AuthorizationScopes");
  if (!scopes && chosen)
    scopes = field(field(as_map(auth.get("Authorizers")), *chosen), "AuthorizationScopes");

  std::optional<Value> out;
  if (chosen && *chosen == "NONE") {
    if (def) {
      out = Value::list(loc);
      out->push(requirement("NONE", nullptr, loc));
    }
  } else if (chosen) {
    out = Value::list(loc);
    out->push(requirement(*chosen, *chosen == "AWS_IAM" ? nullptr : scopes, loc));
    if (*chosen == "AWS_IAM") used.iam = true;
  }
  if (!http) {
    const Value* ev_key = field(ev_auth, "ApiKeyRequired");
    bool api_level = maybe_true(auth.get("ApiKeyRequired"));
    bool required = ev_key ? maybe_true(ev_key) : api_level;
    if (required) {
      if (!out) out = Value::list(loc);
      out->push(requirement("api_key", nullptr, loc));
      used.api_key = true;
    } else if (ev_key && api_level && !out) {
      out = Value::list(loc);  // the event opts out of the API's key requirement
    }
  }
  return out;
}

/// The OPTIONS operation SAM adds to every path of a REST API with Cors: a mock
/// integration, guarded by the default authorizer and API key unless the API opts out
/// (AddDefaultAuthorizerToCorsPreflight / AddApiKeyRequiredToCorsPreflight: false).
Value preflight(const Value& auth, Location loc, Usage& used) {
  Value op = Value::map(loc);
  op.set("summary", str("CORS support", loc), loc);
  Value i = Value::map(loc);
  i.set("type", str("mock", loc), loc);
  op.set("x-amazon-apigateway-integration", std::move(i), loc);
  Value sec = Value::list(loc);
  std::optional<std::string> def = literal(auth.get("DefaultAuthorizer"));
  const Value* add_auth = auth.get("AddDefaultAuthorizerToCorsPreflight");
  if (def && *def != "NONE" && (!add_auth || maybe_true(add_auth))) {
    sec.push(requirement(*def, nullptr, loc));
    if (*def == "AWS_IAM") used.iam = true;
  }
  const Value* add_key = auth.get("AddApiKeyRequiredToCorsPreflight");
  if (maybe_true(auth.get("ApiKeyRequired")) && (!add_key || maybe_true(add_key))) {
    sec.push(requirement("api_key", nullptr, loc));
    used.api_key = true;
  }
  if (!sec.items().empty()) op.set("security", std::move(sec), loc);
  op.set("responses", Value::map(loc), loc);
  return op;
}

Value info(Location loc) {
  Value i = Value::map(loc);
  i.set("version", str("1.0", loc), loc);
  i.set("title", Value::unknown("pseudo parameter 'AWS::StackName'", loc), loc);
  return i;
}

}  // namespace

Value requirement(const std::string& name, const Value* scopes, Location loc) {
  Value req = Value::map(loc);
  Value list = Value::list(loc);
  if (scopes && scopes->is_list())
    for (const Value& s : scopes->items()) {
      Value copy = s;
      copy.set_loc(loc);
      list.push(std::move(copy));
    }
  req.set(name, std::move(list), loc);
  return req;
}

Value paths(const std::vector<Route>& routes, const Value& auth, bool http, Usage& used, Location loc) {
  Value out = Value::map(loc);
  for (const Route& r : routes) {
    Value op = Value::map(r.loc);
    op.set("x-amazon-apigateway-integration", integration(r, http), r.loc);
    if (auto sec = security(r, auth, http, used)) op.set("security", std::move(*sec), r.loc);
    op.set("responses", Value::map(r.loc), r.loc);
    Value* item = out.get(r.path);
    if (!item) item = &out.set(r.path, Value::map(r.loc), r.loc);
    item->set(r.method, std::move(op), r.loc);
  }
  return out;
}

Value swagger_body(const std::vector<Route>& routes, const Value& auth, const Value* cors,
                   const Value* openapi_version, Location loc) {
  Usage used;
  Value doc = Value::map(loc);
  // OpenApiVersion 3.x makes SAM write an OpenAPI 3 document (schemes under components).
  std::optional<std::string> version = known(openapi_version);
  bool v3 = version && version->rfind('3', 0) == 0;
  if (v3) doc.set("openapi", str(*version, loc), loc);
  else doc.set("swagger", str("2.0", loc), loc);
  doc.set("info", info(loc), loc);
  Value p = paths(routes, auth, false, used, loc);
  if (cors && !cors->is_null())
    for (model::Member& m : p.members())
      if (m.value.is_map() && !m.value.get("options"))
        m.value.set("options", preflight(auth, m.key_loc, used), m.key_loc);
  doc.set("paths", std::move(p), loc);
  Value defs = Value::map(loc);
  add_definitions(defs, auth, used, false, loc);
  if (defs.members().empty()) return doc;
  if (v3) {
    Value components = Value::map(loc);
    components.set("securitySchemes", std::move(defs), loc);
    doc.set("components", std::move(components), loc);
  } else {
    doc.set("securityDefinitions", std::move(defs), loc);
  }
  return doc;
}

Value openapi3_body(const std::vector<Route>& routes, const Value& auth, Location loc) {
  Usage used;
  Value doc = Value::map(loc);
  doc.set("openapi", str("3.0.1", loc), loc);
  doc.set("info", info(loc), loc);
  doc.set("paths", paths(routes, auth, true, used, loc), loc);
  Value schemes = Value::map(loc);
  add_definitions(schemes, auth, used, true, loc);
  if (!schemes.members().empty()) {
    Value components = Value::map(loc);
    components.set("securitySchemes", std::move(schemes), loc);
    doc.set("components", std::move(components), loc);
  }
  return doc;
}

}  // namespace kl::sam::detail
