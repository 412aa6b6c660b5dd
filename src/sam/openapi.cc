// The OpenAPI documents SAM writes into an API's Body: one operation per route (method in
// lower case, `x-amazon-apigateway-any-method` for ANY) with `security` computed as the
// translator does, and the authorizers as securityDefinitions (swagger 2.0, REST APIs)
// or components.securitySchemes (OpenAPI 3, HTTP APIs).
//
// Contract with the API Gateway rules: every key and value of a generated operation,
// and the path key holding it, carry the location of the user's route (the SAM event's
// name line), so a rule reports one finding per route at that line.
#include "sam/detail.h"

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

struct Usage {
  bool iam = false;
  bool api_key = false;
};

/// The route's `security`, or nullopt when the operation has none.
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

std::optional<Value> rest_authorizer(const std::string& name, const Value& a, Location loc) {
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
    (void)name;
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

Value iam_scheme(Location loc) {
  Value d = Value::map(loc);
  d.set("type", str("apiKey", loc), loc);
  d.set("name", str("Authorization", loc), loc);
  d.set("in", str("header", loc), loc);
  d.set("x-amazon-apigateway-authtype", str("awsSigv4", loc), loc);
  return d;
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

bool is_method(std::string_view key) {
  for (const char* m : {"get", "put", "post", "delete", "options", "head", "patch",
                        "x-amazon-apigateway-any-method"})
    if (key == m) return true;
  return false;
}

/// The default authorizer on one operation of a user's DefinitionBody, as the translator's
/// set_path_default_authorizer: kept when the operation names an authorizer of the API (or
/// AWS_IAM) or says NONE, added after its other requirements otherwise.
void default_authorizer(Value& op, Location at, const std::string& def, const Value& auth, Usage& used) {
  const Value* authorizers = as_map(auth.get("Authorizers"));
  auto is_authorizer = [&](const std::string& k) {
    return k == "AWS_IAM" || (authorizers && authorizers->get(k));
  };
  Value* sec = op.get("security");
  if (sec && !sec->is_list()) return;
  if (sec)
    for (const Value& req : sec->items())
      for (const model::Member& m : req.members())
        if (m.key == "NONE" || is_authorizer(m.key)) {
          if (m.key == "AWS_IAM") used.iam = true;
          return;
        }
  if (!sec) sec = &op.set("security", Value::list(at), at);
  const Value* scopes = field(field(authorizers, def), "AuthorizationScopes");
  sec->push(requirement(def, def == "AWS_IAM" ? nullptr : scopes, at));
  if (def == "AWS_IAM") used.iam = true;
}

void api_key_required(Value& op, Location at, Usage& used) {
  Value* sec = op.get("security");
  if (sec && !sec->is_list()) return;
  if (sec)
    for (const Value& req : sec->items())
      if (req.get("api_key")) {
        used.api_key = true;
        return;
      }
  if (!sec) sec = &op.set("security", Value::list(at), at);
  sec->push(requirement("api_key", nullptr, at));
  used.api_key = true;
}

/// The authorizers of `auth` added to `defs` (the user's own entries win).
void add_definitions(Value& defs, const Value& auth, const Usage& used, bool http, Location loc) {
  if (const Value* authorizers = as_map(auth.get("Authorizers")))
    for (const model::Member& m : authorizers->members()) {
      if (!m.value.is_map() || defs.get(m.key)) continue;
      auto d = http ? http_authorizer(m.value, m.key_loc) : rest_authorizer(m.key, m.value, m.key_loc);
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

}  // namespace

Value user_body(const Value& body, const std::vector<Route>& routes, const Value& auth, bool http,
                bool merge_routes, Location loc) {
  Value doc = body;
  Value* paths_v = doc.get("paths");
  if (!paths_v) paths_v = &doc.set("paths", Value::map(loc), loc);
  if (!paths_v->is_map()) return doc;
  Usage used;
  if (merge_routes) {
    // HTTP APIs add event routes the body lacks; REST APIs with MergeDefinitions let the
    // generated operations replace the user's.
    Value generated = paths(routes, auth, http, used, loc);
    for (model::Member& p : generated.members()) {
      Value* item = paths_v->get(p.key);
      if (!item) {
        paths_v->set(p.key, std::move(p.value), p.key_loc);
        continue;
      }
      if (!item->is_map()) continue;
      for (model::Member& op : p.value.members())
        if (!http || !item->get(op.key)) item->set(op.key, std::move(op.value), op.key_loc);
    }
  }
  std::optional<std::string> def = literal(auth.get("DefaultAuthorizer"));
  bool keys = !http && maybe_true(auth.get("ApiKeyRequired"));
  for (model::Member& p : paths_v->members()) {
    if (!p.value.is_map()) continue;
    for (model::Member& op : p.value.members()) {
      if (!is_method(op.key) || !op.value.is_map()) continue;
      // What SAM adds is reported at the method key, the operation's own line.
      if (def && *def != "NONE") default_authorizer(op.value, op.key_loc, *def, auth, used);
      if (keys) api_key_required(op.value, op.key_loc, used);
      if (const Value* sec = op.value.get("security"); sec && sec->is_list())
        for (const Value& req : sec->items())
          if (req.get("AWS_IAM")) used.iam = true;
    }
  }
  if (!as_map(auth.get("Authorizers")) && !used.iam && !used.api_key && !def) return doc;
  if (http) {
    Value* components = doc.get("components");
    if (!components) components = &doc.set("components", Value::map(loc), loc);
    if (!components->is_map()) return doc;
    Value* schemes = components->get("securitySchemes");
    if (!schemes) schemes = &components->set("securitySchemes", Value::map(loc), loc);
    if (schemes->is_map()) add_definitions(*schemes, auth, used, true, loc);
  } else {
    Value* defs = doc.get("securityDefinitions");
    if (!defs) defs = &doc.set("securityDefinitions", Value::map(loc), loc);
    if (defs->is_map()) add_definitions(*defs, auth, used, false, loc);
  }
  return doc;
}

Value swagger_body(const std::vector<Route>& routes, const Value& auth, const Value* cors,
                   Location loc) {
  Usage used;
  Value doc = Value::map(loc);
  doc.set("swagger", str("2.0", loc), loc);
  doc.set("info", info(loc), loc);
  Value p = paths(routes, auth, false, used, loc);
  if (cors && !cors->is_null())
    for (model::Member& m : p.members())
      if (m.value.is_map() && !m.value.get("options"))
        m.value.set("options", preflight(auth, m.key_loc, used), m.key_loc);
  doc.set("paths", std::move(p), loc);
  Value defs = Value::map(loc);
  if (const Value* authorizers = as_map(auth.get("Authorizers")))
    for (const model::Member& m : authorizers->members())
      if (m.value.is_map())
        if (auto d = rest_authorizer(m.key, m.value, m.key_loc)) defs.set(m.key, std::move(*d), m.key_loc);
  if (used.iam || maybe_text(auth.get("DefaultAuthorizer"), "AWS_IAM")) defs.set("AWS_IAM", iam_scheme(loc), loc);
  if (used.api_key) {
    Value k = Value::map(loc);
    k.set("type", str("apiKey", loc), loc);
    k.set("name", str("x-api-key", loc), loc);
    k.set("in", str("header", loc), loc);
    defs.set("api_key", std::move(k), loc);
  }
  if (!defs.members().empty()) doc.set("securityDefinitions", std::move(defs), loc);
  return doc;
}

Value openapi3_body(const std::vector<Route>& routes, const Value& auth, Location loc) {
  Usage used;
  Value doc = Value::map(loc);
  doc.set("openapi", str("3.0.1", loc), loc);
  doc.set("info", info(loc), loc);
  doc.set("paths", paths(routes, auth, true, used, loc), loc);
  Value schemes = Value::map(loc);
  if (const Value* authorizers = as_map(auth.get("Authorizers")))
    for (const model::Member& m : authorizers->members())
      if (m.value.is_map())
        if (auto d = http_authorizer(m.value, m.key_loc)) schemes.set(m.key, std::move(*d), m.key_loc);
  if (used.iam || maybe_true(auth.get("EnableIamAuthorizer"))) schemes.set("AWS_IAM", iam_scheme(loc), loc);
  if (!schemes.members().empty()) {
    Value components = Value::map(loc);
    components.set("securitySchemes", std::move(schemes), loc);
    doc.set("components", std::move(components), loc);
  }
  return doc;
}

}  // namespace kl::sam::detail
