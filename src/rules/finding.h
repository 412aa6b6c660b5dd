#pragma once
// A finding: what a rule reports. The message text lives in the catalog; a finding keeps
// the variant and arguments so every reporter can render it in the user's language.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/location.h"
#include "rules/severity.h"

namespace kl::rules {

using MessageArgs = std::vector<std::pair<std::string, std::string>>;

struct Suppression {
  std::string how;     ///< "inline comment", "Metadata.kumolens", "config", "checkov", "cfn_nag"
  std::string reason;  ///< empty when none was given (then KL-META-001 reports it)
  model::Location loc;
};

/// One step of a data-flow trace (code findings): where, and what happened there.
struct TraceStep {
  model::Location loc;
  std::string what;  ///< "assigned to 'url'", "reaches requests.get"
};

struct Finding {
  std::string rule;  ///< catalog id
  Severity severity = Severity::Medium;
  std::string variant;  ///< which message of the rule ("" = default)
  MessageArgs args;     ///< placeholders of the message
  std::string resource;       ///< logical id (what the user wrote, for generated resources)
  std::string resource_type;  ///< CloudFormation type of that resource
  model::Location loc;
  std::string path;      ///< where in the resource, e.g. "Properties.FunctionUrlConfig.AuthType"
  std::string evidence;  ///< what was seen, always redacted of secrets
  std::string fingerprint;  ///< stable: rule + file + resource + path, never line numbers
  std::optional<Suppression> suppressed;
  /// How event data got to the sink (KL-CODE findings): source, each step, the sink.
  /// Empty for findings about templates.
  std::vector<TraceStep> trace;
};

/// The finding's message in `lang` ("en", "ja"), from the catalog.
std::string render_message(const Finding& f, std::string_view lang);
/// The rule's title in `lang`.
std::string render_title(const Finding& f, std::string_view lang);

/// The stable fingerprint of a finding: rule, file, resource and path, never the line, so
/// baselines survive edits around it. FNV-1a, the same on every run and platform.
std::string fingerprint_of(std::string_view rule, std::string_view file,
                           std::string_view resource, std::string_view path);

/// The fingerprint of a secret finding: the rule (detector) and the secret itself, never
/// where it is, so the same secret in 40 files is one group and a baseline entry follows it.
/// A hash, never the secret: baselines hold only these.
std::string secret_fingerprint(std::string_view rule, std::string_view secret);

/// Sorts by file, line, column, rule (the order every reporter uses).
void sort_findings(std::vector<Finding>& findings);

}  // namespace kl::rules
