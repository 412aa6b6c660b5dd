#pragma once
// Effective permissions kept in the model: for each function (Lambda or state machine) with
// a role of the template, what that role's Allow statements grant on each resource of the
// model, on "*", and on ARNs the model does not hold. Computed once after loading
// (iam/function_permissions.h) and read by `kumolens explain` and, later, attack paths.
// Plain data: the model does not depend on the IAM engine.
#include <map>
#include <string>
#include <vector>

namespace kl::model {

/// What a role may do on one target.
struct TargetPermissions {
  std::string target;  ///< logical id of a model resource, "*", or the ARN / shape as written
  bool in_model = false;
  std::vector<std::string> actions;  ///< as written (NotAction as "NOT a, b"; Unknown in parentheses)
  /// The written actions by access class ("list", "read", "write", "permissions-management"):
  /// a pattern is listed under every class one of the actions it covers has.
  std::map<std::string, std::vector<std::string>> by_class;
  bool conditional = false;  ///< some grant has a Condition
};

struct FunctionPermissions {
  std::string function;  ///< logical id
  std::string role;      ///< logical id of its role; "" when the template does not hold it
  bool full_admin = false;
  std::vector<TargetPermissions> targets;  ///< in the order the policies name them
};

}  // namespace kl::model
