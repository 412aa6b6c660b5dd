// The execution role SAM creates for a function or state machine (`<Id>Role`), and how
// its `Policies` become IAM: managed policy names / ARNs -> ManagedPolicyArns, inline
// documents -> Policies[] named `<Id>RolePolicy<N>` (N = the entry's index, as the
// translator numbers them), SAM policy templates -> a Policies[] entry with the same name
// whose PolicyDocument is Unknown and whose `SamPolicyTemplate: {Name, Parameters}` keeps
// what the IAM engine needs to expand it.
#include "sam/detail.h"

namespace kl::sam::detail {
namespace {

Value assume_role_document(const std::string& service, Location loc) {
  Value stmt = Value::map(loc);
  Value actions = Value::list(loc);
  actions.push(str("sts:AssumeRole", loc));
  stmt.set("Action", std::move(actions), loc);
  stmt.set("Effect", str("Allow", loc), loc);
  Value services = Value::list(loc);
  services.push(str(service, loc));
  Value principal = Value::map(loc);
  principal.set("Service", std::move(services), loc);
  stmt.set("Principal", std::move(principal), loc);
  Value statements = Value::list(loc);
  statements.push(std::move(stmt));
  Value doc = Value::map(loc);
  doc.set("Version", str("2012-10-17", loc), loc);
  doc.set("Statement", std::move(statements), loc);
  return doc;
}

bool is_inline_document(const Value& v) { return v.get("Statement") != nullptr; }

}  // namespace

Value managed_policy_arn(const Value& name) {
  if (name.is_string() && name.str().rfind("arn:", 0) != 0 && !model::parameter_ref(name))
    return str("arn:aws:iam::aws:policy/" + name.str(), name.loc());
  return name;  // an ARN, a parameter's value, or Unknown: kept as written
}

Resource& emit_role(Ctx& ctx, const RoleSpec& spec) {
  Resource& role = ctx.emit(spec.owner + "Role", "AWS::IAM::Role", spec.loc, spec.owner);
  Value& props = role.properties;
  if (spec.assume && !spec.assume->is_null())
    props.set("AssumeRolePolicyDocument", *spec.assume, spec.assume->loc());
  else
    props.set("AssumeRolePolicyDocument", assume_role_document(spec.service, spec.loc), spec.loc);

  Value managed = Value::list(spec.loc);
  for (const Value& arn : spec.managed) managed.push(arn);
  Value inline_policies = Value::list(spec.loc);

  std::vector<const Value*> entries;
  const Value* policies = spec.policies;
  if (policies && policies->is_list()) {
    for (const Value& item : policies->items()) entries.push_back(&item);
  } else if (policies && (policies->is_string() || policies->is_map() || policies->is_unknown())) {
    entries.push_back(policies);
  } else if (policies && !policies->is_null()) {
    ctx.warn(policies->loc(), "'Policies' of '" + spec.owner + "' must be a list, a map or a name, not a " +
                                  model::kind_name(policies->kind()));
  }
  for (size_t i = 0; i < entries.size(); ++i) {
    const Value& p = *entries[i];
    std::string name = spec.owner + "RolePolicy" + std::to_string(i);
    if (p.is_string() || p.is_unknown()) {
      managed.push(managed_policy_arn(p));
    } else if (p.is_map() && is_inline_document(p)) {
      Value entry = Value::map(p.loc());
      entry.set("PolicyName", str(name, p.loc()), p.loc());
      entry.set("PolicyDocument", p, p.loc());
      inline_policies.push(std::move(entry));
    } else if (p.is_map() && p.members().size() == 1) {
      const model::Member& tmpl = p.members()[0];
      Value entry = Value::map(tmpl.key_loc);
      entry.set("PolicyName", str(name, tmpl.key_loc), tmpl.key_loc);
      entry.set("PolicyDocument",
                Value::unknown("SAM policy template '" + tmpl.key + "'", tmpl.key_loc), tmpl.key_loc);
      Value record = Value::map(tmpl.key_loc);
      record.set("Name", str(tmpl.key, tmpl.key_loc), tmpl.key_loc);
      record.set("Parameters", tmpl.value.is_map() ? tmpl.value : Value::map(tmpl.key_loc),
                 tmpl.key_loc);
      entry.set("SamPolicyTemplate", std::move(record), tmpl.key_loc);
      inline_policies.push(std::move(entry));
    } else if (p.is_either()) {
      // An Fn::If around a whole policy: keep it as an inline entry the IAM engine can
      // read branch by branch.
      Value entry = Value::map(p.loc());
      entry.set("PolicyName", str(name, p.loc()), p.loc());
      entry.set("PolicyDocument", p, p.loc());
      inline_policies.push(std::move(entry));
    } else {
      ctx.warn(p.loc(), "policy " + std::to_string(i) + " of '" + spec.owner +
                            "' is neither a name, a policy document nor a SAM policy template");
    }
  }
  if (spec.always_list_managed || !managed.items().empty())
    props.set("ManagedPolicyArns", std::move(managed), spec.loc);
  if (!inline_policies.items().empty()) props.set("Policies", std::move(inline_policies), spec.loc);
  if (spec.boundary) props.set("PermissionsBoundary", *spec.boundary, spec.boundary->loc());
  if (spec.path) props.set("Path", *spec.path, spec.path->loc());
  props.set("Tags", tag_list(spec.tags, spec.created_by_tag, spec.loc), spec.loc);
  add_ref_edges(role, props, "Properties");
  return role;
}

}  // namespace kl::sam::detail
