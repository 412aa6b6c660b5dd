#include "iam/role_policies.h"

#include <functional>

namespace kl::iam {
namespace {

using model::Value;

// The values `v` may take: itself, or each branch of an Either (Absent branches dropped).
void each_alternative(const Value& v, const std::function<void(const Value&)>& fn) {
  if (v.is_either()) {
    for (const Value& b : v.items()) each_alternative(b, fn);
  } else if (!v.is_absent()) {
    fn(v);
  }
}

bool names_role(const Value& v, const model::Resource& role) {
  bool hit = false;
  each_alternative(v, [&](const Value& x) {
    if (model::resource_ref(x) == role.id) hit = true;
    // A literal name equal to the role's literal RoleName.
    const Value* name = role.prop("RoleName");
    if (x.is_string() && name && name->is_string() && name->str() == x.str()) hit = true;
  });
  return hit;
}

bool lists_role(const Value* roles, const model::Resource& role) {
  if (!roles) return false;
  bool hit = false;
  each_alternative(*roles, [&](const Value& list) {
    if (list.is_list()) {
      for (const Value& item : list.items())
        if (names_role(item, role)) hit = true;
    } else if (names_role(list, role)) {
      hit = true;
    }
  });
  return hit;
}

Value document_or_unknown(const Value* doc, const std::string& why, model::Location loc) {
  return doc ? *doc : Value::unknown(why, loc);
}

void add_inline(std::vector<AttachedPolicy>& out, const model::Resource& role, const Value& entry,
                const PseudoParameters& pseudo) {
  AttachedPolicy p;
  p.holder = &role;
  p.loc = entry.loc();
  if (!entry.is_map()) {
    p.name = "(unknown)";
    p.document = Value::unknown("a Policies entry the template does not say", entry.loc());
    out.push_back(std::move(p));
    return;
  }
  const Value* name = entry.get("PolicyName");
  p.name = name && name->is_string() ? name->str() : "(unnamed)";
  if (const Value* sam = entry.get("SamPolicyTemplate"); sam && sam->is_map()) {
    const Value* tname = sam->get("Name");
    const Value* params = sam->get("Parameters");
    static const Value no_params = Value::map();
    std::string tn = tname && tname->is_string() ? tname->str() : "";
    p.loc = tname ? tname->loc() : entry.loc();
    if (auto ex = expand_sam_policy_template(tn, params ? *params : no_params, pseudo, p.loc)) {
      p.origin = PolicyOrigin::SamTemplate;
      p.name = tn;
      p.document = std::move(ex->document);
    } else {
      p.origin = PolicyOrigin::Unresolved;
      p.name = tn;
      p.document = Value::unknown("SAM policy template '" + tn + "' is not one kumolens knows", p.loc);
    }
    out.push_back(std::move(p));
    return;
  }
  const Value* doc = entry.get("PolicyDocument");
  p.document = document_or_unknown(doc, "policy '" + p.name + "' has no PolicyDocument", entry.loc());
  if (doc) p.loc = doc->loc();
  out.push_back(std::move(p));
}

void add_managed(std::vector<AttachedPolicy>& out, const model::Model& model, const model::Resource& role,
                 const Value& arn) {
  AttachedPolicy p;
  p.holder = &role;
  p.loc = arn.loc();
  if (arn.is_string()) {
    if (const ManagedPolicy* m = find_managed_policy(arn.str())) {
      p.origin = PolicyOrigin::AwsManaged;
      p.name = m->name;
      p.managed = m;
      p.document = m->document;
    } else {
      p.origin = PolicyOrigin::Unresolved;
      p.name = arn.str();
      p.document = Value::unknown("managed policy '" + arn.str() + "' is not in kumolens' data", arn.loc());
    }
    out.push_back(std::move(p));
    return;
  }
  const model::Resource* target = model.find(model::resource_ref(arn));
  if (target && target->type == "AWS::IAM::ManagedPolicy") {
    p.origin = PolicyOrigin::TemplateManaged;
    p.name = target->id;
    p.holder = target;
    p.document = document_or_unknown(target->prop("PolicyDocument"),
                                     "managed policy '" + target->id + "' has no PolicyDocument", target->loc);
  } else {
    p.origin = PolicyOrigin::Unresolved;
    p.name = arn.is_unknown() ? arn.str() : "(not a name)";
    p.document = Value::unknown("a managed policy ARN the template does not say", arn.loc());
  }
  out.push_back(std::move(p));
}

}  // namespace

const char* policy_origin_name(PolicyOrigin o) {
  switch (o) {
    case PolicyOrigin::Inline: return "inline";
    case PolicyOrigin::SamTemplate: return "SAM policy template";
    case PolicyOrigin::AwsManaged: return "AWS managed";
    case PolicyOrigin::TemplateManaged: return "managed policy of the template";
    case PolicyOrigin::PolicyResource: return "policy resource";
    case PolicyOrigin::Unresolved: return "unresolved";
  }
  return "?";
}

std::vector<const model::Resource*> policy_resources(const model::Model& model) {
  std::vector<const model::Resource*> out;
  for (const auto& r : model.resources)
    if (r->type == "AWS::IAM::Policy" || r->type == "AWS::IAM::ManagedPolicy" || r->type == "AWS::IAM::RolePolicy")
      out.push_back(r.get());
  return out;
}

std::vector<AttachedPolicy> attached_policies(const model::Model& model, const model::Resource& role,
                                              const PseudoParameters& pseudo,
                                              const std::vector<const model::Resource*>* given) {
  std::vector<AttachedPolicy> out;
  if (const Value* policies = role.prop("Policies")) {
    each_alternative(*policies, [&](const Value& list) {
      if (list.is_list()) {
        for (const Value& entry : list.items())
          each_alternative(entry, [&](const Value& e) { add_inline(out, role, e, pseudo); });
      } else {
        add_inline(out, role, list, pseudo);
      }
    });
  }
  if (const Value* arns = role.prop("ManagedPolicyArns")) {
    each_alternative(*arns, [&](const Value& list) {
      if (list.is_list()) {
        for (const Value& arn : list.items())
          each_alternative(arn, [&](const Value& a) { add_managed(out, model, role, a); });
      } else {
        add_managed(out, model, role, list);
      }
    });
  }
  std::vector<const model::Resource*> scanned;
  if (!given) scanned = policy_resources(model);
  for (const model::Resource* r : given ? *given : scanned) {
    bool attached = false;
    if (r->type == "AWS::IAM::Policy" || r->type == "AWS::IAM::ManagedPolicy") {
      attached = lists_role(r->prop("Roles"), role);
    } else if (r->type == "AWS::IAM::RolePolicy") {
      const Value* name = r->prop("RoleName");
      attached = name && names_role(*name, role);
    }
    if (!attached) continue;
    AttachedPolicy p;
    p.origin = PolicyOrigin::PolicyResource;
    p.name = r->id;
    p.holder = r;
    p.loc = r->loc;
    const Value* doc = r->prop("PolicyDocument");
    p.document = document_or_unknown(doc, "policy '" + r->id + "' has no PolicyDocument", r->loc);
    out.push_back(std::move(p));
  }
  return out;
}

const model::Resource* execution_role(const model::Model& model, const model::Resource& fn) {
  auto as_role = [&](std::string_view id) -> const model::Resource* {
    const model::Resource* r = model.find(id);
    return r && r->type == "AWS::IAM::Role" ? r : nullptr;
  };
  for (const model::Edge& e : fn.edges)
    if (e.kind == model::EdgeKind::Role)
      if (const model::Resource* r = as_role(e.target)) return r;
  for (const char* prop : {"Role", "RoleArn", "ExecutionRoleArn"}) {
    const Value* v = fn.prop(prop);
    if (!v) continue;
    const model::Resource* found = nullptr;
    each_alternative(*v, [&](const Value& x) {
      if (!found) found = as_role(model::resource_ref(x));
    });
    if (found) return found;
  }
  return nullptr;
}

}  // namespace kl::iam
