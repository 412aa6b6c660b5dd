// Cognito user pool rules: KL-COG-001, -002, -005, -006. The identity pool and trust policy
// rules (KL-COG-003/004) come with the IAM engine.
#include <set>
#include <string>
#include <utility>

#include "rules/access.h"
#include "rules/services.h"

namespace kl::rules {
namespace {

std::string user_id(const model::Resource& r) {
  return r.generated_from.empty() ? r.id : r.generated_from;
}

/// Is the pool admin-like (RULES.md): its logical id, or its UserPoolName on any branch. An
/// Unknown name still shows its shape (`${Env}-admin-users`), which is what we match.
bool admin_pool(const model::Resource& pool) {
  if (admin_like(user_id(pool))) return true;
  for (const Possible& p : possible_values(pool.properties, {"UserPoolName"})) {
    if (!p.value) continue;
    if (auto name = text(p.value); name && admin_like(*name)) return true;
    if (p.value->is_unknown() && admin_like(p.value->str())) return true;
  }
  return false;
}

/// Where to report a problem at `p`: the value when it is written, else the pool's id.
model::Location where(const Possible& p, const model::Resource& r) {
  return p.value ? p.loc : r.loc;
}

/// KL-COG-001: AllowAdminCreateUserOnly absent or false lets anyone call SignUp.
/// Unknown (a parameter without default) is not reported.
void open_sign_up(RuleContext& ctx) {
  for (const model::Resource* pool : ctx.model().of_type("AWS::Cognito::UserPool")) {
    bool admin = admin_pool(*pool);
    bool absent_reported = false;
    for (const Possible& p : possible_values(pool->properties,
                                             {"AdminCreateUserConfig", "AllowAdminCreateUserOnly"})) {
      Truth t = truth(p.value);
      if (t != Truth::Absent && t != Truth::False) continue;
      if (t == Truth::Absent && std::exchange(absent_reported, true)) continue;
      ReportOptions opts;
      if (admin) {
        opts.severity = Severity::High;
        opts.variant = "admin";
      }
      opts.evidence = t == Truth::Absent ? "AllowAdminCreateUserOnly not set"
                                         : "AllowAdminCreateUserOnly: false";
      ctx.report("KL-COG-001", *pool, where(p, *pool),
                 "Properties.AdminCreateUserConfig.AllowAdminCreateUserOnly",
                 {{"pool", user_id(*pool)}}, std::move(opts));
    }
  }
}

/// Cognito's standard attributes; anything else in a pool's Schema is a custom attribute.
bool standard_attribute(std::string_view name) {
  static const char* const kStandard[] = {
      "address", "birthdate", "email", "email_verified", "family_name", "gender",
      "given_name", "locale", "middle_name", "name", "nickname", "phone_number",
      "phone_number_verified", "picture", "preferred_username", "profile", "sub",
      "updated_at", "website", "zoneinfo", "identities"};
  for (const char* s : kStandard)
    if (name == s) return true;
  return false;
}

/// Custom attributes an app client could write: every Schema entry that is not standard and
/// not DeveloperOnlyAttribute (those become dev:custom:... and clients cannot write them).
/// Names are returned as clients write them, with the "custom:" prefix.
std::set<std::string> writable_custom_attributes(const model::Resource& pool) {
  std::set<std::string> out;
  for (const Possible& schema : possible_values(pool.properties, {"Schema"})) {
    if (!schema.value || !schema.value->is_list()) continue;
    for (const model::Value& item : schema.value->items()) {
      for (const model::Value* attr : alternatives(&item)) {
        if (!attr || !attr->is_map()) continue;
        auto name = text(attr->get("Name"));
        if (!name || name->empty()) continue;
        if (truth(attr->get("DeveloperOnlyAttribute")) == Truth::True) continue;
        std::string bare = name->rfind("custom:", 0) == 0 ? name->substr(7) : *name;
        if (name->rfind("custom:", 0) != 0 && standard_attribute(*name)) continue;
        out.insert("custom:" + bare);
      }
    }
  }
  return out;
}

/// Attribute names that usually drive authorization decisions.
bool authorization_attribute(std::string_view name) {
  static const char* const kWords[] = {"role", "admin", "group", "tenant", "access",
                                       "permission", "plan", "level"};
  for (const char* w : kWords)
    if (icontains(name, w)) return true;
  return false;
}

std::string join(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

/// KL-COG-002: a client that may write custom attributes of its pool: WriteAttributes absent
/// (every attribute is writable) or listing custom: attributes. Silent when the pool is not
/// in the template (its Schema is unknown) or has no custom attributes, and when
/// WriteAttributes is Unknown.
void client_writes_custom_attributes(RuleContext& ctx) {
  for (const model::Resource* client : ctx.model().of_type("AWS::Cognito::UserPoolClient")) {
    const model::Resource* pool = referenced(ctx.model(), client->prop("UserPoolId"));
    if (!pool || pool->type != "AWS::Cognito::UserPool") continue;
    std::set<std::string> custom = writable_custom_attributes(*pool);
    if (custom.empty()) continue;
    for (const Possible& p : possible_values(client->properties, {"WriteAttributes"})) {
      std::set<std::string> writable;
      model::Location loc = client->loc;
      if (!p.value) {
        writable = custom;
      } else if (p.value->is_list()) {
        for (const model::Value& item : p.value->items()) {
          for (const model::Value* alt : alternatives(&item)) {
            auto name = text(alt);
            if (!name || name->rfind("custom:", 0) != 0) continue;
            if (writable.empty()) loc = alt->loc().known() ? alt->loc() : p.loc;
            writable.insert(*name);
          }
        }
      }
      if (writable.empty()) continue;
      std::set<std::string> authz;
      for (const auto& n : writable)
        if (authorization_attribute(n)) authz.insert(n);
      ReportOptions opts;
      opts.evidence = p.value ? "WriteAttributes: " + join(writable) : "WriteAttributes not set";
      MessageArgs args = {{"client", user_id(*client)},
                          {"pool", user_id(*pool)},
                          {"attributes", join(writable)}};
      if (!authz.empty()) {
        opts.variant = "authorization";
        args.push_back({"authz", join(authz)});
      }
      ctx.report("KL-COG-002", *client, loc, "Properties.WriteAttributes", std::move(args),
                 std::move(opts));
    }
  }
}

/// KL-COG-005: threat protection (advanced security) not ENFORCED. Absent, OFF and AUDIT are
/// reported; Unknown is not.
void threat_protection_not_enforced(RuleContext& ctx) {
  for (const model::Resource* pool : ctx.model().of_type("AWS::Cognito::UserPool")) {
    bool absent_reported = false;
    for (const Possible& p :
         possible_values(pool->properties, {"UserPoolAddOns", "AdvancedSecurityMode"})) {
      if (!p.value && std::exchange(absent_reported, true)) continue;
      std::string mode;
      if (p.value) {
        auto t = text(p.value);
        if (!t || iequals(*t, "ENFORCED")) continue;  // Unknown, wrong type, or enforced
        mode = *t;
      } else {
        mode = "OFF";
      }
      ctx.report("KL-COG-005", *pool, where(p, *pool),
                 "Properties.UserPoolAddOns.AdvancedSecurityMode",
                 {{"pool", user_id(*pool)}, {"mode", mode}},
                 {.severity = {}, .variant = {}, .evidence = "AdvancedSecurityMode: " + mode});
    }
  }
}

/// The location of `key` inside `map` (the key's own line), else `fallback`.
model::Location key_loc(const model::Value* map, std::string_view key, model::Location fallback) {
  if (map && map->is_map())
    if (const model::Member* m = map->member(key); m && m->key_loc.known()) return m->key_loc;
  return fallback;
}

/// KL-COG-006: a weak password policy (MinimumLength under 8, or a policy that requires no
/// character class), and MFA OFF on an admin-like pool (medium). An absent PasswordPolicy is
/// Cognito's default (8 characters, all four classes) and is not reported; MFA off on other
/// pools is a product decision and is not reported either. Unknown values are not reported.
void weak_password_or_mfa_off(RuleContext& ctx) {
  static const char* const kClasses[] = {"RequireUppercase", "RequireLowercase",
                                         "RequireNumbers", "RequireSymbols"};
  for (const model::Resource* pool : ctx.model().of_type("AWS::Cognito::UserPool")) {
    const model::Value* policies = pool->prop("Policies");
    for (const Possible& pp : possible_values(pool->properties, {"Policies", "PasswordPolicy"})) {
      if (!pp.value || !pp.value->is_map()) continue;
      std::string length;  // set when MinimumLength is below 8
      model::Location loc;
      for (const Possible& len : possible_values(*pp.value, {"MinimumLength"})) {
        auto n = number(len.value);
        if (n && *n < 8) {
          length = text(len.value).value_or("?");
          loc = len.loc;
          break;
        }
      }
      bool any_class = false, unknown = false;
      for (const char* cls : kClasses) {
        for (const Possible& c : possible_values(*pp.value, {cls})) {
          Truth t = truth(c.value);
          if (t == Truth::True) any_class = true;
          if (t == Truth::Unknown || t == Truth::Invalid) unknown = true;  // not definite
        }
      }
      bool no_classes = !any_class && !unknown;
      if (length.empty() && !no_classes) continue;
      // Without a short length to point at: the PasswordPolicy key's own line.
      if (!loc.known()) loc = key_loc(policies, "PasswordPolicy", pp.loc);
      const char* variant = length.empty() ? "classes" : no_classes ? "short-classes" : "short";
      MessageArgs args = {{"pool", user_id(*pool)}};
      if (!length.empty()) args.push_back({"length", length});
      std::string evidence = length.empty() ? "" : "MinimumLength: " + length;
      if (no_classes) evidence += std::string(evidence.empty() ? "" : ", ") + "no Require* true";
      ctx.report("KL-COG-006", *pool, loc, "Properties.Policies.PasswordPolicy", std::move(args),
                 {.severity = {}, .variant = variant, .evidence = evidence});
    }
    if (!admin_pool(*pool)) continue;
    bool mfa_absent_reported = false;
    for (const Possible& p : possible_values(pool->properties, {"MfaConfiguration"})) {
      // OFF, also as YAML 1.1 reads a bare OFF (false); ON, OPTIONAL and Unknown are fine.
      bool off = !p.value || text_is(p.value, "OFF") ||
                 (p.value->is_bool() && !p.value->boolean_value());
      if (!off) continue;
      if (!p.value && std::exchange(mfa_absent_reported, true)) continue;
      ctx.report("KL-COG-006", *pool, where(p, *pool), "Properties.MfaConfiguration",
                 {{"pool", user_id(*pool)}},
                 {.severity = Severity::Medium, .variant = "mfa",
                  .evidence = p.value ? "MfaConfiguration: OFF" : "MfaConfiguration not set (OFF)"});
    }
  }
}

}  // namespace

void add_cognito_rules(std::vector<RuleImpl>& out) {
  out.push_back({"KL-COG-001", open_sign_up});
  out.push_back({"KL-COG-002", client_writes_custom_attributes});
  out.push_back({"KL-COG-005", threat_protection_not_enforced});
  out.push_back({"KL-COG-006", weak_password_or_mfa_off});
}

}  // namespace kl::rules
