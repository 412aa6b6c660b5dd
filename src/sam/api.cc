// AWS::Serverless::Api, and the implicit ServerlessRestApi SAM creates for Api events
// without RestApiId -> AWS::ApiGateway::RestApi (Body: the OpenAPI document of its routes,
// or the user's DefinitionBody kept as written), `<Api>Deployment<hash>`,
// `<Api><StageName>Stage`, Lambda authorizer permissions, usage plans and custom domains.
#include "sam/detail.h"

namespace kl::sam::detail {

std::optional<Value> resource_policy(Ctx& ctx, const Value& rp, const std::vector<Route>& routes,
                                     const std::string& stage, Location loc);

namespace {

Value endpoint_configuration(const Value& v) {
  Location loc = v.loc();
  Value out = Value::map(loc);
  Value types = Value::list(loc);
  if (v.is_map()) {
    if (const Value* t = v.get("Type")) types.push(*t);
    copy_prop(v, out, "VPCEndpointIds", "VpcEndpointIds");
  } else {
    types.push(v);
  }
  out.set("Types", std::move(types), loc);
  return out;
}

/// "/internal" -> "internal" for logical ids (the translator keeps only alphanumerics).
std::string alnum(const std::string& s) {
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c))) out += c;
  return out;
}

void authorizers(Ctx& ctx, Resource& api, const Value& auth, bool rest) {
  const Value* list = auth.get("Authorizers");
  if (!list) return;
  if (!list->is_map()) {
    ctx.warn(list->loc(), "'Authorizers' of '" + api.id + "' must be a map");
    return;
  }
  std::string api_id = api.id;
  for (const model::Member& m : list->members()) {
    if (!m.value.is_map()) {
      ctx.warn(m.value.loc(), "authorizer '" + m.key + "' of '" + api_id + "' must be a map");
      continue;
    }
    for (const char* key : {"FunctionArn", "UserPoolArn"}) {
      const Value* target = m.value.get(key);
      if (!target) continue;
      std::vector<const Value*> targets{target};
      if (target->is_list())
        for (const Value& t : target->items()) targets.push_back(&t);
      for (const Value* t : targets)
        if (std::string id = model::resource_ref(*t); !id.empty())
          ctx.out.find(api_id)->edges.push_back(
              {model::EdgeKind::Authorizer, id, "Auth.Authorizers." + m.key});
    }
    const Value* fn = m.value.get("FunctionArn");
    if (!rest || !fn || maybe_true(m.value.get("DisableFunctionDefaultPermissions"))) continue;
    Resource& p = ctx.emit(api_id + m.key + "AuthorizerPermission", "AWS::Lambda::Permission", m.key_loc,
                           ctx.out.find(api_id)->generated_from.empty() ? api_id
                                                                        : ctx.out.find(api_id)->generated_from);
    p.properties.set("Action", str("lambda:InvokeFunction", m.key_loc), m.key_loc);
    p.properties.set("FunctionName", *fn, m.key_loc);
    p.properties.set("Principal", str("apigateway.amazonaws.com", m.key_loc), m.key_loc);
    p.properties.set("SourceArn",
                     Value::unknown("arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${" + api_id +
                                        "}/authorizers/*", m.key_loc),
                     m.key_loc);
    add_ref_edges(p, p.properties, "Properties");
  }
}

