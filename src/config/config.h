#pragma once
// `.kumolens.yaml`: project settings a scan reads (found upward from the first scanned path,
// or named by --config). Keys:
//   ignore:      [{rule: ID|[IDs], path: GLOB, resource: LOGICAL-ID, reason: TEXT}, ...]
//   severity:    {KL-XXX-000: low, ...}      overrides of the catalog's defaults
//   parameters:  {Name: value, ...}          template parameters (--parameters wins)
//   fail-on:     critical|high|medium|low|info|none   (--fail-on wins)
//   secrets:     {allow-paths: [GLOB], allow-regexes: [RE2]}   secrets never reported: in
//                files matching a glob, or whose value matches a regex (docs/secrets.md)
// Unknown keys and unknown rule ids are errors with "did you mean"; a malformed file is an
// error at its line, and the scan does not start (exit 2).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "rules/severity.h"

namespace kl::config {

inline constexpr const char* kConfigFileName = ".kumolens.yaml";

/// One `ignore:` entry. Every field given must match; absent fields match anything.
struct IgnoreEntry {
  std::vector<std::string> rules;  ///< ids or patterns (rule_pattern.h); empty = any rule
  std::string path;                ///< glob relative to the config's directory (glob.h)
  std::string resource;            ///< logical id as the user wrote it
  std::string reason;              ///< empty = none given (reported as KL-META-001)
  model::Location loc;             ///< the entry in the config file
};

/// `secrets:`: what the secrets engine never reports.
struct SecretsConfig {
  std::vector<std::string> allow_paths;    ///< globs relative to the config's directory
  std::vector<std::string> allow_regexes;  ///< RE2, searched in the secret's value
};

struct Config {
  std::string file;  ///< the config file read; "" when there is none
  std::string dir;   ///< its directory, absolute: the base of `path:` globs
  std::vector<IgnoreEntry> ignores;
  std::map<std::string, rules::Severity> severity;  ///< rule id -> severity
  std::map<std::string, std::string> parameters;
  std::optional<std::string> fail_on;  ///< a severity name or "none"
  SecretsConfig secrets;
};

/// Parses config text. Problems are appended to `diags` as errors; the result is nullopt
/// when there is any.
std::optional<Config> parse_config(std::string_view text, const std::string& file,
                                   model::Diagnostics& diags);

/// Reads and parses `file` (an unreadable file is an error).
std::optional<Config> load_config(const std::string& file, model::Diagnostics& diags);

/// The nearest `.kumolens.yaml` in the directory of `start` (or `start` itself when it is a
/// directory) and its ancestors; nullopt when there is none.
std::optional<std::string> find_config(const std::string& start);

}  // namespace kl::config
