// AWS::Serverless::HttpApi, and the implicit ServerlessHttpApi SAM creates for HttpApi
// events without ApiId -> AWS::ApiGatewayV2::Api (Body: OpenAPI 3 with the routes and
// components.securitySchemes, or the user's DefinitionBody), its stage
// (`<Api>ApiGatewayDefaultStage` for `$default`, `<Api><StageName>Stage` otherwise) and
// custom domain (`ApiGatewayDomainNameV2<hash>` + `<Api>ApiMapping`).
#include "sam/detail.h"

namespace kl::sam::detail {
namespace {

Value created_by_tags(Location loc) {
  Value t = Value::map(loc);
  t.set("httpapi:createdBy", str("SAM", loc), loc);
  return t;
}

void domain(Ctx& ctx, const std::string& api, const std::string& from, const Value& props,
            const std::string& stage_id) {
  const model::Member* m = props.member("Domain");
  if (!m) return;
  if (!m->value.is_map()) {
    ctx.warn(m->value.loc(), "'Domain' of '" + api + "' must be a map");
    return;
  }
  const Value& d = m->value;
  Location loc = m->key_loc;
  std::string name = known(d.get("DomainName")).value_or(api);
  Resource& dn = ctx.emit("ApiGatewayDomainNameV2" + hash10(name), "AWS::ApiGatewayV2::DomainName", loc, from);
  copy_prop(d, dn.properties, "DomainName");
  Value cfg = Value::map(loc);
  copy_prop(d, cfg, "CertificateArn");
  if (const Value* ep = d.get("EndpointConfiguration")) cfg.set("EndpointType", *ep, loc);
  else cfg.set("EndpointType", str("REGIONAL", loc), loc);
  copy_prop(d, cfg, "SecurityPolicy");
  Value cfgs = Value::list(loc);
  cfgs.push(std::move(cfg));
  dn.properties.set("DomainNameConfigurations", std::move(cfgs), loc);
  copy_prop(d, dn.properties, "MutualTlsAuthentication");
  dn.properties.set("Tags", created_by_tags(loc), loc);
  std::string domain_id = dn.id;

  std::vector<std::string> bases;
  if (const Value* bp = d.get("BasePath")) {
    if (bp->is_list()) {
      for (const Value& b : bp->items())
        if (auto t = known(&b)) bases.push_back(*t);
    } else if (auto t = known(bp)) {
      bases.push_back(*t);
    }
  }
  if (bases.empty() || (bases.size() == 1 && (bases[0].empty() || bases[0] == "/"))) bases = {""};
  for (const std::string& b : bases) {
    std::string key;
    for (char c : b)
      if (std::isalnum(static_cast<unsigned char>(c))) key += c;
    Resource& map = ctx.emit(api + key + "ApiMapping", "AWS::ApiGatewayV2::ApiMapping", loc, from);
    map.properties.set("ApiId", ref_to(api, loc), loc);
    map.properties.set("DomainName", ref_to(domain_id, loc), loc);
    map.properties.set("Stage", ref_to(stage_id, loc), loc);
    std::string trimmed = b;
    while (!trimmed.empty() && trimmed.front() == '/') trimmed.erase(0, 1);
    if (!trimmed.empty()) map.properties.set("ApiMappingKey", str(trimmed, loc), loc);
  }
}

}  // namespace

void expand_http_api(Ctx& ctx, const Resource* sam, const std::string& id) {
  const std::vector<Route>& routes = ctx.http_routes[id];
  Location loc = sam ? sam->loc : (routes.empty() ? Location{} : routes.front().loc);
  std::string from = sam ? "" : (routes.empty() ? "" : routes.front().function);
  std::string owner = from.empty() ? id : from;
  Value props = merge_globals(ctx.globals, "HttpApi", sam ? sam->properties : Value::map(loc));
  if (!props.is_map()) props = Value::map(loc);
  Value empty = Value::map(loc);
  const Value* auth_v = props.get("Auth");
  if (auth_v && !auth_v->is_map()) ctx.warn(auth_v->loc(), "'Auth' of '" + id + "' must be a map");
  const Value& auth = auth_v && auth_v->is_map() ? *auth_v : empty;
  if (const Value* list = auth.get("Authorizers"); list && !list->is_map())
    ctx.warn(list->loc(), "'Authorizers' of '" + id + "' must be a map");

  Resource& api = ctx.emit(id, "AWS::ApiGatewayV2::Api", loc, from);
  if (sam) {
    api.metadata = sam->metadata;
    api.condition = sam->condition;
  }
  Value& out = api.properties;
  if (const model::Member* body = props.member("DefinitionBody")) {
    if (body->value.is_map()) {
      out.set("Body", user_body(body->value, routes, auth, true, true, body->key_loc), body->key_loc);
    } else {
      out.set("Body", opaque_body(ctx, body->value, id), body->key_loc);
    }
  } else if (const model::Member* uri = props.member("DefinitionUri")) {
    out.set("BodyS3Location", s3_location(uri->value, "Bucket", "Key", "Version"), uri->key_loc);
  } else {
    out.set("Body", openapi3_body(routes, auth, loc), loc);
  }
  for (const char* key : {"Name", "Description", "DisableExecuteApiEndpoint", "CorsConfiguration",
                          "FailOnWarnings"})
    copy_prop(props, out, key);
  add_ref_edges(api, out, "Properties");
  if (const Value* list = as_map(auth.get("Authorizers")))
    for (const model::Member& m : list->members())
      for (const char* key : {"FunctionArn"})
        if (const Value* t = field(&m.value, key); t && !model::resource_ref(*t).empty())
          api.edges.push_back({model::EdgeKind::Authorizer, model::resource_ref(*t), "Auth.Authorizers." + m.key});
  for (const Route& r : routes) api.edges.push_back({model::EdgeKind::Ref, r.function, "Body.paths." + r.path});
  // HTTP APIs grant a Lambda authorizer's invoke permission only when asked to.
  if (const Value* list = as_map(auth.get("Authorizers")))
    for (const model::Member& m : list->members()) {
      const Value* fn = field(&m.value, "FunctionArn");
      if (!fn || !maybe_true(field(&m.value, "EnableFunctionDefaultPermissions"))) continue;
      Resource& p = ctx.emit(id + m.key + "AuthorizerPermission", "AWS::Lambda::Permission", m.key_loc, owner);
      p.properties.set("Action", str("lambda:InvokeFunction", m.key_loc), m.key_loc);
      p.properties.set("FunctionName", *fn, m.key_loc);
      p.properties.set("Principal", str("apigateway.amazonaws.com", m.key_loc), m.key_loc);
      p.properties.set("SourceArn", Value::unknown("arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${" + id +
                                                       "}/authorizers/*", m.key_loc), m.key_loc);
      add_ref_edges(p, p.properties, "Properties");
    }

  const Value* stage_v = props.get("StageName");
  std::optional<std::string> stage_name = literal(stage_v);
  std::string stage_id = stage_name && *stage_name != "$default" ? id + *stage_name + "Stage"
                         : stage_v && !stage_name             ? id + "Stage"
                                                              : id + "ApiGatewayDefaultStage";
  Location sloc = key_loc(&props, "StageName", loc);
  Resource& stage = ctx.emit(stage_id, "AWS::ApiGatewayV2::Stage", sloc, owner);
  stage.properties.set("ApiId", ref_to(id, loc), loc);
  stage.properties.set("StageName", stage_v ? *stage_v : str("$default", loc), sloc);
  stage.properties.set("AutoDeploy", boolean(true, loc), loc);
  for (const char* key : {"DefaultRouteSettings", "RouteSettings", "AccessLogSettings", "StageVariables"})
    copy_prop(props, stage.properties, key);
  stage.properties.set("Tags", created_by_tags(loc), loc);
  stage.edges.push_back({model::EdgeKind::Ref, id, "Properties.ApiId"});
  add_ref_edges(stage, stage.properties, "Properties");

  domain(ctx, id, owner, props, stage_id);
}

}  // namespace kl::sam::detail
