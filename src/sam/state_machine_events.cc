// A state machine's Events as the translator expands them: an Api event becomes a route
// (on the implicit or an explicit REST API) whose integration starts an execution; a
// Schedule or EventBridgeRule event becomes a rule targeting the state machine. Each gets
// `<Id><Event>Role`, assumed by API Gateway or EventBridge, allowed states:StartExecution.
#include "sam/detail.h"

namespace kl::sam::detail {
namespace {

std::string start_role(Ctx& ctx, const Resource& sm, const std::string& name, const char* service,
                       Location loc) {
  std::string id = sm.id + name + "Role";
  RoleSpec spec;
  spec.owner = sm.id + name;
  spec.loc = loc;
  spec.service = service;
  spec.always_list_managed = false;
  spec.created_by_tag = "stateMachine:createdBy";
  Resource& role = emit_role(ctx, spec);
  role.generated_from = sm.id;
  role.properties.erase("Tags");
  Value stmt = Value::map(loc);
  stmt.set("Action", str("states:StartExecution", loc), loc);
  stmt.set("Effect", str("Allow", loc), loc);
  stmt.set("Resource", ref_to(sm.id, loc), loc);
  Value statements = Value::list(loc);
  statements.push(std::move(stmt));
  Value doc = Value::map(loc);
  doc.set("Statement", std::move(statements), loc);
  Value policy = Value::map(loc);
  policy.set("PolicyName", str(id + "StartExecutionPolicy", loc), loc);
  policy.set("PolicyDocument", std::move(doc), loc);
  Value list = Value::list(loc);
  list.push(std::move(policy));
  role.properties.set("Policies", std::move(list), loc);
  role.edges.push_back({model::EdgeKind::Ref, sm.id, "Properties.Policies"});
  return id;
}

void rule(Ctx& ctx, Resource& sm, const std::string& name, Location loc, const Value& props, bool schedule) {
  std::string role_id = start_role(ctx, sm, name, "events.amazonaws.com", loc);
  Resource& r = ctx.emit(sm.id + name, "AWS::Events::Rule", loc, sm.id);
  if (schedule) {
    copy_prop(props, r.properties, "Schedule", "ScheduleExpression");
    copy_prop(props, r.properties, "Description");
    if (const model::Member* en = props.member("Enabled"))
      r.properties.set("State", str(maybe_true(&en->value) ? "ENABLED" : "DISABLED", en->key_loc), en->key_loc);
  } else {
    copy_prop(props, r.properties, "Pattern", "EventPattern");
    copy_prop(props, r.properties, "EventBusName");
  }
  Value target = Value::map(loc);
  target.set("Arn", ref_to(sm.id, loc), loc);
  target.set("Id", str(sm.id + name + "StepFunctionsTarget", loc), loc);
  target.set("RoleArn", get_att(role_id, "Arn", loc), loc);
  copy_prop(props, target, "Input");
  Value targets = Value::list(loc);
  targets.push(std::move(target));
  r.properties.set("Targets", std::move(targets), loc);
  add_ref_edges(r, r.properties, "Properties");
  ctx.out.find(sm.id)->edges.push_back({model::EdgeKind::EventSource, r.id, "Events." + name});
}

void api(Ctx& ctx, Resource& sm, const std::string& name, Location loc, const Value& props) {
  auto path = known(props.get("Path"));
  auto method = known(props.get("Method"));
  if (!path || !method) {
    ctx.warn(loc, "event '" + name + "' of '" + sm.id + "' needs a known 'Path' and 'Method'");
    return;
  }
  std::string api = kImplicitRestApi;
  if (const Value* id = props.get("RestApiId")) api = model::resource_ref(*id);
  std::string role_id = start_role(ctx, sm, name, "apigateway.amazonaws.com", loc);
  if (api.empty() || (api != kImplicitRestApi && !ctx.sam_rest_apis.count(api))) return;
  Route route;
  route.path = *path;
  route.method = *method;
  for (char& c : route.method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (route.method == "any") route.method = "x-amazon-apigateway-any-method";
  route.function = sm.id;
  route.event = name;
  route.loc = loc;
  if (const Value* a = as_map(props.get("Auth"))) route.auth = *a;
  route.start_execution_role = role_id;
  ctx.rest_routes[api].push_back(std::move(route));
  ctx.out.find(sm.id)->edges.push_back({model::EdgeKind::EventSource, api, "Events." + name});
}

}  // namespace

void expand_state_machine_events(Ctx& ctx, Resource& sm, const Value& events) {
  if (!events.is_map()) {
    ctx.warn(events.loc(), "'Events' of '" + sm.id + "' must be a map, not a " + model::kind_name(events.kind()));
    return;
  }
  std::string id = sm.id;
  for (const model::Member& ev : events.members()) {
    if (!ev.value.is_map()) {
      ctx.warn(ev.value.loc(), "event '" + ev.key + "' of '" + id + "' must be a map");
      continue;
    }
    auto type = literal(ev.value.get("Type"));
    const Value* raw = ev.value.get("Properties");
    Value empty = Value::map(ev.key_loc);
    const Value& props = raw && raw->is_map() ? *raw : empty;
    Resource& s = *ctx.out.find(id);
    if (type == std::optional<std::string>("Api")) api(ctx, s, ev.key, ev.key_loc, props);
    else if (type == std::optional<std::string>("Schedule")) rule(ctx, s, ev.key, ev.key_loc, props, true);
    else if (type == std::optional<std::string>("EventBridgeRule") || type == std::optional<std::string>("CloudWatchEvent"))
      rule(ctx, s, ev.key, ev.key_loc, props, false);
    else
      ctx.note(ev.key_loc, "event type '" + type.value_or("?") + "' of state machine '" + id + "' is not expanded yet");
  }
}

}  // namespace kl::sam::detail
