// Role rules decided on the roles' policies as the IAM engine reads them (iam/role_summary.h):
// KL-IAM-001 full admin, KL-IAM-002 privilege escalation, KL-IAM-003 service-wide wildcard,
// KL-IAM-004 data or write actions on Resource "*", KL-IAM-005 trust policy open to anyone.
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "iam/actions.h"
#include "iam/match.h"
#include "iam/resource_access.h"
#include "iam/role_summary.h"
#include "rules/access.h"
#include "rules/iam_support.h"
#include "rules/services.h"

namespace kl::rules {
namespace {

using iam::RoleView;

const std::vector<RoleView>& roles(RuleContext& ctx) {
  return ctx.shared<std::vector<RoleView>>(iam::kRoleViewsKey, [&] { return iam::role_views(ctx.model()); });
}

std::string user_id(const model::Resource& r) { return r.generated_from.empty() ? r.id : r.generated_from; }

/// Where statement `j` of policy `i` of a role is written: its Action, else the statement,
/// else where the policy is attached.
model::Location where(const RoleView& v, size_t i, size_t j) {
  const iam::AttachedPolicy& p = v.policies[i];
  if (p.origin == iam::PolicyOrigin::AwsManaged) return p.loc;
  if (const model::Value* s = statement_value(p.document, j)) {
    for (const char* key : {"Action", "NotAction"})
      if (const model::Member* m = s->member(key); m && m->key_loc.known()) return m->key_loc;
    if (s->loc().known()) return s->loc();
  }
  return p.loc.known() ? p.loc : v.role->loc;
}

std::string policy_label(const iam::AttachedPolicy& p) {
  return std::string(iam::policy_origin_name(p.origin)) + " policy '" + p.name + "'";
}

/// KL-IAM-001: Action "*" on Resource "*" (or AdministratorAccess) on a role something runs as.
void full_admin(RuleContext& ctx) {
  for (const RoleView& v : roles(ctx)) {
    auto hit = v.full_admin();
    if (!hit || !iam::role_in_use(ctx.model(), *v.role)) continue;
    ReportOptions opts;
    opts.evidence = policy_label(v.policies[hit->first]);
    ctx.report("KL-IAM-001", *v.role, where(v, hit->first, hit->second), "Policies",
               {{"role", user_id(*v.role)}, {"policy", policy_label(v.policies[hit->first])}}, std::move(opts));
  }
}

struct Escalation {
  std::vector<const char*> actions;  ///< all needed (on wildcard resources)
  const char* how;
  const char* passed_to = "";  ///< with iam:PassRole: the service the role is passed to
};

const std::vector<Escalation>& escalations() {
  static const std::vector<Escalation> list = {
      {{"iam:PassRole", "lambda:CreateFunction"}, "create a function that runs as any role it can pass", "lambda.amazonaws.com"},
      {{"iam:PassRole", "lambda:UpdateFunctionConfiguration"}, "switch a function to any role it can pass", "lambda.amazonaws.com"},
      {{"iam:PassRole", "cloudformation:CreateStack"}, "deploy a stack as any role it can pass", "cloudformation.amazonaws.com"},
      {{"iam:PassRole", "ec2:RunInstances"}, "start an instance with any role it can pass", "ec2.amazonaws.com"},
      {{"iam:CreatePolicyVersion"}, "rewrite a managed policy it is attached to"},
      {{"iam:SetDefaultPolicyVersion"}, "switch a managed policy to a more permissive version"},
      {{"iam:AttachRolePolicy"}, "attach AdministratorAccess to a role"},
      {{"iam:AttachUserPolicy"}, "attach AdministratorAccess to a user"},
      {{"iam:AttachGroupPolicy"}, "attach AdministratorAccess to a group"},
      {{"iam:PutRolePolicy"}, "write an inline admin policy on a role"},
      {{"iam:PutUserPolicy"}, "write an inline admin policy on a user"},
      {{"iam:PutGroupPolicy"}, "write an inline admin policy on a group"},
      {{"iam:UpdateAssumeRolePolicy"}, "let itself assume any role"},
      {{"iam:CreateAccessKey"}, "mint access keys for other users"},
      {{"iam:CreateLoginProfile"}, "set a console password for other users"},
      {{"iam:UpdateLoginProfile"}, "reset other users' console passwords"},
      {{"lambda:UpdateFunctionCode"}, "replace the code of any function, running as its role"},
  };
  return list;
}

/// KL-IAM-002: one finding per role, naming the first escalation it allows.
void escalation(RuleContext& ctx) {
  for (const RoleView& v : roles(ctx)) {
    if (v.full_admin()) continue;  // KL-IAM-001 says more
    for (const Escalation& e : escalations()) {
      std::optional<std::pair<size_t, size_t>> last;
      bool all = true;
      for (const char* a : e.actions) {
        auto hit = v.allows(a, true, std::string_view(a) == "iam:PassRole" ? e.passed_to : "");
        if (!hit) {
          all = false;
          break;
        }
        last = hit;
      }
      if (!all) continue;
      std::string names;
      for (const char* a : e.actions) names += (names.empty() ? "" : " + ") + std::string(a);
      ReportOptions opts;
      opts.evidence = names + " from " + policy_label(v.policies[last->first]);
      ctx.report("KL-IAM-002", *v.role, where(v, last->first, last->second), "Policies",
                 {{"role", user_id(*v.role)}, {"actions", names}, {"how", e.how}}, std::move(opts));
      break;
    }
  }
}

/// "s3:*": a service prefix (letters, digits, '-') and a lone star. (No std::regex: it
/// recurses per character and a hostile template may hold a megabyte-long action.)
bool service_star(std::string_view p) {
  if (p.size() < 3 || p.substr(p.size() - 2) != ":*") return false;
  for (char c : p.substr(0, p.size() - 2))
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  return true;
}

/// KL-IAM-003: "svc:*" in an Allow, or an AWS managed policy whose statements do that.
void service_wildcard(RuleContext& ctx) {
  for (const RoleView& v : roles(ctx)) {
    if (v.full_admin()) continue;
    for (size_t i = 0; i < v.parsed.size(); ++i) {
      if (!v.parsed[i]) continue;
      const auto& sts = v.parsed[i]->statements;
      for (size_t j = 0; j < sts.size(); ++j) {
        const iam::Statement& s = sts[j];
        if (s.effect != iam::Effect::Allow || s.unknown) continue;
        std::string pattern;
        for (const std::string& p : s.action.patterns)
          if (service_star(p)) pattern = p;
        if (pattern.empty()) continue;
        const iam::AttachedPolicy& p = v.policies[i];
        bool managed = p.origin == iam::PolicyOrigin::AwsManaged;
        ReportOptions opts;
        opts.evidence = pattern + " in " + policy_label(p);
        if (managed) opts.variant = "managed";
        ctx.report("KL-IAM-003", *v.role, where(v, i, j), managed ? "ManagedPolicyArns" : "Policies",
                   {{"role", user_id(*v.role)}, {"pattern", pattern}, {"policy", p.name}}, std::move(opts));
        if (managed) break;  // one finding per managed policy
      }
    }
  }
}

// Services whose data and write actions can be scoped to resources: "*" there is a choice.
bool scoped_service(std::string_view prefix) {
  static const char* const kServices[] = {"s3",  "dynamodb", "sqs",     "sns",    "lambda", "secretsmanager",
                                          "kms", "ssm",      "kinesis", "firehose", "states", "events",
                                          "iam", "cognito-idp"};
  for (const char* s : kServices)
    if (prefix == s) return true;
  return false;
}

// Actions of those services that take no resource (their "*" is required), or that read
// only what is public anyway (a user pool's token-signing certificate).
bool resourceless(std::string_view key) {
  static const char* const kKeys[] = {"secretsmanager:getrandompassword", "kms:createkey", "kms:generaterandom",
                                      "kms:createcustomkeystore", "lambda:createeventsourcemapping",
                                      "lambda:getaccountsettings", "s3:createjob", "states:createactivity",
                                      "iam:createservicelinkedrole", "ssm:putcomplianceitems",
                                      "cognito-idp:getsigningcertificate"};
  for (const char* k : kKeys)
    if (key == k) return true;
  return false;
}

/// The data or write action of a scoped service an Allow's actions cover that best shows
/// the risk: a well-known data action when a pattern covers one (`s3:Get*` -> s3:GetObject,
/// not s3:GetAccelerateConfiguration), else the first in the catalogue.
std::string data_or_write_action(const iam::Statement& s) {
  static const std::set<std::string_view> kHeadline = {
      "s3:getobject", "s3:putobject", "s3:deleteobject", "dynamodb:getitem", "dynamodb:putitem",
      "dynamodb:deleteitem", "dynamodb:scan", "dynamodb:query", "sqs:sendmessage", "sqs:receivemessage",
      "sns:publish", "lambda:invokefunction", "secretsmanager:getsecretvalue", "kms:decrypt",
      "ssm:getparameter", "kinesis:putrecord", "states:startexecution", "events:putevents",
      "iam:passrole", "cognito-idp:admincreateuser"};
  const iam::ActionCatalog& cat = iam::ActionCatalog::builtin();
  std::string first;
  for (const std::string& p : s.action.patterns) {
    size_t colon = p.find(':');
    if (colon == std::string::npos || p == "*") continue;  // "*" alone is KL-IAM-001's
    if (!scoped_service(iam::ascii_lower(p.substr(0, colon)))) continue;
    for (uint32_t idx : cat.expand(p)) {
      const iam::ActionInfo& a = cat.all()[idx];
      if (resourceless(a.key)) continue;
      if (a.cls == iam::ActionClass::List) continue;
      std::string_view op = std::string_view(a.key).substr(a.key.find(':') + 1);
      if (a.cls == iam::ActionClass::Read && (op.rfind("describe", 0) == 0 || op.rfind("list", 0) == 0)) continue;
      if (kHeadline.count(a.key)) return a.name;
      if (first.empty()) first = a.name;
    }
  }
  return first;
}

/// A Resource pattern that names every resource of its service, as "*" does:
/// `arn:aws:s3:::*`, `arn:aws:s3:::*/*`, `arn:aws:dynamodb:*:*:table/*`,
/// `arn:aws:lambda:*:*:function:*`. (An S3 ARN has no region or account, and its resource
/// is the bucket name: only wildcards there.)
bool every_resource_pattern(std::string_view r) {
  auto only_wild = [](std::string_view t) {
    return !t.empty() && t.find('*') != std::string_view::npos && t.find_first_not_of("*/:") == std::string_view::npos;
  };
  auto fields = iam::arn_fields(r);
  if (!fields) return false;
  const auto& f = *fields;
  std::string_view service = f[2], region = f[3], account = f[4], resource = f[5];
  if (f[0] != "arn" || service.empty() || service.find('*') != std::string_view::npos) return false;
  if (service == "s3") return region.empty() && account.empty() && only_wild(resource);
  if (account != "*" || !(region.empty() || region == "*")) return false;
  if (only_wild(resource)) return true;
  size_t sep = resource.find_first_of("/:");
  return sep != std::string_view::npos && sep > 0 &&
         resource.substr(0, sep).find('*') == std::string_view::npos && only_wild(resource.substr(sep + 1));
}

/// KL-IAM-004: statements the user wrote (inline, policy resources, managed policies of the
/// template) allowing data or write actions on Resource "*". AWS managed policies and SAM
/// policy templates are AWS's own scoping and are left to KL-IAM-003.
void star_resource(RuleContext& ctx) {
  for (const RoleView& v : roles(ctx)) {
    if (v.full_admin()) continue;
    for (size_t i = 0; i < v.parsed.size(); ++i) {
      const iam::AttachedPolicy& p = v.policies[i];
      if (!v.parsed[i] || p.origin == iam::PolicyOrigin::AwsManaged || p.origin == iam::PolicyOrigin::SamTemplate ||
          p.origin == iam::PolicyOrigin::Unresolved)
        continue;
      const auto& sts = v.parsed[i]->statements;
      for (size_t j = 0; j < sts.size(); ++j) {
        const iam::Statement& s = sts[j];
        if (s.effect != iam::Effect::Allow || s.unknown || s.resource.unknown || !s.action.has) continue;
        bool star = false;
        std::string pattern;  // an ARN pattern as broad as "*", when there is no "*"
        for (const std::string& r : s.resource.patterns) {
          if (r == "*") star = true;
          else if (pattern.empty() && every_resource_pattern(r)) pattern = r;
        }
        if (!star && pattern.empty()) continue;
        std::string action = data_or_write_action(s);
        if (action.empty()) continue;
        ReportOptions opts;
        MessageArgs args = {{"role", user_id(*v.role)}, {"action", action}, {"policy", p.name}};
        if (star) {
          opts.evidence = action + " on \"*\" in " + policy_label(p);
        } else {
          opts.evidence = action + " on \"" + pattern + "\" in " + policy_label(p);
          opts.variant = "pattern";
          args.push_back({"resource", pattern});
        }
        ctx.report("KL-IAM-004", *v.role, where(v, i, j), "Policies", std::move(args), std::move(opts));
      }
    }
  }
}

/// KL-IAM-005: a trust policy that lets anyone (or any account) assume the role.
void open_trust(RuleContext& ctx) {
  for (const model::Resource* role : ctx.model().of_type("AWS::IAM::Role")) {
    for (const PolicyDocument& d : policy_documents(*role, "AssumeRolePolicyDocument")) {
      // RULES.md: an ExternalId confines who may assume a role (a third party that knows it).
      iam::OpenAnswer a = iam::open_access(d.policy, {"sts:AssumeRole"}, {"sts:externalid"});
      if (a.answer != iam::Answer::Yes) continue;
      std::string witness = open_witness(*a.grant, "role " + user_id(*role));
      ReportOptions opts;
      opts.evidence = witness;
      ctx.report("KL-IAM-005", *role, statement_loc(d.doc, a.grant->statement, d.loc),
                 "Properties.AssumeRolePolicyDocument", {{"role", user_id(*role)}, {"witness", witness}},
                 std::move(opts));
    }
  }
}

}  // namespace

void add_iam_rules(std::vector<RuleImpl>& out) {
  out.push_back({"KL-IAM-001", full_admin});
  out.push_back({"KL-IAM-002", escalation});
  out.push_back({"KL-IAM-003", service_wildcard});
  out.push_back({"KL-IAM-004", star_resource});
  out.push_back({"KL-IAM-005", open_trust});
}

}  // namespace kl::rules
