#pragma once
// The known differences between botocore's API operations and IAM actions (docs/iam.md).
// Each row rewrites one operation of one IAM prefix:
//   operation "*"   — replace every operation of the prefix by `actions`
//   operation ""    — add `actions` (IAM-only actions that are no API operation)
//   actions ""      — the operation is not an IAM action: drop it
//   otherwise       — the operation is authorised as `actions` (space-separated)
// Checked against the AWS Service Authorization Reference on 2026-11-23.
#include <span>

namespace kl::iam::detail {

struct ActionDifference {
  const char* prefix;
  const char* operation;
  const char* actions;
};

std::span<const ActionDifference> action_differences();

/// Access levels the name heuristic gets wrong: "prefix:action" (lower-case) → class name.
struct ClassOverride {
  const char* action;
  const char* cls;  ///< "list", "read", "write", "permissions-management"
};
std::span<const ClassOverride> class_overrides();

}  // namespace kl::iam::detail
