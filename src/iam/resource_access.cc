#include "iam/resource_access.h"

#include <algorithm>

#include "iam/actions.h"
#include "iam/evaluate.h"
#include "iam/match.h"

namespace kl::iam {
namespace {

// Condition keys (lower-case) that name who may call: with a specific value they make a
// wildcard principal a known set of callers.
constexpr std::string_view kConfiningKeys[] = {
    "aws:sourcevpce",      "aws:sourcevpc",        "aws:principalorgid", "aws:principalorgpaths",
    "aws:principalaccount", "aws:sourceaccount",   "aws:sourcearn",      "aws:sourceowner",
    "aws:sourceip",        "aws:vpcsourceip",      "aws:userid",         "aws:principalarn",
    "aws:sourceorgid",     "aws:sourceorgpaths",   "kms:calleraccount",
    "aws:resourceorgid",   "lambda:eventsourcetoken",
};

bool only_wildcards(std::string_view v) {
  return !v.empty() && v.find_first_not_of("*?") == std::string_view::npos;
}

bool is_confining_key(const std::string& key, const std::vector<std::string>& extra) {
  for (std::string_view k : kConfiningKeys)
    if (key == k) return true;
  return std::find(extra.begin(), extra.end(), key) != extra.end();
}

// A value of a confining key that still lets anyone in.
bool opens_everyone(const Condition& c, const std::string& v) {
  if (only_wildcards(v)) return true;
  if (c.family == CondFamily::Ip) return v == "0.0.0.0/0" || v == "::/0";
  if (c.key_lower == "aws:principalarn" || c.key_lower == "aws:sourcearn")
    return account_of(v).empty() && v.find(":aws:") == std::string::npos && c.cmp == CondCmp::Like;
  return false;
}

bool principal_open(const Statement& s, bool& any_account, bool& via_not) {
  if (s.not_principal.has) {  // Allow with NotPrincipal: everyone but a few
    via_not = true;
    return true;
  }
  for (const PrincipalEntry& e : s.principal.entries) {
    if (e.is_wildcard()) {
      any_account = e.kind == PrincipalEntry::Kind::AWS;
      return true;
    }
  }
  return false;
}

bool denies_everyone(const Statement& s) {
  if (s.not_principal.has) return false;  // spares someone: not a Deny for everyone
  if (!s.principal.has) return true;      // identity-style Deny (no principal element)
  for (const PrincipalEntry& e : s.principal.entries)
    if (e.is_wildcard()) return true;
  return false;
}

// A negated condition on a confining key denies every caller but the named ones.
bool negated_confining(const Condition& c, const std::vector<std::string>& extra) {
  if (!c.negated || !is_confining_key(c.key_lower, extra)) return false;
  for (const std::string& v : c.values)
    if (opens_everyone(c, v)) return false;
  return !c.values.empty();
}

}  // namespace

bool statement_covers_action(const Statement& s, std::string_view action) {
  if (s.action.has) {
    for (const std::string& p : s.action.patterns)
      if (wildcard_match(p, action, true)) return true;
    return false;
  }
  if (s.not_action.has) {
    for (const std::string& p : s.not_action.patterns)
      if (wildcard_match(p, action, true)) return false;
    return true;
  }
  return false;
}

bool confines_callers(const Condition& c, const std::vector<std::string>& extra) {
  if (c.negated || c.if_exists) return false;  // absent or other values get through
  if (c.family == CondFamily::Null || c.family == CondFamily::Bool) return false;
  if (!is_confining_key(c.key_lower, extra)) return false;
  if (c.values.empty()) return false;
  for (const std::string& v : c.values)
    if (opens_everyone(c, v)) return false;
  return true;
}

std::string condition_text(const Condition& c) {
  std::string out = c.op + " " + c.key + " ";
  if (c.values.size() == 1) return out + c.values[0];
  out += "[";
  for (size_t i = 0; i < c.values.size(); ++i) out += (i ? ", " : "") + c.values[i];
  return out + "]";
}

namespace {

// The Deny's resources cover all of the grant's: "*", the same patterns, or patterns that
// match them. Resources the template does not say (an ARN built from the bucket's name)
// are taken to be the policy's own resource, as they must be for a bucket or key policy.
bool deny_covers_resources(const Statement& d, const Statement& grant) {
  if (!d.resource.has) return true;  // no Resource element: the resource the policy is on
  if (d.resource.unknown) return true;
  for (const std::string& p : d.resource.patterns)
    if (p == "*") return true;
  if (grant.resource.unknown || grant.not_resource.has) return false;
  for (const std::string& g : grant.resource.patterns) {
    bool covered = false;
    for (const std::string& p : d.resource.patterns)
      if (wildcard_match(p, g)) covered = true;
    if (!covered) return false;
  }
  return !grant.resource.patterns.empty();
}

}  // namespace

namespace {
bool deny_not_principal(const Policy& p, const std::string& action) {
  for (const Statement& d : p.statements)
    if (d.effect == Effect::Deny && !d.unknown && d.not_principal.has && statement_covers_action(d, action))
      return true;
  return false;
}
}  // namespace

OpenAnswer open_access(const Policy& policy, const std::vector<std::string>& actions,
                       const std::vector<std::string>& extra) {
  OpenAnswer result;
  // Real resource policies are a few kilobytes (S3: 20 KB, KMS: 32 KB); a document with
  // thousands of statements is hostile input, and the Deny check is quadratic.
  constexpr size_t kMaxStatements = 2000;
  if (policy.statements.size() > kMaxStatements) {
    result.answer = Answer::Unknown;
    result.why_unknown = "more statements than any resource policy may hold";
    return result;
  }
  auto unknown = [&](std::string why) {
    if (result.answer == Answer::No) {
      result.answer = Answer::Unknown;
      result.why_unknown = std::move(why);
    }
  };
  // Does an explicit Deny take this grant away? nullopt: cannot say.
  auto removed_by_deny = [&](const Statement& grant, const std::string& action) -> std::optional<bool> {
    for (const Statement& d : policy.statements) {
      if (d.effect != Effect::Deny) continue;
      if (d.unknown) return std::nullopt;
      if (d.action.unknown || d.not_action.unknown || d.principal.unknown) {
        if (statement_covers_action(d, action)) return std::nullopt;
        continue;
      }
      // "Deny everyone but NotPrincipal" takes the grant away from outsiders only for some
      // callers: not read here (undecided; the engine's exact question decides it).
      if (d.not_principal.has && statement_covers_action(d, action)) return std::nullopt;
      if (!denies_everyone(d) || !statement_covers_action(d, action)) continue;
      if (d.not_resource.has || !deny_covers_resources(d, grant)) continue;
      bool all_confining = true;
      for (const Condition& c : d.conditions) {
        if (c.unknown) return std::nullopt;
        if (!negated_confining(c, extra)) all_confining = false;
      }
      // No condition: denied outright. Only "not from my VPC/org/account": callers confined.
      if (d.conditions.empty() || all_confining) return true;
    }
    return false;
  };
  for (const std::string& action : actions) {
    for (size_t i = 0; i < policy.statements.size(); ++i) {
      const Statement& s = policy.statements[i];
      if (s.effect != Effect::Allow) continue;
      if (s.unknown) {
        unknown("a statement the template does not say");
        continue;
      }
      bool any_account = false, via_not = false;
      if (!principal_open(s, any_account, via_not)) {
        if (s.principal.unknown) unknown("a principal the template does not say");
        continue;
      }
      if (s.action.unknown || s.not_action.unknown) {
        unknown("actions the template does not say");
        continue;
      }
      if (!statement_covers_action(s, action)) continue;
      bool confined = false, cond_unknown = false, qualified = false;
      std::vector<std::string> caller_conditions;
      for (const Condition& c : s.conditions) {
        if (c.unknown) {
          cond_unknown = true;
          continue;
        }
        // A set qualifier on a confining key (ForAllValues holds for an absent key;
        // ForAnyValue with a negated operator for any other value): not read here.
        if (c.qualifier != SetQualifier::None && is_confining_key(c.key_lower, extra)) {
          qualified = true;
          continue;
        }
        if (confines_callers(c, extra))
          confined = true;
        else
          caller_conditions.push_back(condition_text(c));
      }
      if (confined) continue;
      if (cond_unknown) {
        unknown("a condition the template does not say");
        continue;
      }
      if (qualified) {
        unknown(std::string(kUndecided) + ": a set qualifier on a key that confines callers");
        continue;
      }
      auto removed = removed_by_deny(s, action);
      if (!removed) {
        unknown(deny_not_principal(policy, action) ? std::string(kUndecided) + ": a Deny with NotPrincipal"
                                                   : "a Deny statement the template does not say");
        continue;
      }
      if (*removed) continue;
      result.answer = Answer::Yes;
      result.grant = OpenGrant{i, action, any_account, via_not, std::move(caller_conditions)};
      return result;
    }
  }
  return result;
}

std::vector<AccountGrant> accounts_granted(const Policy& policy, std::string_view own_account) {
  std::vector<AccountGrant> out;
  for (size_t i = 0; i < policy.statements.size(); ++i) {
    const Statement& s = policy.statements[i];
    if (s.effect != Effect::Allow || s.unknown) continue;
    for (const PrincipalEntry& e : s.principal.entries) {
      if (e.kind != PrincipalEntry::Kind::AWS || e.is_wildcard()) continue;
      std::string acct = e.account();
      if (acct.empty() || acct == own_account) continue;
      out.push_back({i, acct, e.value, e.loc.known() ? e.loc : s.loc});
    }
  }
  return out;
}

}  // namespace kl::iam
