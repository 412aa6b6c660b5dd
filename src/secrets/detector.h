#pragma once
// A secret detector: data, not code. Written in src/secrets/detectors/<family>.yaml (one
// file per provider or family), embedded into the binary at build time. The format is
// described in docs/secrets.md; each detector carries the strings it must and must not find.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/severity.h"

namespace kl::secrets {

struct Detector {
  std::string id;           ///< "aws-access-key-id"; the finding is KL-SECRET-AWS-ACCESS-KEY-ID
  std::string name;         ///< "AWS access key id"
  std::string description;  ///< what leaks and the impact, one sentence
  rules::Severity severity = rules::Severity::High;
  std::string pattern;      ///< in the common subset of Vectorscan and RE2
  /// Optional: the exact pattern, which RE2 confirms Vectorscan's matches of `pattern` with
  /// and extracts the secret from. `pattern` is then a filter that is cheap for Vectorscan
  /// (unbounded repeats instead of long counted ones); every match of confirm_pattern must
  /// end where one of `pattern` ends (the detector tests check it on the examples), and
  /// checks after the match (require_digit) may complete it. "" = `pattern` is exact.
  std::string confirm_pattern;
  int secret_group = 0;     ///< capture group holding the secret (0 = whole match)
  std::vector<std::string> keywords;  ///< lower-case; one must occur in the match window
  /// Scanned over every byte instead of only around its keywords: set (with a reason in
  /// the YAML) when no keyword is selective enough to anchor it (see is_anchored()).
  bool always_on = false;
  double entropy = 0;       ///< minimum Shannon entropy (bits per character) of the secret
  /// The secret must hold a digit: for a confirm_pattern that leaves the digit out
  /// (`X{1,129}` rather than `X{0,64}[0-9]X{0,64}`, whose counted repeats on both sides of
  /// the digit make RE2's DFA build new states in nearly every confirmation, 100-200 µs).
  bool require_digit = false;
  std::vector<std::string> allow;     ///< documentation examples, never reported
  int priority = 0;         ///< on overlapping secrets, the higher wins
  std::string decode;       ///< "" or "aws-key-id"
  std::vector<std::string> positive, negative;  ///< examples (tests)
  std::string family;       ///< the file it came from ("aws")

  /// The catalog id of its findings: "KL-SECRET-" + upper-case id.
  std::string rule_id() const;
};

/// Parses detector YAML sources (name, text). Problems (missing fields, bad severity,
/// duplicate ids) are appended to `errors` as "file: message".
std::vector<Detector> parse_detectors(
    const std::vector<std::pair<std::string_view, std::string_view>>& sources,
    std::vector<std::string>& errors);

/// The detectors embedded in this binary, sorted by id. Aborts with a message when they
/// do not parse: a bug the tests catch, never a user-input problem.
const std::vector<Detector>& embedded_detectors();

/// The embedded detector sources, for the database cache key.
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_detector_sources();

}  // namespace kl::secrets