void usage_plan(Ctx& ctx, const std::string& api, const std::string& from, const Value& auth,
                const std::string& stage_id) {
  const Value* plan = as_map(auth.get("UsagePlan"));
  if (!plan) return;
  auto kind = known(plan->get("CreateUsagePlan"));
  if (!kind || *kind == "NONE") return;
  Location loc = key_loc(&auth, "UsagePlan", plan->loc());
  std::string prefix = *kind == "SHARED" ? "Serverless" : api;
  if (*kind == "SHARED" && ctx.out.find("ServerlessUsagePlan")) return;
  Resource& up = ctx.emit(prefix + "UsagePlan", "AWS::ApiGateway::UsagePlan", loc, from);
  Value stages = Value::list(loc);
  Value s = Value::map(loc);
  s.set("ApiId", ref_to(api, loc), loc);
  s.set("Stage", ref_to(stage_id, loc), loc);
  stages.push(std::move(s));
  up.properties.set("ApiStages", std::move(stages), loc);
  for (const char* key : {"Description", "Quota", "Throttle", "UsagePlanName"}) copy_prop(*plan, up.properties, key);
  Resource& key = ctx.emit(prefix + "ApiKey", "AWS::ApiGateway::ApiKey", loc, from);
  key.properties.set("Enabled", boolean(true, loc), loc);
  Resource& upk = ctx.emit(prefix + "UsagePlanKey", "AWS::ApiGateway::UsagePlanKey", loc, from);
  upk.properties.set("KeyId", ref_to(prefix + "ApiKey", loc), loc);
  upk.properties.set("KeyType", str("API_KEY", loc), loc);
  upk.properties.set("UsagePlanId", ref_to(prefix + "UsagePlan", loc), loc);
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
  Resource& dn = ctx.emit("ApiGatewayDomainName" + hash10(name), "AWS::ApiGateway::DomainName", loc, from);
  copy_prop(d, dn.properties, "DomainName");
  bool edge = maybe_text(d.get("EndpointConfiguration"), "EDGE");
  copy_prop(d, dn.properties, "CertificateArn", edge ? "CertificateArn" : "RegionalCertificateArn");
  Value types = Value::list(loc);
  types.push(d.get("EndpointConfiguration") ? *d.get("EndpointConfiguration") : str("REGIONAL", loc));
  Value ec = Value::map(loc);
  ec.set("Types", std::move(types), loc);
  dn.properties.set("EndpointConfiguration", std::move(ec), loc);
  copy_prop(d, dn.properties, "SecurityPolicy");
  copy_prop(d, dn.properties, "MutualTlsAuthentication");
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
  if (bases.empty()) bases.push_back("");
  for (const std::string& b : bases) {
    Resource& map = ctx.emit(api + alnum(b) + "BasePathMapping", "AWS::ApiGateway::BasePathMapping", loc, from);
    std::string trimmed = b;
    while (!trimmed.empty() && trimmed.front() == '/') trimmed.erase(0, 1);
    if (!trimmed.empty()) map.properties.set("BasePath", str(trimmed, loc), loc);
    map.properties.set("DomainName", ref_to(domain_id, loc), loc);
    map.properties.set("RestApiId", ref_to(api, loc), loc);
    map.properties.set("Stage", ref_to(stage_id, loc), loc);
  }
}

}  // namespace

