#pragma once
// A role's permissions read once per model: the policies attached to it (role_policies.h)
// parsed by the engine, with the queries the rules and `kumolens explain` ask. Concrete and
// solver-free; statements the template does not say are skipped by the queries that need
// certainty (nothing Unknown is reported as allowed or as safe).
#include <optional>
#include <string>
#include <vector>

#include "iam/policy.h"
#include "iam/role_policies.h"

namespace kl::iam {

struct RoleView {
  const model::Resource* role = nullptr;
  std::vector<AttachedPolicy> policies;
  std::vector<std::optional<Policy>> parsed;  ///< parallel to policies; nullopt: no document

  /// The statement that lets this role do `action` on some resource: an Allow covering it
  /// whose resources are all known and (with `wildcard_resource`) include a wildcard, and no
  /// unconditional Deny on "*" takes it back. Returns {policy index, statement index}.
  /// `passed_to` (for iam:PassRole): the service the role would be passed to; an Allow
  /// whose `iam:PassedToService` condition rules that service out does not count
  /// (AmazonDynamoDBFullAccess may pass roles to DAX and autoscaling, not to Lambda).
  std::optional<std::pair<size_t, size_t>> allows(std::string_view action, bool wildcard_resource,
                                                  std::string_view passed_to = {}) const;
  /// An Allow of every action on every resource without condition (Action "*" on "*"), or
  /// AdministratorAccess attached.
  std::optional<std::pair<size_t, size_t>> full_admin() const;
};

/// Every AWS::IAM::Role of the model, with its policies.
std::vector<RoleView> role_views(const model::Model& model, const PseudoParameters& pseudo = {});
/// Where role_views(model) is kept in model::Model::derived, as a std::vector<RoleView>.
inline constexpr const char* kRoleViewsKey = "iam.roles";

/// Is the role used by something that runs (a function, state machine, task, identity pool,
/// event rule, ...), i.e. referenced by a resource that is not itself IAM?
bool role_in_use(const model::Model& model, const model::Resource& role);

/// What a function may do on each resource: actions as written (Allow statements), keyed by
/// the model resource they name, "*", or the ARN text when it names no model resource.
struct ResourcePermissions {
  std::string target;  ///< logical id, "*", or an ARN / shape text
  bool in_model = false;
  std::vector<std::string> actions;  ///< as written, NotAction as "NOT a, b"
  bool conditional = false;          ///< some grant has a Condition
};
std::vector<ResourcePermissions> effective_permissions(const model::Model& model, const RoleView& view);

}  // namespace kl::iam
