#include "iam/evaluate.h"

#include <algorithm>

#include "iam/actions.h"
#include "iam/match.h"
#include "iam/scalars.h"

namespace kl::iam {

namespace {

// Three-valued logic for parts the scanner cannot know (Unknown template values).
enum class Tri { No, Yes, Maybe };
Tri tri_and(Tri a, Tri b) {
  if (a == Tri::No || b == Tri::No) return Tri::No;
  if (a == Tri::Maybe || b == Tri::Maybe) return Tri::Maybe;
  return Tri::Yes;
}
Tri tri_not(Tri a) { return a == Tri::Maybe ? a : (a == Tri::Yes ? Tri::No : Tri::Yes); }

bool is_digits12(std::string_view s) {
  return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "arn:aws:sts::A:assumed-role/Role/session" → "arn:aws:iam::A:role/Role".
std::string role_of_session(std::string_view arn) {
  size_t p = arn.find(":assumed-role/");
  if (arn.substr(0, 8) != "arn:aws:" || p == std::string_view::npos) return "";
  std::string_view rest = arn.substr(p + 14);
  std::string_view role = rest.substr(0, rest.find('/'));
  return "arn:aws:iam::" + account_of(arn) + ":role/" + std::string(role);
}

const std::vector<std::string>* lookup(const Request& r, const std::string& key) {
  auto it = r.context.find(key);
  if (it != r.context.end() && !it->second.empty()) return &it->second;
  return nullptr;
}

// Keys derived from the principal when the caller did not set them.
std::vector<std::string> derived(const Request& r, const std::string& key) {
  if (r.principal_kind != PrincipalEntry::Kind::AWS) return {};
  std::string acct = account_of(r.principal);
  if ((key == "aws:principalaccount" || key == "kms:calleraccount") && !acct.empty()) return {acct};
  if (key == "aws:principalarn" && r.principal.rfind("arn:", 0) == 0) {
    std::string role = role_of_session(r.principal);
    return {role.empty() ? r.principal : role};
  }
  return {};
}

bool compare_one(const Condition& c, const std::string& req, const std::string& pol, bool variables,
                 const VariableLookup& vars) {
  switch (c.family) {
    case CondFamily::String:
      return pattern_match(pol, req, c.ignore_case, variables, &vars, c.cmp == CondCmp::Like);
    case CondFamily::Arn:
      return pattern_match(pol, req, false, variables, &vars, true);
    case CondFamily::Bool:
      return ascii_lower(req) == ascii_lower(pol);
    case CondFamily::Binary:
      return req == pol;
    case CondFamily::Ip: {
      auto cidr = parse_cidr(pol);
      auto ip = parse_ip(req);
      return cidr && ip && cidr->contains(*ip);
    }
    case CondFamily::Numeric:
    case CondFamily::Date: {
      std::optional<double> a, b;
      if (c.family == CondFamily::Numeric) {
        a = parse_number(req);
        b = parse_number(pol);
      } else {
        auto x = parse_date(req), y = parse_date(pol);
        if (x) a = static_cast<double>(*x);
        if (y) b = static_cast<double>(*y);
      }
      if (!a || !b) return false;
      switch (c.cmp) {
        case CondCmp::Equals:
        case CondCmp::Like: return *a == *b;
        case CondCmp::Less: return *a < *b;
        case CondCmp::LessEquals: return *a <= *b;
        case CondCmp::Greater: return *a > *b;
        case CondCmp::GreaterEquals: return *a >= *b;
      }
      return false;
    }
    case CondFamily::Null: return false;
  }
  return false;
}

Tri principals_match(const PrincipalSet& set, const Request& r) {
  for (const auto& e : set.entries)
    if (principal_matches(e, r)) return Tri::Yes;
  return set.unknown ? Tri::Maybe : Tri::No;
}

Tri patterns_match(const PatternSet& set, std::string_view text, bool is_action, bool variables,
                   const VariableLookup& vars) {
  for (const auto& p : set.patterns) {
    bool m = is_action ? wildcard_match(p, text, true) : pattern_match(p, text, false, variables, &vars);
    if (m) return Tri::Yes;
  }
  return set.unknown ? Tri::Maybe : Tri::No;
}

Tri statement_applies(const Statement& s, const Request& r, bool variables, const VariableLookup& vars) {
  if (s.unknown) return Tri::Maybe;
  Tri t = Tri::Yes;
  if (s.principal.has) t = tri_and(t, principals_match(s.principal, r));
  if (s.not_principal.has) t = tri_and(t, tri_not(principals_match(s.not_principal, r)));
  if (s.action.has) t = tri_and(t, patterns_match(s.action, r.action, true, variables, vars));
  if (s.not_action.has) t = tri_and(t, tri_not(patterns_match(s.not_action, r.action, true, variables, vars)));
  // A request without a resource stands for the resource the policy is attached to.
  if (!r.resource.empty()) {
    if (s.resource.has) t = tri_and(t, patterns_match(s.resource, r.resource, false, variables, vars));
    if (s.not_resource.has)
      t = tri_and(t, tri_not(patterns_match(s.not_resource, r.resource, false, variables, vars)));
  }
  for (const auto& c : s.conditions) {
    if (t == Tri::No) break;
    auto h = condition_holds(c, r, variables);
    t = tri_and(t, !h ? Tri::Maybe : (*h ? Tri::Yes : Tri::No));
  }
  return t;
}

}  // namespace

void Request::set(std::string key, std::string value) {
  context[ascii_lower(key)].push_back(std::move(value));
}

const char* decision_name(Decision d) {
  switch (d) {
    case Decision::Allow: return "allow";
    case Decision::ExplicitDeny: return "explicit-deny";
    case Decision::ImplicitDeny: return "implicit-deny";
    case Decision::Unknown: return "unknown";
  }
  return "unknown";
}

std::string account_of(std::string_view p) {
  if (is_digits12(p)) return std::string(p);
  if (p.substr(0, 4) != "arn:") return "";
  size_t pos = 0;
  for (int field = 0; field < 4; ++field) {
    pos = p.find(':', pos);
    if (pos == std::string_view::npos) return "";
    ++pos;
  }
  size_t end = p.find(':', pos);
  std::string_view acct = p.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
  return is_digits12(acct) ? std::string(acct) : "";
}

bool principal_matches(const PrincipalEntry& e, const Request& r) {
  using K = PrincipalEntry::Kind;
  if (e.kind == K::Any) return true;
  if (e.kind == K::AWS) {
    if (r.principal_kind != K::AWS) return false;
    if (e.value == "*") return true;
    std::string acct = account_of(e.value);
    if (e.is_account()) return !acct.empty() && acct == account_of(r.principal);
    if (e.value == r.principal) return true;
    std::string role = role_of_session(r.principal);
    return !role.empty() && role == e.value;
  }
  if (e.kind != r.principal_kind) return false;
  if (e.kind == K::Service || e.kind == K::Federated) return ascii_lower(e.value) == ascii_lower(r.principal);
  return e.value == r.principal;
}

std::optional<bool> condition_holds(const Condition& c, const Request& r, bool variables) {
  if (c.unknown) return std::nullopt;
  std::vector<std::string> extra;
  const std::vector<std::string>* values = lookup(r, c.key_lower);
  if (!values) {
    extra = derived(r, c.key_lower);
    if (!extra.empty()) values = &extra;
  }
  if (c.family == CondFamily::Null) {
    bool absent = values == nullptr;
    for (const auto& v : c.values)
      if ((v == "true") == absent) return true;
    return false;
  }
  VariableLookup vars = [&r](std::string_view key) -> std::optional<std::string> {
    std::string k(key);
    if (auto* v = lookup(r, k)) return v->front();
    auto d = derived(r, k);
    if (!d.empty()) return d.front();
    return std::nullopt;
  };
  // Whether one request value satisfies the operator against the policy's values.
  auto satisfies = [&](const std::string& req) {
    bool any = false;
    for (const auto& pol : c.values)
      if (compare_one(c, req, pol, variables, vars)) {
        any = true;
        break;
      }
    return c.negated ? !any : any;
  };
  if (c.qualifier == SetQualifier::ForAllValues) {
    if (!values) return true;
    return std::all_of(values->begin(), values->end(), satisfies);
  }
  if (c.qualifier == SetQualifier::ForAnyValue) {
    if (!values) return c.if_exists;
    return std::any_of(values->begin(), values->end(), satisfies);
  }
  if (!values) return c.if_exists || c.negated;
  if (c.negated) return std::all_of(values->begin(), values->end(), satisfies);
  return std::any_of(values->begin(), values->end(), satisfies);
}

Evaluation evaluate(const Policy& policy, const Request& request) {
  Evaluation out;
  bool variables = policy.variables_enabled();
  VariableLookup vars = [&request](std::string_view key) -> std::optional<std::string> {
    std::string k(key);
    if (auto* v = lookup(request, k)) return v->front();
    auto d = derived(request, k);
    if (!d.empty()) return d.front();
    return std::nullopt;
  };
  bool deny_maybe = false, allow_maybe = false;
  for (size_t i = 0; i < policy.statements.size(); ++i) {
    const Statement& s = policy.statements[i];
    Tri t = statement_applies(s, request, variables, vars);
    if (t == Tri::No) continue;
    bool deny = !s.unknown && s.effect == Effect::Deny;
    if (s.unknown) {
      deny_maybe = true;  // an unreadable Effect could be either
      allow_maybe = true;
      continue;
    }
    if (t == Tri::Yes) (deny ? out.denying : out.allowing).push_back(i);
    else (deny ? deny_maybe : allow_maybe) = true;
  }
  if (!out.denying.empty()) out.decision = Decision::ExplicitDeny;
  else if (deny_maybe && (!out.allowing.empty() || allow_maybe)) {
    out.decision = Decision::Unknown;
    out.why_unknown = "a Deny statement depends on a value unknown before deployment";
  } else if (!out.allowing.empty()) out.decision = Decision::Allow;
  else if (allow_maybe) {
    out.decision = Decision::Unknown;
    out.why_unknown = "an Allow statement depends on a value unknown before deployment";
  } else out.decision = Decision::ImplicitDeny;
  return out;
}

}  // namespace kl::iam
