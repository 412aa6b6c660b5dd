#pragma once
// The scan: discover files, load each into a Model, run the rules, gather findings and
// input diagnostics. Files are processed in parallel; results keep a stable order.
#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config/config.h"
#include "load/parse_limits.h"
#include "load/source_file.h"
#include "model/diagnostic.h"
#include "model/model.h"
#include "rules/finding.h"

namespace kl::scan {

struct ScanOptions {
  std::vector<std::string> paths{"."};
  unsigned jobs = 0;  ///< 0 = one per core
  load::ReadLimits read;
  load::ParseLimits parse;
  std::map<std::string, std::string> parameters;  ///< template parameter overrides
  bool honour_gitignore = true;
  /// `.kumolens.yaml`: ignores and severity overrides applied to the findings (its
  /// `parameters` are merged into `parameters` by the caller).
  config::Config config;
  /// The secrets pass (src/secrets/): every discovered file, archives included. Off with
  /// --no-secrets.
  bool secrets = true;
  /// Only the secrets pass (`--secrets-only`): templates and code are read for secrets but
  /// not analyzed (pre-commit hooks, the secrets benchmark).
  bool secrets_only = false;
  /// Path globs (relative to the scanned root) a file must match (include; empty = all)
  /// and must not match (exclude), for every pass.
  std::vector<std::string> include, exclude;
  /// Fingerprints of known secrets (`--baseline`): those findings are marked suppressed
  /// ("baseline"), so only new secrets are reported.
  std::set<std::string> baseline;
};

struct ScanSummary;

struct ScanResult {
  std::vector<rules::Finding> findings;  ///< in report order; includes suppressed ones (marked)
  model::Diagnostics diagnostics;        ///< input problems, in file order
  size_t files_considered = 0;           ///< files discovered
  size_t models_loaded = 0;              ///< templates / serverless files understood
  bool input_errors = false;             ///< some input could not be read (exit code 2)
};

/// Totals of a scan, complete when it ends.
struct ScanSummary {
  size_t files_considered = 0;
  size_t models_loaded = 0;
  bool input_errors = false;
  std::array<size_t, 5> by_severity{};  ///< unsuppressed findings, indexed by Severity
  size_t suppressed = 0;
  /// The most severe unsuppressed finding, for --fail-on.
  std::optional<rules::Severity> worst;

  void count(const rules::Finding& f);
  size_t unsuppressed() const;
};

/// Receives the scan's results one file at a time, in a stable order (discovery order;
/// each file's findings sorted by line), so a report is written while the scan goes on and
/// memory does not grow with the number of findings.
class ScanSink {
 public:
  virtual ~ScanSink() = default;
  virtual void on_file(std::vector<rules::Finding>& findings, model::Diagnostics& diags) = 0;
};

/// The streaming scan: every result goes to `sink`; the totals are returned.
ScanSummary scan(const ScanOptions& opts, ScanSink& sink);

/// The whole scan gathered in memory (tests, small scans).
ScanResult scan(const ScanOptions& opts);

/// What one file was understood as: nullopt when it is not a template we know (or could
/// not be parsed; then `diags` says why). `explicit_path` = named by the user, so a file
/// that is not a template is worth a note.
std::optional<model::Model> load_model(const std::string& path, const std::string& text,
                                       const ScanOptions& opts, bool explicit_path,
                                       model::Diagnostics& diags);

/// The second half of load_model, for a document already parsed (tests feed it mutated
/// documents).
std::optional<model::Model> model_from_document(const std::string& path, model::Value doc,
                                                const ScanOptions& opts, bool explicit_path,
                                                model::Diagnostics& diags);

}  // namespace kl::scan
