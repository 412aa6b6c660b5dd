#include "iam/function_permissions.h"

#include <algorithm>
#include <unordered_map>

#include "iam/actions.h"
#include "iam/role_summary.h"

namespace kl::iam {
namespace {

bool runs_code(const model::Resource& r) {
  return r.type == "AWS::Lambda::Function" || r.type == "AWS::StepFunctions::StateMachine";
}

// The access classes of the actions a written pattern covers (none for "NOT ..." or an
// Unknown one: what they cover is not a list of names).
std::vector<ActionClass> classes_uncached(const std::string& pattern) {
  std::vector<ActionClass> out;
  if (pattern.rfind("NOT ", 0) == 0 || pattern.rfind("(", 0) == 0) return out;
  const ActionCatalog& cat = ActionCatalog::builtin();
  auto idx = cat.expand(pattern);
  if (idx.empty()) {
    out.push_back(cat.class_of(pattern));  // not in the catalogue: the name's verb decides
    return out;
  }
  for (uint32_t i : idx) {
    ActionClass c = cat.all()[i].cls;
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    if (out.size() == 4) break;
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Expanding a pattern walks the catalogue; the same few patterns recur in every template.
std::vector<ActionClass> classes_of(const std::string& pattern) {
  thread_local std::unordered_map<std::string, std::vector<ActionClass>> cache;
  if (auto it = cache.find(pattern); it != cache.end()) return it->second;
  if (cache.size() > 4096) cache.clear();
  return cache.emplace(pattern, classes_uncached(pattern)).first->second;
}

}  // namespace

void record_function_permissions(model::Model& model) {
  model.permissions.clear();
  std::shared_ptr<const std::vector<RoleView>> views;
  for (const auto& r : model.resources) {
    if (!runs_code(*r)) continue;
    model::FunctionPermissions fp;
    fp.function = r->id;
    const model::Resource* role = execution_role(model, *r);
    if (role) {
      fp.role = role->id;
      if (!views) {
        // Once per model, only when some function has a role; the IAM rules read the same
        // views (rules::RuleContext::shared, key kRoleViewsKey) instead of building them again.
        views = std::make_shared<const std::vector<RoleView>>(role_views(model));
        model.derived[kRoleViewsKey] = views;
      }
      for (const RoleView& v : *views) {
        if (v.role != role) continue;
        fp.full_admin = v.full_admin().has_value();
        for (ResourcePermissions& rp : effective_permissions(model, v)) {
          model::TargetPermissions tp;
          tp.target = std::move(rp.target);
          tp.in_model = rp.in_model;
          tp.conditional = rp.conditional;
          tp.actions = std::move(rp.actions);
          for (const std::string& a : tp.actions)
            for (ActionClass c : classes_of(a)) tp.by_class[action_class_name(c)].push_back(a);
          fp.targets.push_back(std::move(tp));
        }
      }
    }
    model.permissions[r->id] = std::move(fp);
  }
}

}  // namespace kl::iam
