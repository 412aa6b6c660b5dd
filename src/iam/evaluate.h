#pragma once
// The concrete evaluator: one request against one policy, as IAM decides it within a
// single policy — an explicit Deny wins, else an Allow, else the implicit deny. Used by
// tests, by the fast path's witness check and by `kumolens policy eval`.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "iam/policy.h"

namespace kl::iam {

struct Request {
  /// Who asks: an IAM ARN ("arn:aws:iam::111122223333:role/R", an sts assumed-role ARN),
  /// an account id, "*" / "anonymous", or a service ("lambda.amazonaws.com", kind Service).
  std::string principal = "anonymous";
  PrincipalEntry::Kind principal_kind = PrincipalEntry::Kind::AWS;
  std::string action;    ///< "s3:GetObject"
  std::string resource;  ///< "arn:aws:s3:::bucket/key"; "" = the policy's own resource
  /// Context keys, lower-case, each with its values (several for multivalued keys).
  /// aws:PrincipalArn and aws:PrincipalAccount are derived from `principal` when absent.
  std::map<std::string, std::vector<std::string>> context;

  void set(std::string key, std::string value);  ///< adds a value (key lower-cased)
};

enum class Decision { Allow, ExplicitDeny, ImplicitDeny, Unknown };
const char* decision_name(Decision d);  ///< "allow", "explicit-deny", "implicit-deny", "unknown"

struct Evaluation {
  Decision decision = Decision::ImplicitDeny;
  std::vector<size_t> allowing;  ///< statements that allowed it (indexes)
  std::vector<size_t> denying;   ///< statements that denied it
  std::string why_unknown;       ///< for Decision::Unknown
};

Evaluation evaluate(const Policy& policy, const Request& request);

/// Single pieces, exposed for the fast path and for tests.
bool principal_matches(const PrincipalEntry& entry, const Request& request);
/// The condition holds for the request (nullopt: cannot say, e.g. an unknown value).
std::optional<bool> condition_holds(const Condition& c, const Request& request, bool variables);

/// The 12-digit account in an ARN (field 5), or the text itself when it is one; "" else.
std::string account_of(std::string_view principal_or_arn);

}  // namespace kl::iam
