// Function events beyond the common ones, as the translator expands them: SNS
// subscriptions, CloudWatch Logs subscription filters, EventBridge Scheduler schedules
// (with their `<Fn><Event>Role`), IoT topic rules, and the Kafka / MQ / DocumentDB event
// source mappings.
#include "sam/detail.h"

namespace kl::sam::detail {
namespace {

void sns(Ctx& ctx, Resource& fn, const std::string& name, Location loc, const Value& props) {
  Resource& p = emit_permission(ctx, fn, fn.id + name + "Permission", "sns.amazonaws.com", loc);
  copy_prop(props, p.properties, "Topic", "SourceArn");
  add_ref_edges(p, p.properties, "Properties");
  Resource& sub = ctx.emit(fn.id + name, "AWS::SNS::Subscription", loc, fn.id);
  sub.properties.set("Endpoint", get_att(fn.id, "Arn", loc), loc);
  sub.properties.set("Protocol", str("lambda", loc), loc);
  copy_prop(props, sub.properties, "Topic", "TopicArn");
  for (const char* key : {"FilterPolicy", "FilterPolicyScope", "Region", "RedrivePolicy"})
    copy_prop(props, sub.properties, key);
  add_ref_edges(sub, sub.properties, "Properties");
  if (const Value* topic = props.get("Topic"); topic && !model::resource_ref(*topic).empty())
    fn.edges.push_back({model::EdgeKind::EventSource, model::resource_ref(*topic), "Events." + name});
  if (props.get("SqsSubscription"))
    ctx.note(loc, "the SqsSubscription of SNS event '" + name + "' is not expanded yet");
}

void logs(Ctx& ctx, Resource& fn, const std::string& name, Location loc, const Value& props) {
  Resource& p = emit_permission(ctx, fn, fn.id + name + "Permission", "logs.amazonaws.com", loc);
  p.properties.set("SourceArn", Value::unknown("arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:"
                                               "${LogGroupName}:*", loc), loc);
  Resource& f = ctx.emit(fn.id + name, "AWS::Logs::SubscriptionFilter", loc, fn.id);
  copy_prop(props, f.properties, "LogGroupName");
  copy_prop(props, f.properties, "FilterPattern");
  f.properties.set("DestinationArn", get_att(fn.id, "Arn", loc), loc);
  add_ref_edges(f, f.properties, "Properties");
  if (const Value* g = props.get("LogGroupName"); g && !model::resource_ref(*g).empty())
    fn.edges.push_back({model::EdgeKind::EventSource, model::resource_ref(*g), "Events." + name});
}

void schedule_v2(Ctx& ctx, Resource& fn, const std::string& name, Location loc, const Value& props) {
  std::string id = fn.id + name;
  Resource& s = ctx.emit(id, "AWS::Scheduler::Schedule", loc, fn.id);
  for (const model::Member& m : props.members())
    if (m.key != "RoleArn" && m.key != "Input" && m.key != "DeadLetterConfig" && m.key != "RetryPolicy" &&
        m.key != "PermissionsBoundary")
      s.properties.set(m.key, m.value, m.key_loc);
  if (!props.get("FlexibleTimeWindow")) {
    Value w = Value::map(loc);
    w.set("Mode", str("OFF", loc), loc);
    s.properties.set("FlexibleTimeWindow", std::move(w), loc);
  }
  if (!props.get("Name")) s.properties.set("Name", str(id, loc), loc);
  Value target = Value::map(loc);
  target.set("Arn", get_att(fn.id, "Arn", loc), loc);
  copy_prop(props, target, "Input");
  copy_prop(props, target, "RetryPolicy");
  std::string role_id;
  if (const model::Member* given = props.member("RoleArn")) {
    target.set("RoleArn", given->value, given->key_loc);
  } else {
    role_id = id + "Role";
    target.set("RoleArn", get_att(role_id, "Arn", loc), loc);
  }
  s.properties.set("Target", std::move(target), loc);
  add_ref_edges(s, s.properties, "Properties");
  fn.edges.push_back({model::EdgeKind::EventSource, id, "Events." + name});
  if (role_id.empty()) return;

  Value invoke = Value::map(loc);
  invoke.set("Action", str("lambda:InvokeFunction", loc), loc);
  invoke.set("Effect", str("Allow", loc), loc);
  invoke.set("Resource", get_att(fn.id, "Arn", loc), loc);
  Value statements = Value::list(loc);
  statements.push(std::move(invoke));
  Value doc = Value::map(loc);
  doc.set("Statement", std::move(statements), loc);
  Value policy = Value::map(loc);
  policy.set("PolicyName", str(id + "LambdaPolicy", loc), loc);
  policy.set("PolicyDocument", std::move(doc), loc);
  RoleSpec spec;
  spec.owner = id;
  spec.loc = loc;
  spec.service = "scheduler.amazonaws.com";
  spec.always_list_managed = false;
  spec.boundary = props.get("PermissionsBoundary");
  spec.created_by_tag = "lambda:createdBy";
  Resource& role = emit_role(ctx, spec);
  role.generated_from = fn.id;
  role.properties.erase("Tags");
  Value list = Value::list(loc);
  list.push(std::move(policy));
  role.properties.set("Policies", std::move(list), loc);
  role.edges.push_back({model::EdgeKind::Ref, fn.id, "Properties.Policies"});
  ctx.out.find(id)->edges.push_back({model::EdgeKind::Role, role_id, "Properties.Target.RoleArn"});
}

void iot(Ctx& ctx, Resource& fn, const std::string& name, Location loc, const Value& props) {
  std::string id = fn.id + name;
  Resource& p = emit_permission(ctx, fn, id + "Permission", "iot.amazonaws.com", loc);
  p.properties.set("SourceAccount", Value::unknown("pseudo parameter 'AWS::AccountId'", loc), loc);
  p.properties.set("SourceArn", Value::unknown("arn:aws:iot:${AWS::Region}:${AWS::AccountId}:rule/${" + id + "}", loc),
                   loc);
  p.edges.push_back({model::EdgeKind::Ref, id, "Properties.SourceArn"});
  Resource& rule = ctx.emit(id, "AWS::IoT::TopicRule", loc, fn.id);
  Value payload = Value::map(loc);
  copy_prop(props, payload, "Sql");
  copy_prop(props, payload, "AwsIotSqlVersion");
  payload.set("RuleDisabled", boolean(false, loc), loc);
  Value lambda = Value::map(loc);
  lambda.set("FunctionArn", get_att(fn.id, "Arn", loc), loc);
  Value action = Value::map(loc);
  action.set("Lambda", std::move(lambda), loc);
  Value actions = Value::list(loc);
  actions.push(std::move(action));
  payload.set("Actions", std::move(actions), loc);
  rule.properties.set("TopicRulePayload", std::move(payload), loc);
  rule.edges.push_back({model::EdgeKind::Ref, fn.id, "Properties.TopicRulePayload"});
  fn.edges.push_back({model::EdgeKind::EventSource, id, "Events." + name});
}

/// Kafka, MQ and DocumentDB: an event source mapping whose source key differs per type.
void mapping(Ctx& ctx, Resource& fn, Resource* role, const std::string& name, Location loc,
             const Value& props, const char* source_key, const char* managed_arn, bool mq) {
  Resource& esm = ctx.emit(fn.id + name, "AWS::Lambda::EventSourceMapping", loc, fn.id);
  esm.properties.set("FunctionName", ref_to(fn.id, loc), loc);
  for (const model::Member& m : props.members()) {
    if (source_key && m.key == source_key) esm.properties.set("EventSourceArn", m.value, m.key_loc);
    else esm.properties.set(m.key, m.value, m.key_loc);
  }
  esm.edges.push_back({model::EdgeKind::Ref, fn.id, "Properties.FunctionName"});
  add_ref_edges(esm, esm.properties, "Properties");
  if (managed_arn) add_managed_policy(role, managed_arn, loc);
  if (!mq || !role) return;
  // SAM grants the function's role what the MQ poller needs, in one inline policy.
  Value* policies = role->properties.get("Policies");
  if (!policies) policies = &role->properties.set("Policies", Value::list(loc), loc);
  if (!policies->is_list()) return;
  Value stmt = Value::map(loc);
  Value actions = Value::list(loc);
  for (const char* a : {"secretsmanager:GetSecretValue", "mq:DescribeBroker"}) actions.push(str(a, loc));
  stmt.set("Action", std::move(actions), loc);
  stmt.set("Effect", str("Allow", loc), loc);
  Value resources = Value::list(loc);
  if (const Value* broker = props.get("Broker")) resources.push(*broker);
  if (const Value* access = props.get("SourceAccessConfigurations"); access && access->is_list())
    for (const Value& a : access->items())
      if (const Value* uri = a.get("URI")) resources.push(*uri);
  stmt.set("Resource", std::move(resources), loc);
  Value statements = Value::list(loc);
  statements.push(std::move(stmt));
  Value doc = Value::map(loc);
  doc.set("Statement", std::move(statements), loc);
  Value entry = Value::map(loc);
  entry.set("PolicyName", str("SamAutoGeneratedAMQPolicy", loc), loc);
  entry.set("PolicyDocument", std::move(doc), loc);
  policies->push(std::move(entry));
}

}  // namespace

bool expand_other_event(Ctx& ctx, Resource& fn, Resource* role, const std::string& name, Location loc,
                        const std::string& type, const Value& props) {
  if (type == "SNS") sns(ctx, fn, name, loc, props);
  else if (type == "CloudWatchLogs") logs(ctx, fn, name, loc, props);
  else if (type == "ScheduleV2") schedule_v2(ctx, fn, name, loc, props);
  else if (type == "IoTRule") iot(ctx, fn, name, loc, props);
  else if (type == "MSK")
    mapping(ctx, fn, role, name, loc, props, "Stream",
            "arn:aws:iam::aws:policy/service-role/AWSLambdaMSKExecutionRole", false);
  else if (type == "MQ") mapping(ctx, fn, role, name, loc, props, "Broker", nullptr, true);
  else if (type == "SelfManagedKafka") mapping(ctx, fn, role, name, loc, props, nullptr, nullptr, false);
  else if (type == "DocumentDB") mapping(ctx, fn, role, name, loc, props, "Cluster", nullptr, false);
  else return false;
  return true;
}

}  // namespace kl::sam::detail