void expand_rest_api(Ctx& ctx, const Resource* sam, const std::string& id) {
  const std::vector<Route>& routes = ctx.rest_routes[id];
  Location loc = sam ? sam->loc : (routes.empty() ? Location{} : routes.front().loc);
  std::string from = sam ? "" : (routes.empty() ? "" : routes.front().function);
  Value props = merge_globals(ctx.globals, "Api", sam ? sam->properties : Value::map(loc));
  if (!props.is_map()) props = Value::map(loc);
  Value empty = Value::map(loc);
  const Value* auth_v = props.get("Auth");
  if (auth_v && !auth_v->is_map()) ctx.warn(auth_v->loc(), "'Auth' of '" + id + "' must be a map");
  const Value& auth = auth_v && auth_v->is_map() ? *auth_v : empty;

  Resource& api = ctx.emit(id, "AWS::ApiGateway::RestApi", loc, from);
  if (sam) {
    api.metadata = sam->metadata;
    api.condition = sam->condition;
  }
  Value& out = api.properties;
  if (const model::Member* body = props.member("DefinitionBody")) {
    if (body->value.is_map()) {
      bool merge = maybe_true(props.get("MergeDefinitions"));
      out.set("Body", user_body(body->value, routes, auth, false, merge, body->key_loc), body->key_loc);
      if (!routes.empty() && !merge)
        ctx.note(body->key_loc, "SAM does not add the Api events of '" + id +
                                    "' to its DefinitionBody; only their permissions are deployed");
    } else {
      out.set("Body", opaque_body(ctx, body->value, id), body->key_loc);
    }
  } else if (const model::Member* uri = props.member("DefinitionUri")) {
    out.set("BodyS3Location", s3_location(uri->value, "Bucket", "Key", "Version"), uri->key_loc);
  } else {
    out.set("Body", swagger_body(routes, auth, props.get("Cors"), props.get("OpenApiVersion"), loc), loc);
  }
  for (const char* key : {"Name", "Description", "BinaryMediaTypes", "MinimumCompressionSize",
                          "ApiKeySourceType", "Mode", "FailOnWarnings", "DisableExecuteApiEndpoint"})
    copy_prop(props, out, key);
  if (const model::Member* ec = props.member("EndpointConfiguration"))
    out.set("EndpointConfiguration", endpoint_configuration(ec->value), ec->key_loc);

  std::string stage_name = sam ? "" : "Prod";
  const Value* stage_v = props.get("StageName");
  if (sam) {
    if (!stage_v) ctx.warn(loc, "AWS::Serverless::Api '" + id + "' has no 'StageName'");
    stage_name = literal(stage_v).value_or("");
  }
  if (const model::Member* rp = auth.member("ResourcePolicy"))
    if (auto policy = resource_policy(ctx, rp->value, routes, stage_name.empty() ? "*" : stage_name, rp->key_loc))
      out.set("Policy", std::move(*policy), rp->key_loc);
  add_ref_edges(api, out, "Properties");
  authorizers(ctx, api, auth, true);
  for (const Route& r : routes)
    ctx.out.find(id)->edges.push_back({model::EdgeKind::Ref, r.function, "Body.paths." + r.path});

  const Value* body = ctx.out.find(id)->properties.get("Body");
  std::string deployment_id = id + "Deployment" + hash10(id + (body ? body->debug() : ""));
  Resource& dep = ctx.emit(deployment_id, "AWS::ApiGateway::Deployment", loc, from.empty() ? id : from);
  dep.properties.set("RestApiId", ref_to(id, loc), loc);
  dep.properties.set("Description", str("RestApi deployment id: " + deployment_id.substr(id.size() + 10), loc), loc);
  // SAM's historical extra "Stage" stage, which OpenApiVersion turns off.
  if (!props.get("OpenApiVersion")) dep.properties.set("StageName", str("Stage", loc), loc);
  dep.edges.push_back({model::EdgeKind::Ref, id, "Properties.RestApiId"});

  std::string stage_id = id + stage_name + "Stage";
  Resource& stage = ctx.emit(stage_id, "AWS::ApiGateway::Stage", key_loc(&props, "StageName", loc),
                             from.empty() ? id : from);
  stage.properties.set("RestApiId", ref_to(id, loc), loc);
  stage.properties.set("DeploymentId", ref_to(deployment_id, loc), loc);
  stage.properties.set("StageName", stage_v ? *stage_v : str(stage_name, loc), key_loc(&props, "StageName", loc));
  for (const char* key : {"MethodSettings", "CacheClusterEnabled", "CacheClusterSize", "AccessLogSetting",
                          "TracingEnabled", "Variables", "CanarySetting", "ClientCertificateId"})
    copy_prop(props, stage.properties, key);
  if (const Value* tags = props.get("Tags"); tags && tags->is_map())
    stage.properties.set("Tags", tag_list(tags, "aws:cloudformation:createdBy", loc), loc);
  stage.edges.push_back({model::EdgeKind::Ref, id, "Properties.RestApiId"});
  stage.edges.push_back({model::EdgeKind::Ref, deployment_id, "Properties.DeploymentId"});
  add_ref_edges(stage, stage.properties, "Properties");

  usage_plan(ctx, id, from.empty() ? id : from, auth, stage_id);
  domain(ctx, id, from.empty() ? id : from, props, stage_id);
}

}  // namespace kl::sam::detail
