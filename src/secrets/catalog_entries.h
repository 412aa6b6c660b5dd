#pragma once
// The rule catalog's KL-SECRET-* entries, generated from the detectors (one per detector),
// so `kumolens rules`, the reports and docs/secrets-detectors.md describe them like any rule.
#include <string>
#include <vector>

#include "rules/catalog.h"

namespace kl::secrets {

/// One catalog entry per embedded detector, engine "secrets".
std::vector<rules::RuleInfo> catalog_entries();

/// docs/secrets-detectors.md: every detector, by family (`kumolens rules --format
/// markdown --engine secrets`).
std::string detectors_markdown();

}  // namespace kl::secrets
