// `s3`, `sqs`, `stream` and `schedule` events -> buckets, event source mappings, rules and
// the permissions that let them invoke the function.
#include "serverless/compile.h"
#include "serverless/naming.h"

namespace kl::serverless::detail {

using model::Location;
using model::Value;

namespace {

/// The name the framework derives from an ARN or an intrinsic for logical ids:
/// "arn:...:queue-name" -> "queue-name"; {Fn::GetAtt: [Queue, Arn]} -> "Queue".
std::string resource_name(const Value& arn, bool after_slash) {
  if (auto t = text(&arn)) {
    if (after_slash) {  // ...:table/Orders/stream/2024-01-01T00:00:00.000 or ...:stream/name
      size_t a = t->find('/');
      if (a != std::string::npos) {
        size_t b = t->find('/', a + 1);
        return t->substr(a + 1, b == std::string::npos ? b : b - a - 1);
      }
    }
    return t->substr(t->rfind(':') + 1);
  }
  if (arn.is_map() && arn.members().size() == 1) {
    const auto& m = arn.members()[0];
    if (m.key == "Fn::GetAtt") {
      if (m.value.is_list() && !m.value.items().empty()) return text(&m.value.items()[0]).value_or("");
      if (auto s = text(&m.value)) return s->substr(0, s->find('.'));
    }
    if (m.key == "Ref" || m.key == "Fn::ImportValue") return text(&m.value).value_or("");
  }
  if (arn.is_unknown()) return unknown_text(arn);
  return "";
}

void add_permission(Compiler& c, const FunctionDef& f, const std::string& id, const std::string& principal,
                    Value source_arn, Location loc) {
  Generated& p = c.add(id, "AWS::Lambda::Permission", loc, f.name);
  p.properties.set("FunctionName", get_att(f.logical_id, "Arn", loc), loc);
  p.properties.set("Action", str("lambda:InvokeFunction", loc), loc);
  p.properties.set("Principal", str(principal, loc), loc);
  p.properties.set("SourceArn", std::move(source_arn), loc);
}

void edge(Compiler& c, const FunctionDef& f, const std::string& target, const char* via) {
  if (Generated* fn = c.find(f.logical_id)) fn->edges.push_back({model::EdgeKind::EventSource, target, via});
}

void s3_event(Compiler& c, const FunctionDef& f, const Event& e) {
  const Value& ev = *e.value;
  const Value* cfg = ev.is_map() ? &ev : nullptr;
  const Value* bucket = cfg ? cfg->get("bucket") : &ev;
  // An intrinsic (`bucket: !Ref Uploads`) names a bucket made elsewhere: the framework
  // accepts it with `existing: true` (serverless/serverless#9218).
  const bool intrinsic = bucket && bucket->is_map() && bucket->members().size() == 1 &&
                         (bucket->members()[0].key == "Ref" || bucket->members()[0].key.rfind("Fn::", 0) == 0);
  if (!bucket || !(bucket->is_string() || bucket->is_unknown() || intrinsic)) {
    model::add_error(c.diags, e.loc, "s3 event of '" + f.name + "' needs a bucket name");
    return;
  }
  if (cfg && flag(cfg->get("existing")).value_or(false)) return;  // a bucket made elsewhere
  if (intrinsic) {
    // Without `existing` the framework would create a bucket of that name: it needs text.
    model::add_warning(c.diags, e.loc, "s3 event of '" + f.name +
                                           "': a bucket given by an intrinsic needs 'existing: true'; event skipped");
    return;
  }
  std::string name = bucket->is_string() ? bucket->str() : unknown_text(*bucket);
  std::string id = naming::s3_bucket(name);
  Location bl = cfg ? key_loc(cfg, "bucket", e.loc) : e.loc;
  Generated& b = c.add(id, "AWS::S3::Bucket", bl, f.name);
  if (!b.properties.get("BucketName")) b.properties.set("BucketName", *bucket, bl);
  Value* nc = b.properties.get("NotificationConfiguration");
  if (!nc) nc = &b.properties.set("NotificationConfiguration", Value::map(bl), bl);
  Value* lcs = nc->get("LambdaConfigurations");
  if (!lcs) lcs = &nc->set("LambdaConfigurations", Value::list(bl), bl);
  Value lc = Value::map(e.loc);
  lc.set("Event", cfg && cfg->get("event") ? *cfg->get("event") : str("s3:ObjectCreated:*", e.loc), e.loc);
  lc.set("Function", get_att(f.logical_id, "Arn", e.loc), e.loc);
  if (const Value* rules = cfg ? cfg->get("rules") : nullptr; rules && rules->is_list()) {
    Value filter_rules = Value::list(rules->loc());
    for (const Value& r : rules->items())
      if (r.is_map())
        for (const auto& m : r.members()) {
          Value fr = Value::map(m.key_loc);
          fr.set("Name", str(m.key, m.key_loc), m.key_loc);
          fr.set("Value", m.value, m.key_loc);
          filter_rules.push(std::move(fr));
        }
    Value key = Value::map(rules->loc());
    key.set("Rules", std::move(filter_rules), rules->loc());
    Value filter = Value::map(rules->loc());
    filter.set("S3Key", std::move(key), rules->loc());
    lc.set("Filter", std::move(filter), rules->loc());
  }
  lcs->push(std::move(lc));
  std::string perm = naming::s3_permission(f.name, name);
  b.depends_on.push_back(perm);
  add_permission(c, f, perm, "s3.amazonaws.com",
                 bucket->is_string() ? sub("arn:${AWS::Partition}:s3:::" + name, e.loc)
                                     : Value::unknown("arn of bucket " + name, e.loc),
                 e.loc);
  c.find(perm)->properties.set("SourceAccount", ref("AWS::AccountId", e.loc), e.loc);
  edge(c, f, id, "events.s3");
}

void sqs_event(Compiler& c, const FunctionDef& f, const Event& e) {
  const Value& ev = *e.value;
  const Value* cfg = ev.is_map() && !ev.get("Fn::GetAtt") && !ev.get("Ref") ? &ev : nullptr;
  const Value* arn = cfg ? cfg->get("arn") : &ev;
  if (!arn) {
    model::add_error(c.diags, e.loc, "sqs event of '" + f.name + "' needs an 'arn'");
    return;
  }
  std::string queue = resource_name(*arn, false);
  std::string id = naming::sqs_mapping(f.name, queue);
  Generated& m = c.add(id, "AWS::Lambda::EventSourceMapping", e.loc, f.name);
  Value& p = m.properties;
  p.set("BatchSize", cfg && cfg->get("batchSize") ? *cfg->get("batchSize") : Value::number("10", e.loc), e.loc);
  p.set("EventSourceArn", *arn, e.loc);
  p.set("FunctionName", get_att(f.logical_id, "Arn", e.loc), e.loc);
  p.set("Enabled", cfg && cfg->get("enabled") ? *cfg->get("enabled") : Value::boolean(true, e.loc), e.loc);
  if (cfg) {
    if (const model::Member* w = cfg->member("maximumBatchingWindow"))
      p.set("MaximumBatchingWindowInSeconds", w->value, w->key_loc);
    if (const model::Member* r = cfg->member("functionResponseType"))
      p.set("FunctionResponseTypes", list_of({r->value}, r->key_loc), r->key_loc);
  }
  if (f.default_role) m.depends_on.push_back(naming::kRole);
  Value s = Value::map(e.loc);
  s.set("Effect", str("Allow", e.loc), e.loc);
  s.set("Action", list_of({str("sqs:ReceiveMessage", e.loc), str("sqs:DeleteMessage", e.loc),
                           str("sqs:GetQueueAttributes", e.loc)}, e.loc), e.loc);
  s.set("Resource", list_of({*arn}, e.loc), e.loc);
  if (f.default_role) c.role_statements.push_back(std::move(s));
  edge(c, f, id, "events.sqs");
}

void stream_event(Compiler& c, const FunctionDef& f, const Event& e) {
  const Value& ev = *e.value;
  const Value* cfg = ev.is_map() && !ev.get("Fn::GetAtt") && !ev.get("Ref") ? &ev : nullptr;
  const Value* arn = cfg ? cfg->get("arn") : &ev;
  if (!arn) {
    model::add_error(c.diags, e.loc, "stream event of '" + f.name + "' needs an 'arn'");
    return;
  }
  std::string type;
  if (auto t = cfg ? text(cfg->get("type")) : std::nullopt) type = lower(*t);
  else if (auto a = text(arn); a && a->find(":kinesis:") != std::string::npos) type = "kinesis";
  else type = "dynamodb";
  std::string id = naming::stream_mapping(f.name, type, resource_name(*arn, true));
  Generated& m = c.add(id, "AWS::Lambda::EventSourceMapping", e.loc, f.name);
  Value& p = m.properties;
  p.set("BatchSize", cfg && cfg->get("batchSize") ? *cfg->get("batchSize") : Value::number("10", e.loc), e.loc);
  p.set("EventSourceArn", *arn, e.loc);
  p.set("FunctionName", get_att(f.logical_id, "Arn", e.loc), e.loc);
  p.set("StartingPosition", cfg && cfg->get("startingPosition") ? *cfg->get("startingPosition")
                                                               : str("TRIM_HORIZON", e.loc), e.loc);
  p.set("Enabled", cfg && cfg->get("enabled") ? *cfg->get("enabled") : Value::boolean(true, e.loc), e.loc);
  if (f.default_role) {
    m.depends_on.push_back(naming::kRole);
    Value s = Value::map(e.loc);
    s.set("Effect", str("Allow", e.loc), e.loc);
    Value actions = Value::list(e.loc);
    for (const char* a : {"GetRecords", "GetShardIterator", "DescribeStream", "ListStreams"})
      actions.push(str(type + ":" + a, e.loc));
    s.set("Action", std::move(actions), e.loc);
    s.set("Resource", list_of({*arn}, e.loc), e.loc);
    c.role_statements.push_back(std::move(s));
  }
  edge(c, f, id, "events.stream");
}

void schedule_event(Compiler& c, const FunctionDef& f, const Event& e, size_t& index) {
  const Value& ev = *e.value;
  const Value* cfg = ev.is_map() ? &ev : nullptr;
  const Value* rate = cfg ? cfg->get("rate") : &ev;
  if (!rate) {
    model::add_error(c.diags, e.loc, "schedule event of '" + f.name + "' needs a 'rate'");
    return;
  }
  std::vector<const Value*> rates;
  if (rate->is_list()) for (const Value& r : rate->items()) rates.push_back(&r);
  else rates.push_back(rate);
  for (const Value* r : rates) {
    ++index;
    std::string id = naming::schedule_rule(f.name, index);
    Generated& rule = c.add(id, "AWS::Events::Rule", e.loc, f.name);
    Value& p = rule.properties;
    p.set("ScheduleExpression", *r, e.loc);
    bool enabled = flag(cfg ? cfg->get("enabled") : nullptr).value_or(true);
    p.set("State", str(enabled ? "ENABLED" : "DISABLED", e.loc), e.loc);
    if (cfg)
      for (auto [from, to] : {std::pair{"name", "Name"}, {"description", "Description"}})
        if (const model::Member* m = cfg->member(from)) p.set(to, m->value, m->key_loc);
    Value target = Value::map(e.loc);
    target.set("Arn", get_att(f.logical_id, "Arn", e.loc), e.loc);
    target.set("Id", str(f.name + "Schedule", e.loc), e.loc);
    if (cfg)
      if (const Value* input = cfg->get("input")) target.set("Input", *input, e.loc);
    p.set("Targets", list_of({std::move(target)}, e.loc), e.loc);
    add_permission(c, f, naming::schedule_permission(f.name, index), "events.amazonaws.com",
                   get_att(id, "Arn", e.loc), e.loc);
    edge(c, f, id, "events.schedule");
  }
}

}  // namespace

void compile_other_events(Compiler& c) {
  for (const FunctionDef& f : c.functions) {
    size_t schedules = 0;
    for (const Event& e : f.events) {
      if (e.type == "s3") s3_event(c, f, e);
      else if (e.type == "sqs") sqs_event(c, f, e);
      else if (e.type == "stream") stream_event(c, f, e);
      else if (e.type == "schedule") schedule_event(c, f, e, schedules);
      // http and httpApi have their own compile steps; other sources (sns, eventBridge,
      // websocket, alb, ...) are not modelled yet (docs/serverless.md).
    }
  }
}

}  // namespace kl::serverless::detail
