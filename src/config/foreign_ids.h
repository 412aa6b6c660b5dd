#pragma once
// Suppression markers users already have for other scanners (checkov, cfn_nag), mapped onto
// kumolens rules where the check means the same thing. The table is data (foreign_ids.cc)
// and is documented, row by row, in docs/suppressions.md.
#include <string_view>
#include <vector>

namespace kl::config {

enum class ForeignTool { Checkov, CfnNag };

struct ForeignId {
  ForeignTool tool;
  std::string_view id;       ///< "CKV_AWS_258", "W59"
  std::string_view rule;     ///< the kumolens rule it stands for
  std::string_view meaning;  ///< what the foreign check tests (for the docs)
};

/// Every mapped id. A foreign id may map onto several rules (several rows).
const std::vector<ForeignId>& foreign_ids();

/// The kumolens rules `id` of `tool` stands for; empty when it has no counterpart.
std::vector<std::string_view> kumolens_rules_for(ForeignTool tool, std::string_view id);

const char* foreign_tool_name(ForeignTool t);  ///< "checkov", "cfn_nag"

}  // namespace kl::config
