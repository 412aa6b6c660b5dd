// AWS::Serverless::StateMachine -> AWS::StepFunctions::StateMachine (same id) and, unless
// `Role` is given, `<Id>Role` assumed by states.amazonaws.com with the Policies as for a
// function. Its Events are expanded by state_machine_events.cc.
#include "sam/detail.h"

namespace kl::sam::detail {

void expand_state_machine(Ctx& ctx, const Resource& sam) {
  Value props = merge_globals(ctx.globals, "StateMachine", sam.properties);
  if (!props.is_map()) props = Value::map(sam.loc);
  Resource& sm = ctx.emit(sam.id, "AWS::StepFunctions::StateMachine", sam.loc, "");
  sm.metadata = sam.metadata;
  sm.condition = sam.condition;
  for (const model::Edge& e : sam.edges)
    if (e.kind == model::EdgeKind::DependsOn) sm.edges.push_back(e);
  Value& out = sm.properties;
  copy_prop(props, out, "Definition");
  if (const model::Member* uri = props.member("DefinitionUri"))
    out.set("DefinitionS3Location", s3_location(uri->value, "Bucket", "Key", "Version"), uri->key_loc);
  copy_prop(props, out, "DefinitionSubstitutions");
  copy_prop(props, out, "Name", "StateMachineName");
  copy_prop(props, out, "Type", "StateMachineType");
  copy_prop(props, out, "Logging", "LoggingConfiguration");
  copy_prop(props, out, "Tracing", "TracingConfiguration");
  copy_prop(props, out, "PermissionsBoundary");
  out.set("Tags", tag_list(props.get("Tags"), "stateMachine:createdBy", sam.loc), sam.loc);
  std::string id = sam.id;
  if (const model::Member* role = props.member("Role")) {
    out.set("RoleArn", role->value, role->key_loc);
    if (std::string target = model::resource_ref(role->value); !target.empty())
      sm.edges.push_back({model::EdgeKind::Role, target, "Properties.RoleArn"});
  } else {
    RoleSpec spec;
    spec.owner = id;
    spec.loc = sam.loc;
    spec.service = "states.amazonaws.com";
    if (maybe_true(field(as_map(props.get("Tracing")), "Enabled")))
      spec.managed.push_back(str("arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess", key_loc(&props, "Tracing", sam.loc)));
    spec.policies = props.get("Policies");
    spec.boundary = props.get("PermissionsBoundary");
    spec.path = props.get("RolePath");
    spec.tags = props.get("Tags");
    spec.created_by_tag = "stateMachine:createdBy";
    spec.always_list_managed = false;
    Resource& made = emit_role(ctx, spec);
    made.condition = sam.condition;
    std::string role_id = made.id;
    Resource* s = ctx.out.find(id);
    s->properties.set("RoleArn", get_att(role_id, "Arn", sam.loc), sam.loc);
    s->edges.push_back({model::EdgeKind::Role, role_id, "Properties.RoleArn"});
  }
  Resource* s = ctx.out.find(id);
  add_ref_edges(*s, s->properties, "Properties");
  if (const Value* events = props.get("Events"); events && !events->is_null())
    expand_state_machine_events(ctx, *ctx.out.find(id), *events);
}

}  // namespace kl::sam::detail
