#pragma once
// The matching engine: every detector's pattern in one Vectorscan database, scanned once
// over a text. Vectorscan reports where a match starts and ends (start-of-match tracking,
// where it accepts the pattern); RE2 then matches exactly that span, or, for the patterns
// without a tracked start, a window before the end (as long as the pattern's longest
// match), to confirm it and extract the secret group.
// Keywords, entropy, allow-lists and overlaps are decided afterwards. The compiled database
// is cached on disk (serialized), keyed by the detectors' text and the Vectorscan version.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "secrets/detector.h"

namespace kl::secrets {

struct Match {
  const Detector* detector = nullptr;
  size_t begin = 0, end = 0;  ///< the secret's bytes in the scanned text
  std::string_view secret;    ///< points into the scanned text
};

class Engine {
 public:
  /// Compiles (or loads from `cache_dir`, "" = no cache) a database for `detectors`, which
  /// must outlive the engine. Patterns Vectorscan cannot compile exactly are compiled in its
  /// prefilter mode (RE2 confirms every hit anyway); ones it cannot compile at all are listed
  /// in errors().
  Engine(const std::vector<Detector>& detectors, const std::string& cache_key_text,
         const std::string& cache_dir);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// The engine over the embedded detectors, built on first use with the cache directory
  /// set by set_cache_dir() (else $KUMOLENS_CACHE_DIR, $XDG_CACHE_HOME/kumolens,
  /// ~/.cache/kumolens).
  static const Engine& shared();
  /// Sets the cache directory shared() uses; call before its first use.
  static void set_cache_dir(std::string dir);
  static std::string default_cache_dir();

  /// Every secret in `text`, sorted by position, overlaps resolved (higher priority, then
  /// longer secret wins). Thread-safe.
  std::vector<Match> scan(std::string_view text) const;

  const std::vector<std::string>& errors() const { return errors_; }
  /// Where the database came from: "cache", "compiled" (and written to the cache), or
  /// "compiled (cache not writable)".
  const std::string& origin() const { return origin_; }
  const std::string& cache_file() const { return cache_file_; }

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  std::vector<std::string> errors_;
  std::string origin_;
  std::string cache_file_;
};

/// Two stages: a first Vectorscan database holds the anchor literals (the keywords of
/// anchored detectors) and the patterns of the always-on detectors, scanned over every
/// byte; the anchored detectors' patterns are scanned only on windows around anchor hits.
/// A keyword is an anchor when it is selective enough (at least 4 bytes); a detector is
/// anchored when all its keywords are anchors (one of them must be in its match window).
bool is_anchor_keyword(std::string_view keyword);
bool is_anchored(const Detector& d);
/// The detector's secret is its whole match (`\b(ghp_[A-Za-z0-9]{36})\b`): with the match
/// start tracked, the engine takes Vectorscan's span without running RE2.
bool secret_is_whole_match(const Detector& d);

/// Shannon entropy of `s` in bits per character (0 for empty).
double shannon_entropy(std::string_view s);

/// A secret as every output shows it: its first 4 characters (fewer when it is short, so
/// that at most a quarter shows), then "…" and its length: "AKIA…(20)".
std::string redact(std::string_view secret);

/// The AWS account id encoded in an access key id (AKIA/ASIA/ABIA/ACCA + 16 base32
/// characters), as 12 digits; "" for ids of the older random format (fifth character 'I'
/// or 'J') or anything malformed.
std::string aws_account_of_key_id(std::string_view key_id);

}  // namespace kl::secrets
