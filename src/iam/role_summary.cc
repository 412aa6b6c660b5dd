#include "iam/role_summary.h"

#include <algorithm>
#include <functional>
#include <map>

#include "iam/match.h"
#include "iam/parse.h"
#include "iam/pseudo_parameters.h"
#include "iam/resource_access.h"

namespace kl::iam {
namespace {

bool has_wildcard(const PatternSet& r) {
  for (const std::string& p : r.patterns)
    if (p.find('*') != std::string::npos || p.find('?') != std::string::npos) return true;
  return false;
}

bool unconditional_deny_everywhere(const Policy& p, std::string_view action) {
  for (const Statement& s : p.statements) {
    if (s.effect != Effect::Deny || s.unknown || !s.conditions.empty()) continue;
    if (!statement_covers_action(s, action)) continue;
    for (const std::string& r : s.resource.patterns)
      if (r == "*") return true;
  }
  return false;
}

/// Does the statement's `iam:PassedToService` condition (if any) let the role be passed to
/// `service`? Unknown or unusual operators count as letting it (never a missed finding).
bool passes_to(const Statement& s, std::string_view service) {
  for (const Condition& c : s.conditions) {
    if (c.unknown || c.key_lower != "iam:passedtoservice" || c.family != CondFamily::String) continue;
    if (c.qualifier != SetQualifier::None) continue;
    bool like = c.cmp == CondCmp::Like;
    bool any = false;
    for (const std::string& v : c.values)
      any = any || pattern_match(v, service, c.ignore_case, false, nullptr, like);
    if (any == c.negated) return false;
  }
  return true;
}

}  // namespace

std::optional<std::pair<size_t, size_t>> RoleView::allows(std::string_view action, bool wildcard_resource,
                                                          std::string_view passed_to) const {
  for (const auto& p : parsed)
    if (p && unconditional_deny_everywhere(*p, action)) return std::nullopt;
  for (size_t i = 0; i < parsed.size(); ++i) {
    if (!parsed[i]) continue;
    const auto& sts = parsed[i]->statements;
    for (size_t j = 0; j < sts.size(); ++j) {
      const Statement& s = sts[j];
      if (s.effect != Effect::Allow || s.unknown || s.action.unknown || s.not_action.unknown) continue;
      if (s.resource.unknown || (!s.resource.has && !s.not_resource.has)) continue;
      // The resource test first: it is the cheaper, and most statements name resources.
      if (wildcard_resource && !s.not_resource.has && !has_wildcard(s.resource)) continue;
      if (!statement_covers_action(s, action)) continue;
      if (!passed_to.empty() && !passes_to(s, passed_to)) continue;
      return std::make_pair(i, j);
    }
  }
  return std::nullopt;
}

std::optional<std::pair<size_t, size_t>> RoleView::full_admin() const {
  for (size_t i = 0; i < policies.size(); ++i)
    if (policies[i].managed && policies[i].managed->name == "AdministratorAccess") return std::make_pair(i, size_t{0});
  for (size_t i = 0; i < parsed.size(); ++i) {
    if (!parsed[i]) continue;
    const auto& sts = parsed[i]->statements;
    for (size_t j = 0; j < sts.size(); ++j) {
      const Statement& s = sts[j];
      if (s.effect != Effect::Allow || s.unknown || !s.conditions.empty() || !s.action.has) continue;
      bool all_actions = std::find(s.action.patterns.begin(), s.action.patterns.end(), "*") != s.action.patterns.end();
      bool all_resources =
          std::find(s.resource.patterns.begin(), s.resource.patterns.end(), "*") != s.resource.patterns.end();
      if (all_actions && all_resources) return std::make_pair(i, j);
    }
  }
  return std::nullopt;
}

std::vector<RoleView> role_views(const model::Model& model, const PseudoParameters& pseudo) {
  std::vector<RoleView> out;
  const std::vector<const model::Resource*> policies = policy_resources(model);
  for (const model::Resource* role : model.of_type("AWS::IAM::Role")) {
    RoleView v;
    v.role = role;
    v.policies = attached_policies(model, *role, pseudo, &policies);
    for (const AttachedPolicy& p : v.policies) {
      model::Diagnostics ignored;
      model::Value doc = p.document;
      pin_pseudo_parameters(doc);
      // An Unknown document parses to one unknown statement; keep it so queries see it.
      v.parsed.push_back(parse_policy(doc, ignored));
    }
    out.push_back(std::move(v));
  }
  return out;
}

bool role_in_use(const model::Model& model, const model::Resource& role) {
  for (const auto& r : model.resources) {
    if (r->type.rfind("AWS::IAM::", 0) == 0) continue;
    for (const model::Edge& e : r->edges)
      if (e.target == role.id) return true;
  }
  return false;
}

namespace {

// Literal names resources are addressed by in ARNs.
std::vector<std::string> literal_names(const model::Resource& r) {
  std::vector<std::string> out;
  for (const char* key : {"BucketName", "TableName", "QueueName", "TopicName", "FunctionName", "StateMachineName",
                          "StreamName", "Name", "KeyId", "SecretName"}) {
    const model::Value* v = r.prop(key);
    if (v && v->is_string() && v->str().size() >= 3) out.push_back(v->str());
  }
  return out;
}

std::string target_of(const model::Model& model, const model::Value& item, bool& in_model) {
  in_model = false;
  std::string ref = model::resource_ref(item);
  if (!ref.empty() && model.find(ref)) {
    in_model = true;
    const model::Resource* r = model.find(ref);
    return r->generated_from.empty() ? r->id : r->id;
  }
  if (item.is_string()) {
    if (item.str() == "*") return "*";
    for (const auto& r : model.resources)
      for (const std::string& name : literal_names(*r))
        if (item.str().find(name) != std::string::npos) {
          in_model = true;
          return r->id;
        }
    return item.str();
  }
  if (item.is_unknown()) {
    const std::string& why = item.str();  // "Fn::Sub 'arn:aws:lambda:${AWS::Region}:...'"
    if (why.rfind("Fn::Sub '", 0) == 0 && why.size() > 10 && why.back() == '\'') return why.substr(9, why.size() - 10);
    return "(" + why + ")";
  }
  return "(not a resource)";
}

void each_string(const model::Value* v, const std::function<void(const model::Value&)>& fn) {
  if (!v) return;
  if (v->is_list()) {
    for (const model::Value& x : v->items()) fn(x);
  } else {
    fn(*v);
  }
}

void each_document(const model::Value& doc, const std::function<void(const model::Value&)>& fn) {
  if (doc.is_either()) {
    for (const model::Value& b : doc.items()) each_document(b, fn);
  } else if (doc.is_map()) {
    fn(doc);
  }
}

}  // namespace

std::vector<ResourcePermissions> effective_permissions(const model::Model& model, const RoleView& view) {
  std::map<std::string, ResourcePermissions> by_target;
  std::vector<std::string> order;
  for (const AttachedPolicy& p : view.policies) {
    each_document(p.document, [&](const model::Value& doc) {
      const model::Value* st = doc.get("Statement");
      std::vector<const model::Value*> statements;
      if (st && st->is_list())
        for (const model::Value& s : st->items()) statements.push_back(&s);
      else if (st && st->is_map())
        statements.push_back(st);
      for (const model::Value* s : statements) {
        const model::Value* effect = s->get("Effect");
        if (!effect || !effect->is_string() || effect->str() != "Allow") continue;
        std::vector<std::string> actions;
        each_string(s->get("Action"), [&](const model::Value& a) {
          actions.push_back(a.is_string() ? a.str() : "(" + a.str() + ")");
        });
        if (const model::Value* na = s->get("NotAction")) {
          std::string text = "NOT ";
          each_string(na, [&](const model::Value& a) { text += (text.size() > 4 ? ", " : "") + a.scalar_text(); });
          actions.push_back(text);
        }
        bool conditional = s->get("Condition") != nullptr;
        const model::Value* resources = s->get("Resource");
        if (!resources) resources = s->get("NotResource");
        each_string(resources, [&](const model::Value& item) {
          bool in_model = false;
          std::string t = target_of(model, item, in_model);
          auto [it, fresh] = by_target.try_emplace(t);
          if (fresh) {
            it->second.target = t;
            it->second.in_model = in_model;
            order.push_back(t);
          }
          for (const std::string& a : actions)
            if (std::find(it->second.actions.begin(), it->second.actions.end(), a) == it->second.actions.end())
              it->second.actions.push_back(a);
          it->second.conditional = it->second.conditional || conditional;
        });
      }
    });
  }
  std::vector<ResourcePermissions> out;
  for (const std::string& t : order) out.push_back(std::move(by_target[t]));
  return out;
}

}  // namespace kl::iam
