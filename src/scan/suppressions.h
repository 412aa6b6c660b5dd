#pragma once
// Suppressions: what a user wrote to accept a finding, matched against the findings of one
// template after the rules ran. Sources, in the order they are tried:
//   - comments (YAML only): `# kumolens:ignore KL-LAM-001[, ...] -- reason` and
//     `# checkov:skip=CKV_AWS_258:reason`, on the finding's line, or on comment lines
//     directly above a resource or property (then every finding inside that block);
//   - the resource's Metadata: `kumolens.ignore: [{id, reason}]`, `checkov.skip: [{id,
//     comment}]`, `cfn_nag.rules_to_suppress: [{id, reason}]` (for every finding reported
//     under that logical id, including resources generated from it);
//   - `.kumolens.yaml` `ignore:` entries (rule / path / resource).
// Foreign ids are mapped through config/foreign_ids.h. A suppression without a reason is
// itself reported as KL-META-001 at the line it is written on; kumolens markers never
// suppress KL-META-001 (only the config can), so a marker cannot hide its own report.
// docs/suppressions.md is the user-facing description.
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "model/diagnostic.h"
#include "model/model.h"
#include "rules/finding.h"

namespace kl::scan {

inline constexpr const char* kMetaNoReason = "KL-META-001";

/// One suppression as written, before it is matched against findings.
struct Marker {
  std::string how;                 ///< Suppression::how: "inline comment", "Metadata.kumolens", "checkov", "cfn_nag", "config"
  std::string source;              ///< where exactly, for messages: "# kumolens:ignore", "Metadata.checkov.skip", ...
  std::vector<std::string> rules;  ///< kumolens ids or patterns (foreign ids already mapped)
  std::string written;             ///< the ids as the user wrote them
  std::string reason;              ///< "" = none given
  model::Location loc;             ///< where it is written
  std::string resource;            ///< Metadata: the logical id it sits on
  uint32_t target_line = 0;        ///< comments: the line annotated (0 = nothing)
};

/// Markers in the comments of YAML `text`. Unknown kumolens rule ids and comments that
/// annotate nothing (a blank line before the next line) become warnings.
std::vector<Marker> comment_markers(std::string_view text, model::FileId file,
                                    model::Diagnostics& diags);

/// Markers in the Metadata of the resources the user wrote (`model.raw`).
std::vector<Marker> metadata_markers(const model::Model& model, model::Diagnostics& diags);

/// A block of the document: a map entry from its key's line to the last line of its value,
/// or a list item.
struct LineSpan {
  uint32_t start = 0;
  uint32_t end = 0;
};
/// Every block of `doc`, in document order.
std::vector<LineSpan> block_spans(const model::Value& doc);

/// Marks the findings of one template that a comment, Metadata or config entry suppresses,
/// adds KL-META-001 for markers without a reason, then applies the config's severity
/// overrides. `has_comments` is false for JSON, which has none.
void apply_suppressions(const model::Model& model, std::string_view text, bool has_comments,
                        const config::Config& cfg, std::vector<rules::Finding>& findings,
                        model::Diagnostics& diags);

/// The config's ignores and severity overrides alone (findings outside templates: code).
void apply_config(const config::Config& cfg, std::vector<rules::Finding>& findings);

/// KL-META-001 for the config's `ignore:` entries without a reason (once per scan), with
/// the config's own ignores and severity overrides applied.
std::vector<rules::Finding> config_meta_findings(const config::Config& cfg);

}  // namespace kl::scan
