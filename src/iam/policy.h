#pragma once
// The IAM policy model: what a policy document says, parsed once, independent of where it
// came from (a template property, a JSON string inside a template, a bare policy file).
//
// Values keep their text as written (case, wildcards, ${policy:variables}); matching
// rules live in match.h (concrete) and in the solver encoding (symbolic). Anything the
// scanner cannot know statically (an Unknown template value, an Either branch) is kept
// as an `unknown` flag on the element it affects, so questions answer Unknown rather than
// guessing.
#include <cstdint>
#include <string>
#include <vector>

#include "model/location.h"

namespace kl::iam {

enum class Effect : uint8_t { Allow, Deny };

/// One principal value: `"*"` (kind Any) or `{"AWS"|"Service"|"Federated"|"CanonicalUser": v}`.
struct PrincipalEntry {
  enum class Kind : uint8_t { Any, AWS, Service, Federated, CanonicalUser };
  Kind kind = Kind::Any;
  std::string value;  ///< as written; "*" for Any and for {"AWS":"*"}
  model::Location loc;

  /// "*" under Any or AWS: every AWS principal, anonymous included.
  bool is_wildcard() const { return value == "*" && (kind == Kind::Any || kind == Kind::AWS); }
  /// The 12-digit account an AWS value names ("123456789012", "arn:aws:iam::123…:root",
  /// any IAM ARN); "" when it names none (a service, "*", a canonical user).
  std::string account() const;
  /// True when the value names a whole account (id or :root), not one role or user.
  bool is_account() const;
};

const char* principal_kind_name(PrincipalEntry::Kind k);

/// Principal or NotPrincipal of a statement. Absent (has = false) in identity policies.
struct PrincipalSet {
  bool has = false;      ///< the statement has this element
  bool unknown = false;  ///< part of it could not be read (Unknown template value)
  std::vector<PrincipalEntry> entries;
};

/// Action/NotAction or Resource/NotResource: a list of patterns with IAM wildcards.
struct PatternSet {
  bool has = false;
  bool unknown = false;
  std::vector<std::string> patterns;
  model::Location loc;
};

/// How a condition operator compares.
enum class CondFamily : uint8_t {
  String,   ///< StringEquals / StringNotEquals / ...IgnoreCase / StringLike / StringNotLike
  Arn,      ///< ArnEquals / ArnLike / ArnNotEquals / ArnNotLike
  Numeric,  ///< NumericEquals, ...NotEquals, LessThan(Equals), GreaterThan(Equals)
  Date,     ///< DateEquals ... DateGreaterThanEquals
  Bool,     ///< Bool
  Binary,   ///< BinaryEquals (base64 text compared as text)
  Ip,       ///< IpAddress / NotIpAddress
  Null,     ///< Null: "true" = key absent
};

/// The comparison within a family.
enum class CondCmp : uint8_t { Equals, Like, Less, LessEquals, Greater, GreaterEquals };

enum class SetQualifier : uint8_t { None, ForAnyValue, ForAllValues };

/// One `Operator: {Key: [values]}` pair of a Condition block.
struct Condition {
  std::string op;  ///< as written, e.g. "ForAnyValue:StringLikeIfExists"
  CondFamily family = CondFamily::String;
  CondCmp cmp = CondCmp::Equals;
  bool negated = false;      ///< StringNotEquals, NotIpAddress, ArnNotLike, ...
  bool ignore_case = false;  ///< StringEqualsIgnoreCase / StringNotEqualsIgnoreCase
  bool if_exists = false;
  SetQualifier qualifier = SetQualifier::None;
  std::string key;  ///< as written; keys compare case-insensitively (key_lower)
  std::string key_lower;
  std::vector<std::string> values;
  bool unknown = false;  ///< a value could not be read
  model::Location loc;
};

struct Statement {
  std::string sid;
  Effect effect = Effect::Allow;
  PrincipalSet principal;      ///< Principal
  PrincipalSet not_principal;  ///< NotPrincipal
  PatternSet action;           ///< Action
  PatternSet not_action;       ///< NotAction
  PatternSet resource;         ///< Resource
  PatternSet not_resource;     ///< NotResource
  std::vector<Condition> conditions;
  bool unknown = false;  ///< the statement (or its Effect) could not be read at all
  model::Location loc;

  bool has_principal_element() const { return principal.has || not_principal.has; }
};

struct Policy {
  std::string version;  ///< "2012-10-17", "2008-10-17" or "" (then variables are literal)
  std::string id;
  std::vector<Statement> statements;
  model::Location loc;

  /// Policy variables `${...}` are substituted only under Version 2012-10-17.
  bool variables_enabled() const { return version == "2012-10-17"; }
  /// Some part could not be known statically: answers may be Unknown.
  bool has_unknown() const;
  /// Some statement has a Principal or NotPrincipal (a resource or trust policy).
  bool is_resource_policy() const;
};

/// The statements of several policies as one (a role's inline and managed policies: within
/// one account IAM allows what any of them allows and denies what any of them denies).
/// Version 2012-10-17 when any part has it, so each part's variables stay live.
Policy merge_policies(const std::vector<const Policy*>& parts);

}  // namespace kl::iam
