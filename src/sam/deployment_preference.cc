// DeploymentPreference (gradual deployments through CodeDeploy), as the translator
// expands it: one `ServerlessDeploymentApplication` and one `CodeDeployServiceRole` per
// template (the role only when some preference gives no Role), and `<Fn>DeploymentGroup`.
#include "sam/detail.h"

namespace kl::sam::detail {

void expand_deployment_preference(Ctx& ctx, const Resource& fn, const Value& props) {
  const model::Member* pref = props.member("DeploymentPreference");
  if (!pref) return;
  if (!pref->value.is_map()) {
    ctx.warn(pref->value.loc(), "'DeploymentPreference' of '" + fn.id + "' must be a map");
    return;
  }
  const Value& p = pref->value;
  if (p.get("Enabled") && !maybe_true(p.get("Enabled"))) return;
  Location loc = pref->key_loc;
  if (!ctx.out.find("ServerlessDeploymentApplication")) {
    Resource& app = ctx.emit("ServerlessDeploymentApplication", "AWS::CodeDeploy::Application", loc, fn.id);
    app.properties.set("ComputePlatform", str("Lambda", loc), loc);
  }
  Value role_arn;
  if (const model::Member* given = p.member("Role")) {
    role_arn = given->value;
  } else {
    if (!ctx.out.find("CodeDeployServiceRole")) {
      RoleSpec spec;
      spec.owner = "CodeDeployService";
      spec.loc = loc;
      spec.service = "codedeploy.amazonaws.com";
      spec.managed.push_back(str("arn:aws:iam::aws:policy/service-role/AWSCodeDeployRoleForLambda", loc));
      spec.created_by_tag = "lambda:createdBy";
      Resource& role = emit_role(ctx, spec);
      role.generated_from = fn.id;
      role.properties.erase("Tags");
    }
    role_arn = get_att("CodeDeployServiceRole", "Arn", loc);
  }
  Resource& group = ctx.emit(fn.id + "DeploymentGroup", "AWS::CodeDeploy::DeploymentGroup", loc, fn.id);
  group.properties.set("ApplicationName", ref_to("ServerlessDeploymentApplication", loc), loc);
  group.properties.set("ServiceRoleArn", role_arn, loc);
  Value style = Value::map(loc);
  style.set("DeploymentType", str("BLUE_GREEN", loc), loc);
  style.set("DeploymentOption", str("WITH_TRAFFIC_CONTROL", loc), loc);
  group.properties.set("DeploymentStyle", std::move(style), loc);
  if (const model::Member* type = p.member("Type"))
    group.properties.set("DeploymentConfigName", type->value, type->key_loc);
  copy_prop(p, group.properties, "Alarms", "AlarmConfiguration");
  add_ref_edges(group, group.properties, "Properties");
  if (!props.get("AutoPublishAlias"))
    ctx.warn(loc, "'DeploymentPreference' of '" + fn.id + "' needs 'AutoPublishAlias'");
}

}  // namespace kl::sam::detail
