// A function's Events as the translator expands them. API events become routes of a REST
// or HTTP API (collected here, written into the API's OpenAPI body by api.cc /
// http_api.cc) plus a permission; the others become permissions, event source mappings
// and EventBridge rules named `<Function><Event>...`. Every generated resource carries
// the event name's line.
#include "sam/detail.h"

namespace kl::sam::detail {

Resource& emit_permission(Ctx& ctx, const Resource& fn, const std::string& id, const std::string& principal,
                          Location loc) {
  Resource& p = ctx.emit(id, "AWS::Lambda::Permission", loc, fn.id);
  p.properties.set("Action", str("lambda:InvokeFunction", loc), loc);
  const std::string& target = ctx.target_of(fn.id);
  p.properties.set("FunctionName", ref_to(target, loc), loc);
  p.properties.set("Principal", str(principal, loc), loc);
  p.edges.push_back({model::EdgeKind::Ref, target, "Properties.FunctionName"});
  return p;
}

void add_managed_policy(Resource* role, const char* arn, Location loc) {
  if (!role) return;
  Value* managed = role->properties.get("ManagedPolicyArns");
  if (!managed || !managed->is_list()) return;
  for (const Value& v : managed->items())
    if (v.is_string() && v.str() == arn) return;
  managed->push(str(arn, loc));
}

namespace {

Resource& permission(Ctx& ctx, const Resource& fn, const std::string& id, const std::string& principal,
                     Location loc) {
  return emit_permission(ctx, fn, id, principal, loc);
}

void add_managed(Resource* role, const char* arn, Location loc) { add_managed_policy(role, arn, loc); }

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

/// The API an event attaches to: the implicit one, a SAM API of this template, or none
/// (an API defined elsewhere: only the permission is generated).
std::string api_target(const Value* api_id, const char* implicit) {
  if (!api_id) return implicit;
  return model::resource_ref(*api_id);
}

void api_event(Ctx& ctx, Resource& fn, const std::string& name, Location loc, const Value& props,
               bool http) {
  const Value* path = props.get("Path");
  const Value* method = props.get("Method");
  Route route;
  route.function = fn.id;
  route.event = name;
  route.loc = loc;
  if (const Value* a = as_map(props.get("Auth"))) route.auth = *a;
  if (http && !path && !method) {
    route.path = "$default";
    route.method = "x-amazon-apigateway-any-method";
  } else {
    auto p = known(path);
    auto m = known(method);
    if (!p || !m) {
      ctx.warn(loc, "event '" + name + "' of '" + fn.id + "' needs a known 'Path' and 'Method'");
      return;
    }
    route.path = *p;
    route.method = *m;
    for (char& c : route.method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (route.method == "any") route.method = "x-amazon-apigateway-any-method";
  }
  const Value* api_id = props.get(http ? "ApiId" : "RestApiId");
  std::string api = api_target(api_id, http ? kImplicitHttpApi : kImplicitRestApi);
  bool known_api = api == kImplicitRestApi || api == kImplicitHttpApi ||
                   (http ? ctx.sam_http_apis.count(api) : ctx.sam_rest_apis.count(api));

  std::string id = fn.id + name + "Permission";
  if (http && route.path != "$default" && known_api) {
    // The translator skips the permission when the function's own $default route on the
    // same API already lets API Gateway invoke it (it sorts $default events first).
    for (const Route& other : ctx.http_routes[api])
      if (other.path == "$default" && other.function == fn.id) {
        fn.edges.push_back({model::EdgeKind::EventSource, api, "Events." + name});
        ctx.http_routes[api].push_back(std::move(route));
        return;
      }
  }
  if (!http) {
    std::string suffix = "AllStages";
    if (api == kImplicitRestApi) {
      suffix = "Prod";
    } else if (!api.empty() && ctx.user.count(api)) {
      const Value* stage = ctx.user[api]->properties.get("StageName");
      suffix = literal(stage).value_or("Stage");
    }
    id += suffix;
  }
  Resource& p = permission(ctx, fn, id, "apigateway.amazonaws.com", loc);
  std::string verb = route.method == "x-amazon-apigateway-any-method" ? "*" : upper(route.method);
  std::string arn_path = route.path == "$default" ? "*" : route.path;
  std::string api_text = api.empty() ? "${ApiId}" : "${" + api + "}";
  p.properties.set("SourceArn",
                   Value::unknown("arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:" + api_text +
                                      "/*/" + verb + arn_path, loc),
                   loc);
  if (!api.empty()) p.edges.push_back({model::EdgeKind::Ref, api, "Properties.SourceArn"});
  if (api.empty()) {
    if (api_id) add_ref_edges(p, *api_id, "Properties.SourceArn");
    return;
  }
  fn.edges.push_back({model::EdgeKind::EventSource, api, "Events." + name});
  if (!known_api) return;
  (http ? ctx.http_routes : ctx.rest_routes)[api].push_back(std::move(route));
}

void event_source_mapping(Ctx& ctx, Resource& fn, Resource* role, const std::string& name,
                          Location loc, const Value& props, const char* source_key,
                          const char* managed_arn) {
  Resource& esm = ctx.emit(fn.id + name, "AWS::Lambda::EventSourceMapping", loc, fn.id);
  esm.properties.set("FunctionName", ref_to(fn.id, loc), loc);
  for (const model::Member& m : props.members()) {
    if (m.key == source_key) esm.properties.set("EventSourceArn", m.value, m.key_loc);
    else esm.properties.set(m.key, m.value, m.key_loc);
  }
  esm.edges.push_back({model::EdgeKind::Ref, fn.id, "Properties.FunctionName"});
  add_ref_edges(esm, esm.properties, "Properties");
  if (const Value* src = props.get(source_key); src && !model::resource_ref(*src).empty())
    fn.edges.push_back({model::EdgeKind::EventSource, model::resource_ref(*src), "Events." + name});
  add_managed(role, managed_arn, loc);
}

void rule(Ctx& ctx, Resource& fn, const std::string& name, Location loc, const Value& props,
          bool schedule) {
  Resource& r = ctx.emit(fn.id + name, "AWS::Events::Rule", loc, fn.id);
  if (schedule) {
    copy_prop(props, r.properties, "Schedule", "ScheduleExpression");
    copy_prop(props, r.properties, "Description");
    copy_prop(props, r.properties, "Name");
    if (const model::Member* en = props.member("Enabled"))
      r.properties.set("State", str(maybe_true(&en->value) ? "ENABLED" : "DISABLED", en->key_loc),
                       en->key_loc);
    copy_prop(props, r.properties, "State");
  } else {
    copy_prop(props, r.properties, "Pattern", "EventPattern");
    copy_prop(props, r.properties, "EventBusName");
    copy_prop(props, r.properties, "RuleName", "Name");
    copy_prop(props, r.properties, "State");
  }
  Value target = Value::map(loc);
  target.set("Arn", get_att(fn.id, "Arn", loc), loc);
  target.set("Id", str(fn.id + name + "LambdaTarget", loc), loc);
  copy_prop(props, target, "Input");
  Value targets = Value::list(loc);
  targets.push(std::move(target));
  r.properties.set("Targets", std::move(targets), loc);
  r.edges.push_back({model::EdgeKind::Ref, fn.id, "Properties.Targets"});
  add_ref_edges(r, r.properties, "Properties");
  std::string rule_id = r.id;
  Resource& p = permission(ctx, fn, rule_id + "Permission", "events.amazonaws.com", loc);
  p.properties.set("SourceArn", get_att(rule_id, "Arn", loc), loc);
  p.edges.push_back({model::EdgeKind::Ref, rule_id, "Properties.SourceArn"});
  fn.edges.push_back({model::EdgeKind::EventSource, rule_id, "Events." + name});
}

void s3_event(Ctx& ctx, Resource& fn, const std::string& name, Location loc, const Value& props) {
  Resource& p = permission(ctx, fn, fn.id + name + "Permission", "s3.amazonaws.com", loc);
  p.properties.set("SourceAccount", Value::unknown("pseudo parameter 'AWS::AccountId'", loc), loc);
  const Value* bucket = props.get("Bucket");
  std::string bucket_id = bucket ? model::resource_ref(*bucket) : "";
  if (bucket_id.empty()) {
    ctx.warn(loc, "S3 event '" + name + "' of '" + fn.id + "' must reference a bucket of this template");
    return;
  }
  fn.edges.push_back({model::EdgeKind::EventSource, bucket_id, "Events." + name});
  Value cfg = Value::map(loc);
  cfg.set("Function", get_att(fn.id, "Arn", loc), loc);
  copy_prop(props, cfg, "Filter");
  if (const model::Member* evs = props.member("Events")) {
    if (evs->value.is_list()) {
      for (const Value& e : evs->value.items()) {
        Value one = cfg;
        one.set("Event", e, evs->key_loc);
        ctx.patches.push_back({bucket_id, {"NotificationConfiguration", "LambdaConfigurations"}, one, true, loc});
      }
      return;
    }
    cfg.set("Event", evs->value, evs->key_loc);
  }
  ctx.patches.push_back({bucket_id, {"NotificationConfiguration", "LambdaConfigurations"}, cfg, true, loc});
}

void cognito_event(Ctx& ctx, Resource& fn, const std::string& name, Location loc, const Value& props) {
  const Value* pool = props.get("UserPool");
  std::string pool_id = pool ? model::resource_ref(*pool) : "";
  if (pool_id.empty()) {
    ctx.warn(loc, "Cognito event '" + name + "' of '" + fn.id + "' must reference a user pool of this template");
    return;
  }
  if (!ctx.out.find(fn.id + "CognitoPermission")) {
    Resource& p = permission(ctx, fn, fn.id + "CognitoPermission", "cognito-idp.amazonaws.com", loc);
    p.properties.set("SourceArn", get_att(pool_id, "Arn", loc), loc);
    p.edges.push_back({model::EdgeKind::Ref, pool_id, "Properties.SourceArn"});
  }
  fn.edges.push_back({model::EdgeKind::EventSource, pool_id, "Events." + name});
  const Value* trigger = props.get("Trigger");
  std::vector<const Value*> triggers;
  if (trigger && trigger->is_list()) {
    for (const Value& t : trigger->items()) triggers.push_back(&t);
  } else if (trigger) {
    triggers.push_back(trigger);
  }
  for (const Value* t : triggers)
    if (auto name_text = known(t))
      ctx.patches.push_back({pool_id, {"LambdaConfig", *name_text}, get_att(fn.id, "Arn", t->loc()), false, loc});
}

}  // namespace

void expand_event(Ctx& ctx, Resource& fn, Resource* role, const std::string& name, Location loc,
                  const Value& event) {
  if (!event.is_map()) {
    ctx.warn(event.loc(), "event '" + name + "' of '" + fn.id + "' must be a map");
    return;
  }
  auto type = literal(event.get("Type"));
  if (!type) {
    ctx.warn(loc, "event '" + name + "' of '" + fn.id + "' has no 'Type' string");
    return;
  }
  const Value* raw_props = event.get("Properties");
  Value empty = Value::map(loc);
  const Value& props = raw_props && raw_props->is_map() ? *raw_props : empty;
  if (raw_props && !raw_props->is_map() && !raw_props->is_null())
    ctx.warn(raw_props->loc(), "'Properties' of event '" + name + "' must be a map");

  if (*type == "Api") return api_event(ctx, fn, name, loc, props, false);
  if (*type == "HttpApi") return api_event(ctx, fn, name, loc, props, true);
  if (*type == "SQS")
    return event_source_mapping(ctx, fn, role, name, loc, props, "Queue",
                                "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole");
  if (*type == "DynamoDB")
    return event_source_mapping(ctx, fn, role, name, loc, props, "Stream",
                                "arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole");
  if (*type == "Kinesis")
    return event_source_mapping(ctx, fn, role, name, loc, props, "Stream",
                                "arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole");
  if (*type == "Schedule") return rule(ctx, fn, name, loc, props, true);
  if (*type == "EventBridgeRule" || *type == "CloudWatchEvent") return rule(ctx, fn, name, loc, props, false);
  if (*type == "S3") return s3_event(ctx, fn, name, loc, props);
  if (*type == "Cognito") return cognito_event(ctx, fn, name, loc, props);
  if (expand_other_event(ctx, fn, role, name, loc, *type, props)) return;
  ctx.note(loc, "event type '" + *type + "' of '" + fn.id + "' is not expanded yet");
}

}  // namespace kl::sam::detail
