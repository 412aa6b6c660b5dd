#pragma once
// The dated table of Lambda managed runtimes and the day AWS deprecates each (KL-LAM-004).
// Deprecation = the first phase of AWS's runtime deprecation policy: no more security
// patches, no technical support; function create and update are blocked later.
#include <optional>
#include <string_view>

namespace kl::rules {

/// When the table was last checked against AWS's Lambda runtime documentation
/// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html). Update the table
/// and this date together.
inline constexpr std::string_view kRuntimeTableDate = "2026-11-23";

struct RuntimeDeprecation {
  std::string_view runtime;     ///< identifier as written in Runtime, e.g. "python3.9"
  std::string_view deprecated;  ///< YYYY-MM-DD
  std::string_view successor;   ///< what to move to
};

/// The table row for `runtime` (exact identifier, case-insensitive), if the table has one.
/// Runtimes without a row are not judged.
std::optional<RuntimeDeprecation> runtime_deprecation(std::string_view runtime);

/// Is `runtime` deprecated on `today` (YYYY-MM-DD)?
bool runtime_deprecated_on(std::string_view runtime, std::string_view today);

/// Today's date in UTC as YYYY-MM-DD; KUMOLENS_TODAY (same form) overrides it, so scans and
/// tests can be reproduced as of a given day.
std::string_view today_utc();

}  // namespace kl::rules
