#pragma once
// The rule catalog: every rule's id, severity, texts in English and Japanese, rationale,
// examples, references and mappings. Written as YAML in src/rules/catalog/<service>.yaml,
// embedded into the binary at build time, parsed once on first use.
#include <map>
#include <string>
#include <vector>

#include "rules/severity.h"

namespace kl::rules {

/// Text in the languages kumolens speaks.
struct Text {
  std::string en;
  std::string ja;
  const std::string& in(std::string_view lang) const { return lang == "ja" && !ja.empty() ? ja : en; }
};

struct RuleInfo {
  std::string id;       ///< "KL-S3-003"; permanent, never reused
  std::string service;  ///< "s3" — the catalog file it lives in
  /// "" for rules checked over the Model (or by the scan pipeline, registered in
  /// all_rules()); "secrets" for the KL-SECRET-* entries generated from the secret
  /// detectors (src/secrets/), which no rule implements.
  std::string engine;
  Severity severity = Severity::Medium;
  Text title;
  /// Message templates by variant ("" = default); `{name}` placeholders are filled with
  /// the arguments a rule reports.
  std::map<std::string, Text> messages;
  Text remediation;
  std::string rationale;     ///< why it is bad (English; docs)
  std::string example_bad;   ///< a template snippet that fires
  std::string example_good;  ///< the near miss that stays silent
  std::vector<std::string> references;
  std::map<std::string, std::vector<std::string>> mappings;  ///< owasp, csa, fsbp, cwe, ...
};

class Catalog {
 public:
  /// The catalog embedded in this binary. Aborts with a message if it does not parse:
  /// that is a bug caught by the tests, never a user-input problem.
  static const Catalog& embedded();

  const RuleInfo* find(std::string_view id) const;
  const std::vector<RuleInfo>& rules() const { return rules_; }
  /// Closest ids to a misspelt one, for "did you mean".
  std::string suggest(std::string_view id) const;

  /// Parses catalog YAML sources; appends problems to `errors`.
  static Catalog parse(const std::vector<std::pair<std::string_view, std::string_view>>& sources,
                       std::vector<std::string>& errors);

 private:
  std::vector<RuleInfo> rules_;
};

/// Fills `{name}` placeholders of `tmpl` from `args`; unknown names stay as written.
std::string format_message(const std::string& tmpl,
                           const std::vector<std::pair<std::string, std::string>>& args);

}  // namespace kl::rules
