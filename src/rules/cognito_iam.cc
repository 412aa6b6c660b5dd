// Identity pool rules decided with the IAM engine: KL-COG-003 (unauthenticated identities
// get AWS credentials; high when their role allows more than reading non-sensitive data)
// and KL-COG-004 (a role trusts Cognito identities without an audience condition).
#include <algorithm>
#include <string>
#include <vector>

#include "iam/actions.h"
#include "iam/questions.h"
#include "iam/resource_access.h"
#include "iam/role_summary.h"
#include "rules/access.h"
#include "rules/iam_support.h"
#include "rules/services.h"

namespace kl::rules {
namespace {

std::string user_id(const model::Resource& r) { return r.generated_from.empty() ? r.id : r.generated_from; }

const std::vector<iam::RoleView>& roles(RuleContext& ctx) {
  return ctx.shared<std::vector<iam::RoleView>>(iam::kRoleViewsKey, [&] { return iam::role_views(ctx.model()); });
}

// What guest apps are meant to do: send analytics, sync their own dataset, call an API.
bool guest_action(std::string_view key) {
  static const char* const kKeys[] = {"mobileanalytics:putevents", "mobiletargeting:putevents",
                                      "mobiletargeting:updateendpoint", "personalize:putevents",
                                      "execute-api:invoke", "cognito-identity:getid",
                                      "cognito-identity:getcredentialsforidentity"};
  for (const char* k : kKeys)
    if (key == k) return true;
  return key.rfind("cognito-sync:", 0) == 0;
}

// Reads that return data worth protecting whatever the resource.
bool sensitive_read(std::string_view key) {
  static const char* const kKeys[] = {"secretsmanager:getsecretvalue", "ssm:getparameter", "ssm:getparameters",
                                      "ssm:getparametersbypath", "kms:decrypt", "dynamodb:getitem",
                                      "dynamodb:query", "dynamodb:scan", "dynamodb:batchgetitem",
                                      "lambda:getfunction", "iam:getrole"};
  for (const char* k : kKeys)
    if (key == k) return true;
  return false;
}

/// Catalogue candidates: the actions the role's Allow statements name that are more than
/// reading non-sensitive data (at most `limit`, in policy order), or one text for an Allow
/// with NotAction ("every action but ...").
struct Candidates {
  std::vector<std::string> actions;
  std::string not_action;
};
Candidates broad_candidates(const iam::RoleView& v, size_t limit) {
  Candidates out;
  const iam::ActionCatalog& cat = iam::ActionCatalog::builtin();
  for (const auto& p : v.parsed) {
    if (!p) continue;
    for (const iam::Statement& s : p->statements) {
      if (s.effect != iam::Effect::Allow || s.unknown) continue;
      if (s.not_action.has) {
        out.not_action = "every action but " + (s.not_action.patterns.empty() ? std::string("?") : s.not_action.patterns[0]);
        return out;
      }
      bool star_resource = false;
      for (const std::string& r : s.resource.patterns)
        if (r == "*") star_resource = true;
      for (const std::string& pattern : s.action.patterns) {
        for (uint32_t idx : cat.expand(pattern)) {
          const iam::ActionInfo& a = cat.all()[idx];
          if (guest_action(a.key)) continue;
          bool broad = a.cls == iam::ActionClass::Write || a.cls == iam::ActionClass::PermissionsManagement ||
                       (a.cls == iam::ActionClass::Read && (sensitive_read(a.key) || (star_resource && a.key == "s3:getobject")));
          if (!broad || std::find(out.actions.begin(), out.actions.end(), a.name) != out.actions.end()) continue;
          out.actions.push_back(a.name);
          if (out.actions.size() >= limit) return out;
        }
      }
    }
  }
  return out;
}

/// The first action the role allows that is more than reading non-sensitive data, or "".
/// The catalogue names the candidates; the engine's identity summary (summarize() on the
/// role's policies merged) confirms which are allowed once Deny statements and conditions
/// are read. Cost: at most kMaxCandidates actions in one summary, with a time bound, once
/// per role and model; a role with Unknown actions or conditions, or a summary the engine cannot complete, keeps the catalogue's
/// answer (never reported as narrower than it may be).
std::string broad_action(const iam::RoleView& v) {
  constexpr size_t kMaxCandidates = 32;
  Candidates c = broad_candidates(v, kMaxCandidates);
  if (!c.not_action.empty()) return c.not_action;
  if (c.actions.empty()) return "";
  std::vector<const iam::Policy*> parts;
  for (const auto& p : v.parsed)
    if (p) parts.push_back(&*p);
  iam::Policy merged = iam::merge_policies(parts);
  // Unknown conditions or actions, or a Deny on resources the template does not say: the
  // catalogue's answer (no solver). An Allow's Unknown Resource (an ARN from !GetAtt) is
  // read as "some resource": the question is which actions, not where.
  for (iam::Statement& s : merged.statements) {
    bool unknown = s.unknown || s.action.unknown || s.not_action.unknown;
    for (const iam::Condition& cond : s.conditions) unknown = unknown || cond.unknown;
    if (s.resource.unknown || s.not_resource.unknown) {
      if (s.effect == iam::Effect::Deny || s.not_resource.has) unknown = true;
      s.resource.unknown = false;
      s.resource.patterns = {"*"};
    }
    if (unknown) return c.actions.front();
  }
  iam::QuestionOptions opts;
  opts.actions = c.actions;
  opts.timeout_ms = 500;
  iam::AccessSummary sum = iam::summarize(merged, opts);
  if (sum.complete != iam::Answer::Yes) return c.actions.front();
  for (const std::string& a : c.actions)
    for (const auto& e : sum.entries)
      for (const auto& [cls, names] : e.actions)
        for (const std::string& n : names)
          if (iequals(n, a)) return a;
  return "";  // every candidate is taken back (a Deny) or never granted
}

const model::Resource* unauthenticated_role(const model::Model& m, const model::Resource& pool) {
  for (const model::Resource* att : m.of_type("AWS::Cognito::IdentityPoolRoleAttachment")) {
    const model::Value* id = att->prop("IdentityPoolId");
    if (!id || model::resource_ref(*id) != pool.id) continue;
    for (const Possible& r : possible_values(att->properties, {"Roles", "unauthenticated"})) {
      if (!r.value) continue;
      const model::Resource* role = m.find(model::resource_ref(*r.value));
      if (role && role->type == "AWS::IAM::Role") return role;
    }
  }
  return nullptr;
}

void unauthenticated_credentials(RuleContext& ctx) {
  for (const model::Resource* pool : ctx.model().of_type("AWS::Cognito::IdentityPool")) {
    for (const Possible& p : possible_values(pool->properties, {"AllowUnauthenticatedIdentities"})) {
      if (truth(p.value) != Truth::True) continue;
      MessageArgs args = {{"pool", user_id(*pool)}};
      ReportOptions opts;
      opts.evidence = "AllowUnauthenticatedIdentities: true";
      if (const model::Resource* role = unauthenticated_role(ctx.model(), *pool)) {
        for (const iam::RoleView& v : roles(ctx)) {
          if (v.role != role) continue;
          // One summary per role and model (several pools may share a role).
          const std::string& action = ctx.shared<std::string>("cog003.broad." + role->id, [&] { return broad_action(v); });
          if (action.empty()) continue;
          opts.severity = Severity::High;
          opts.variant = "broad";
          opts.evidence = "unauthenticated role " + user_id(*role) + " allows " + action;
          args.push_back({"role", user_id(*role)});
          args.push_back({"action", action});
        }
      }
      ctx.report("KL-COG-003", *pool, p.loc, "Properties.AllowUnauthenticatedIdentities", std::move(args),
                 std::move(opts));
    }
  }
}

bool positive_on(const iam::Condition& c, std::string_view key, bool equals_only) {
  if (c.key_lower != key || c.negated || c.values.empty()) return false;
  if (equals_only && (c.family != iam::CondFamily::String || c.cmp != iam::CondCmp::Equals || c.if_exists))
    return false;
  for (const std::string& v : c.values)
    if (v.find_first_not_of("*?") == std::string::npos) return false;
  return true;
}

void trust_without_audience(RuleContext& ctx) {
  for (const model::Resource* role : ctx.model().of_type("AWS::IAM::Role")) {
    for (const PolicyDocument& d : policy_documents(*role, "AssumeRolePolicyDocument")) {
      for (size_t i = 0; i < d.policy.statements.size(); ++i) {
        const iam::Statement& s = d.policy.statements[i];
        if (s.effect != iam::Effect::Allow || s.unknown) continue;
        bool cognito = false;
        for (const iam::PrincipalEntry& e : s.principal.entries)
          if (e.kind == iam::PrincipalEntry::Kind::Federated && iequals(e.value, "cognito-identity.amazonaws.com"))
            cognito = true;
        if (!cognito || !iam::statement_covers_action(s, "sts:AssumeRoleWithWebIdentity")) continue;
        bool aud = false, amr = false, unknown = false;
        for (const iam::Condition& c : s.conditions) {
          if (c.unknown) unknown = true;
          if (positive_on(c, "cognito-identity.amazonaws.com:aud", true)) aud = true;
          if (positive_on(c, "cognito-identity.amazonaws.com:amr", false)) amr = true;
        }
        if (unknown || (aud && amr)) continue;
        ReportOptions opts;
        if (aud) opts.variant = "amr";
        opts.evidence = aud ? "no cognito-identity.amazonaws.com:amr condition"
                            : "no StringEquals on cognito-identity.amazonaws.com:aud";
        ctx.report("KL-COG-004", *role, statement_loc(d.doc, i, d.loc), "Properties.AssumeRolePolicyDocument",
                   {{"role", user_id(*role)}}, std::move(opts));
      }
    }
  }
}

}  // namespace

void add_cognito_iam_rules(std::vector<RuleImpl>& out) {
  out.push_back({"KL-COG-003", unauthenticated_credentials});
  out.push_back({"KL-COG-004", trust_without_audience});
}

}  // namespace kl::rules
