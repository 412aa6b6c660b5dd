#pragma once
// Rule documentation rendered from the catalog: `kumolens rules ID` and docs/rules.md.
// Each rule's page follows Ruff's: what it finds, why it is bad, an example, the fix.
#include <string>

#include "rules/catalog.h"

namespace kl::rules {

std::string rules_markdown(const Catalog& catalog);
std::string rule_text(const RuleInfo& info, std::string_view lang);

}  // namespace kl::rules
