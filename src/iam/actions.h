#pragma once
// The catalogue of IAM actions, so that action wildcards and NotAction expand to finite
// sets and the solver never sees an action as a symbol.
//
// Source: the operation names of Debian's python3-botocore service models, dumped at build
// time by cmake/gen_iam_actions.py (prefix = signingName, else endpointPrefix), then
// corrected by the table of known differences in action_differences.cc (s3 ListObjectsV2
// → s3:ListBucket, actions that are no API operation such as iam:PassRole, ...).
// docs/iam.md describes both. Actions compare case-insensitively; `key` is lower-case.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kl::iam {

/// Access level, as the IAM docs group actions (tagging counts as write).
enum class ActionClass : uint8_t { List, Read, Write, PermissionsManagement };
const char* action_class_name(ActionClass c);  ///< "list", "read", "write", "permissions-management"

struct ActionInfo {
  std::string name;  ///< "s3:GetObject" (display spelling)
  std::string key;   ///< "s3:getobject"
  ActionClass cls = ActionClass::Write;
};

class ActionCatalog {
 public:
  /// The built-in catalogue (botocore + differences), built once, thread-safe.
  static const ActionCatalog& builtin();

  /// Every action, sorted by key.
  const std::vector<ActionInfo>& all() const { return actions_; }
  /// The action with this name (any case), or nullptr.
  const ActionInfo* find(std::string_view action) const;
  /// Indexes into all() of the actions an IAM action pattern ("s3:Get*", "*", "S3:getobject")
  /// matches. A service prefix the catalogue does not know matches nothing here.
  std::vector<uint32_t> expand(std::string_view pattern) const;
  bool knows_prefix(std::string_view prefix) const;
  /// The class of an action: from the catalogue, else the name heuristic (classify()).
  ActionClass class_of(std::string_view action) const;
  /// botocore version the operations came from.
  static const char* source_version();

  /// Builds a catalogue from "prefix Op1 Op2 ...\n" lines (tests use small ones).
  explicit ActionCatalog(std::string_view operation_lines, bool apply_differences = true);

 private:
  std::vector<ActionInfo> actions_;
  std::vector<std::pair<std::string, std::pair<uint32_t, uint32_t>>> prefixes_;  ///< sorted
};

/// The access level of an action by name: the explicit table first, then the operation
/// name's leading verb (List → list; Get/Describe/Head/... → read; *Policy/*Permission/
/// *Acl/*Grant writers → permissions-management; anything else → write).
ActionClass classify(std::string_view action);

/// Lower-case copy (ASCII).
std::string ascii_lower(std::string_view s);

}  // namespace kl::iam
