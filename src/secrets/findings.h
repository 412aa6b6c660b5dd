#pragma once
// Secrets in a text become findings: KL-SECRET-<DETECTOR> at the secret's line and column,
// evidence redacted, fingerprint = hash of the detector and the secret (so the same secret
// in many files groups, and a baseline matches it wherever it moves). Honours `kumolens:allow`
// on the line and the `secrets:` allow-lists of .kumolens.yaml.
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "rules/finding.h"

namespace kl::secrets {

struct Allow {
  std::string base_dir;  ///< allow_paths are relative to it (the config's directory)
  config::SecretsConfig lists;
};

/// Appends a finding for each secret in `text`, the contents of `path` (the name reports
/// show: a file, or `package.zip!/src/app.py` inside an archive).
void find_secrets(const std::string& path, std::string_view text, const Allow& allow,
                  std::vector<rules::Finding>& out);

/// Is `path` allow-listed as a whole (no need to read it)?
bool path_allowed(const std::string& path, const Allow& allow);

}  // namespace kl::secrets
