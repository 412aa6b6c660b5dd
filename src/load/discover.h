#pragma once
// Finds the files a scan reads: walks directories, skips what users never mean to scan
// (.git, node_modules, .aws-sam, cdk.out — unless named on the command line — and what
// .gitignore ignores), survives symlink loops and unreadable paths.
#include <string>
#include <vector>

#include "model/diagnostic.h"

namespace kl::load {

struct DiscoverOptions {
  bool honour_gitignore = true;
  /// Every regular file, not only template-like ones: the secrets and code analyzers read
  /// source, packages and configuration of any kind.
  bool all_files = false;
};

/// Files that may hold templates or Serverless Framework configuration (by extension:
/// .yaml .yml .json .template; every file with `all_files`), in a stable order. Paths
/// named explicitly are returned whatever their extension.
std::vector<std::string> discover(const std::vector<std::string>& roots,
                                  const DiscoverOptions& opts, model::Diagnostics& diags);

/// Does the name end in an extension templates use (.yaml .yml .json .template)?
bool has_template_extension(std::string_view name);

/// Directory names skipped while walking (not when named as a root).
bool is_skipped_dir(std::string_view name);

}  // namespace kl::load
