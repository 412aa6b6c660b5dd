// AWS::Serverless::Function -> AWS::Lambda::Function (same id), its role `<Id>Role` unless
// `Role` is given, its Function URL `<Id>Url` (+ `<Id>UrlPublicPermissions` and
// `<Id>URLInvokeAllowPublicAccess` when AuthType is NONE) and what its events deploy.
#include <algorithm>

#include "sam/detail.h"

namespace kl::sam::detail {
namespace {

/// Properties the Lambda function takes unchanged from SAM.
constexpr std::string_view kPassThrough[] = {
    "FunctionName", "Description", "Runtime", "Handler", "MemorySize", "Timeout",
    "Environment", "VpcConfig", "KmsKeyArn", "Layers", "ReservedConcurrentExecutions",
    "Architectures", "PackageType", "ImageConfig", "EphemeralStorage", "FileSystemConfigs",
    "CodeSigningConfigArn", "SnapStart", "RuntimeManagementConfig", "LoggingConfig",
    "RecursiveLoop"};

constexpr const char* kBasicExecution =
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
constexpr const char* kXrayWrite = "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess";
constexpr const char* kVpcAccess =
    "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole";

Value code(const Value& props, Location loc) {
  if (const Value* inline_code = props.get("InlineCode")) {
    Value c = Value::map(inline_code->loc());
    c.set("ZipFile", *inline_code, key_loc(&props, "InlineCode", loc));
    return c;
  }
  if (const Value* image = props.get("ImageUri")) {
    Value c = Value::map(image->loc());
    c.set("ImageUri", *image, key_loc(&props, "ImageUri", loc));
    return c;
  }
  if (const Value* uri = props.get("CodeUri")) return s3_location(*uri, "S3Bucket", "S3Key", "S3ObjectVersion");
  return Value::unknown("the function has no CodeUri, InlineCode or ImageUri", loc);
}

void function_url(Ctx& ctx, Resource& fn, const Value& props) {
  const model::Member* cfg = props.member("FunctionUrlConfig");
  if (!cfg) return;
  Location loc = cfg->key_loc;
  if (!cfg->value.is_map()) {
    ctx.warn(cfg->value.loc(), "'FunctionUrlConfig' of '" + fn.id + "' must be a map, not a " +
                                   model::kind_name(cfg->value.kind()));
    return;
  }
  Resource& url = ctx.emit(fn.id + "Url", "AWS::Lambda::Url", loc, fn.id);
  const std::string target = ctx.target_of(fn.id);  // the alias with AutoPublishAlias
  url.properties.set("TargetFunctionArn", ref_to(target, loc), loc);
  for (const model::Member& m : cfg->value.members()) url.properties.set(m.key, m.value, m.key_loc);
  if (!cfg->value.get("AuthType"))
    ctx.warn(loc, "'FunctionUrlConfig' of '" + fn.id + "' has no 'AuthType'");
  url.edges.push_back({model::EdgeKind::Ref, target, "Properties.TargetFunctionArn"});
  url.edges.push_back({model::EdgeKind::EventSource, fn.id, "FunctionUrlConfig"});

  // SAM opens a NONE URL to everyone with two permissions; with an Fn::If it adds them
  // only when the chosen AuthType is literally NONE (it cannot know), so do we.
  const Value* auth = cfg->value.get("AuthType");
  if (literal(auth) != std::optional<std::string>("NONE")) return;
  Location at = auth->loc();
  Resource& p1 = ctx.emit(fn.id + "UrlPublicPermissions", "AWS::Lambda::Permission", at, fn.id);
  p1.properties.set("Action", str("lambda:InvokeFunctionUrl", at), at);
  p1.properties.set("FunctionName", ref_to(target, at), at);
  p1.properties.set("Principal", str("*", at), at);
  p1.properties.set("FunctionUrlAuthType", str("NONE", at), at);
  p1.edges.push_back({model::EdgeKind::Ref, target, "Properties.FunctionName"});
  Resource& p2 = ctx.emit(fn.id + "URLInvokeAllowPublicAccess", "AWS::Lambda::Permission", at, fn.id);
  p2.properties.set("Action", str("lambda:InvokeFunction", at), at);
  p2.properties.set("FunctionName", ref_to(target, at), at);
  p2.properties.set("Principal", str("*", at), at);
  p2.properties.set("InvokedViaFunctionUrl", boolean(true, at), at);
  p2.edges.push_back({model::EdgeKind::Ref, target, "Properties.FunctionName"});
}

/// AutoPublishAlias: a version `<Id>Version<hash>` and an alias `<Id>Alias<Name>` that
/// permissions and the URL then target, as the translator does.
void alias(Ctx& ctx, const Resource& fn, const Value& props) {
  const model::Member* a = props.member("AutoPublishAlias");
  if (!a) return;
  auto name = known(&a->value);
  if (!name) {
    ctx.note(a->value.loc(), "'AutoPublishAlias' of '" + fn.id + "' is not a known name; no alias is modelled");
    return;
  }
  Location loc = a->key_loc;
  const Value* code = fn.prop("Code");
  std::string version_id = fn.id + "Version" + hash10(fn.id + (code ? code->debug() : ""));
  Resource& v = ctx.emit(version_id, "AWS::Lambda::Version", loc, fn.id);
  v.properties.set("FunctionName", ref_to(fn.id, loc), loc);
  v.edges.push_back({model::EdgeKind::Ref, fn.id, "Properties.FunctionName"});
  std::string alias_id = fn.id + "Alias" + *name;
  Resource& al = ctx.emit(alias_id, "AWS::Lambda::Alias", loc, fn.id);
  al.properties.set("Name", a->value, loc);
  al.properties.set("FunctionName", ref_to(fn.id, loc), loc);
  al.properties.set("FunctionVersion", get_att(version_id, "Version", loc), loc);
  al.edges.push_back({model::EdgeKind::Ref, fn.id, "Properties.FunctionName"});
  al.edges.push_back({model::EdgeKind::Ref, version_id, "Properties.FunctionVersion"});
  ctx.invoke_target[fn.id] = alias_id;
}

}  // namespace

void expand_function(Ctx& ctx, const Resource& sam) {
  // Without Globals for functions the properties are read where they are, not copied.
  Value merged;
  const Value* in = &sam.properties;
  if (as_map(ctx.globals.get("Function")) && in->is_map()) {
    merged = merge_globals(ctx.globals, "Function", sam.properties);
    in = &merged;
  }
  if (!in->is_map()) {
    merged = Value::map(sam.loc);
    in = &merged;
  }
  const Value& props = *in;
  Resource& fn = ctx.emit(sam.id, "AWS::Lambda::Function", sam.loc, "");
  fn.metadata = sam.metadata;
  fn.condition = sam.condition;
  for (const model::Edge& e : sam.edges)
    if (e.kind == model::EdgeKind::DependsOn) fn.edges.push_back(e);
  Value& out = fn.properties;
  out.set_loc(props.loc());

  out.set("Code", code(props, sam.loc), key_loc(&props, "CodeUri", sam.loc));
  for (std::string_view key : kPassThrough) copy_prop(props, out, key);
  if (const model::Member* t = props.member("Tracing")) {
    Value cfg = Value::map(t->key_loc);
    cfg.set("Mode", t->value, t->key_loc);
    out.set("TracingConfig", std::move(cfg), t->key_loc);
  }
  if (const model::Member* dlq = props.member("DeadLetterQueue"); dlq && dlq->value.is_map()) {
    Value cfg = Value::map(dlq->key_loc);
    copy_prop(dlq->value, cfg, "TargetArn");
    out.set("DeadLetterConfig", std::move(cfg), dlq->key_loc);
  }
  out.set("Tags", tag_list(props.get("Tags"), "lambda:createdBy", sam.loc), key_loc(&props, "Tags", sam.loc));

  Resource* role = nullptr;
  if (const model::Member* given = props.member("Role")) {
    out.set("Role", given->value, given->key_loc);
    if (std::string target = model::resource_ref(given->value); !target.empty())
      fn.edges.push_back({model::EdgeKind::Role, target, "Properties.Role"});
    for (const Value& branch : given->value.items())  // an Fn::If between roles
      if (std::string target = model::resource_ref(branch); !target.empty())
        fn.edges.push_back({model::EdgeKind::Role, target, "Properties.Role"});
  } else {
    RoleSpec spec;
    spec.owner = sam.id;
    spec.loc = sam.loc;
    spec.service = "lambda.amazonaws.com";
    spec.managed.push_back(str(kBasicExecution, sam.loc));
    // As the translator: any Tracing but an explicit Disabled lets the role write traces.
    if (const Value* t = props.get("Tracing"); t && known(t) != std::optional<std::string>("Disabled"))
      spec.managed.push_back(str(kXrayWrite, key_loc(&props, "Tracing", sam.loc)));
    if (props.get("VpcConfig")) spec.managed.push_back(str(kVpcAccess, key_loc(&props, "VpcConfig", sam.loc)));
    spec.policies = props.get("Policies");
    spec.assume = props.get("AssumeRolePolicyDocument");
    spec.boundary = props.get("PermissionsBoundary");
    spec.path = props.get("RolePath");
    spec.tags = props.get("Tags");
    spec.created_by_tag = "lambda:createdBy";
    // Resources are held by unique_ptr in the model, so references stay valid as more
    // are added.
    role = &emit_role(ctx, spec);
    out.set("Role", get_att(role->id, "Arn", sam.loc), sam.loc);
    fn.edges.push_back({model::EdgeKind::Role, role->id, "Properties.Role"});
  }
  add_ref_edges(fn, out, "Properties");

  alias(ctx, fn, props);
  expand_deployment_preference(ctx, fn, props);
  function_url(ctx, fn, props);

  const model::Member* events = props.member("Events");
  if (events && events->value.is_map()) {
    // In the translator's order: by Path (HttpApi events without one are "$default"),
    // else by name, so a $default route comes before the routes it makes redundant.
    std::vector<const model::Member*> order;
    for (const model::Member& ev : events->value.members()) order.push_back(&ev);
    auto sort_key = [](const model::Member* ev) {
      const Value* p = ev->value.get("Properties");
      if (auto path = known(field(as_map(p), "Path"))) return *path;
      if (literal(ev->value.get("Type")) == std::optional<std::string>("HttpApi") &&
          !field(as_map(p), "Method"))
        return std::string("$default");
      return ev->key;
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](const model::Member* a, const model::Member* b) { return sort_key(a) < sort_key(b); });
    for (const model::Member* ev : order) expand_event(ctx, fn, role, ev->key, ev->key_loc, ev->value);
  } else if (events && !events->value.is_null()) {
    ctx.warn(events->value.loc(), "'Events' of '" + sam.id + "' must be a map, not a " +
                                      model::kind_name(events->value.kind()));
  }
  // What the function generates exists only when the function does.
  if (!sam.condition.empty())
    for (const auto& r : ctx.out.resources)
      if (r->generated_from == sam.id && r->condition.empty()) r->condition = sam.condition;
}

}  // namespace kl::sam::detail
