#include "iam/policy.h"

#include "iam/evaluate.h"

namespace kl::iam {

const char* principal_kind_name(PrincipalEntry::Kind k) {
  switch (k) {
    case PrincipalEntry::Kind::Any: return "*";
    case PrincipalEntry::Kind::AWS: return "AWS";
    case PrincipalEntry::Kind::Service: return "Service";
    case PrincipalEntry::Kind::Federated: return "Federated";
    case PrincipalEntry::Kind::CanonicalUser: return "CanonicalUser";
  }
  return "AWS";
}

std::string PrincipalEntry::account() const {
  if (kind != Kind::AWS) return "";
  return account_of(value);
}

bool PrincipalEntry::is_account() const {
  if (kind != Kind::AWS || account().empty()) return false;
  if (value.size() == 12) return true;
  return value.size() > 5 && value.substr(value.size() - 5) == ":root";
}

bool Policy::has_unknown() const {
  for (const auto& s : statements) {
    if (s.unknown || s.principal.unknown || s.not_principal.unknown || s.action.unknown ||
        s.not_action.unknown || s.resource.unknown || s.not_resource.unknown)
      return true;
    for (const auto& c : s.conditions)
      if (c.unknown) return true;
  }
  return false;
}

bool Policy::is_resource_policy() const {
  for (const auto& s : statements)
    if (s.has_principal_element()) return true;
  return false;
}

Policy merge_policies(const std::vector<const Policy*>& parts) {
  Policy out;
  for (const Policy* p : parts) {
    if (!p) continue;
    if (p->variables_enabled()) out.version = p->version;
    else if (out.version.empty()) out.version = p->version;
    if (!out.loc.known()) out.loc = p->loc;
    out.statements.insert(out.statements.end(), p->statements.begin(), p->statements.end());
  }
  return out;
}

}  // namespace kl::iam
