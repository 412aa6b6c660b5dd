#pragma once
// Baselines: the fingerprints (hashes of detector + secret, never the secrets) of the
// secrets a project already knows about, so `scan --baseline FILE` reports only new ones.
// The file is JSON: {"kumolens-baseline": 1, "fingerprints": ["s…", ...]}.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "rules/finding.h"

namespace kl::secrets {

/// Reads a baseline; nullopt (with an error in `diags`) when it is unreadable or malformed.
std::optional<std::set<std::string>> read_baseline(const std::string& file, model::Diagnostics& diags);

/// The baseline text for these findings: every unsuppressed KL-SECRET finding's fingerprint.
std::string baseline_json(const std::vector<rules::Finding>& findings);

}  // namespace kl::secrets
