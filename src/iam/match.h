#pragma once
// Concrete matching of IAM patterns: `*` (any run of characters, ':' and '/' included),
// `?` (one character), and policy variables `${key}` / `${key, 'default'}` substituted
// from the request (`${*}`, `${?}`, `${$}` stand for the literal characters).
#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kl::iam {

/// Reads a request context key (lower-case key) for variable substitution.
using VariableLookup = std::function<std::optional<std::string>(std::string_view key_lower)>;

/// One piece of a pattern after splitting out variables.
struct PatternPiece {
  enum class Kind { Text, Star, Question, Variable };
  Kind kind = Kind::Text;
  std::string text;      ///< Text: literal characters; Variable: the key, lower-case
  std::string fallback;  ///< Variable: the ${key, 'default'} value
  bool has_fallback = false;
};

/// Splits `pattern` into pieces. With `variables` false, `${...}` is literal text
/// (policies without Version 2012-10-17). `wildcards` false keeps '*' and '?' literal
/// (StringEquals).
std::vector<PatternPiece> split_pattern(std::string_view pattern, bool variables,
                                        bool wildcards = true);

/// True when `text` matches `pattern`. A variable with no value (and no default) makes
/// the pattern match nothing, as IAM does. `vars` may be null when variables are off.
/// The six colon-separated fields of an ARN or ARN pattern: "arn", partition, service,
/// region, account, and the resource (which may hold ':' itself). nullopt with fewer.
std::optional<std::array<std::string_view, 6>> arn_fields(std::string_view arn);

bool pattern_match(std::string_view pattern, std::string_view text, bool ignore_case,
                   bool variables, const VariableLookup* vars, bool wildcards = true);

/// Plain IAM wildcard match (no variables).
inline bool wildcard_match(std::string_view pattern, std::string_view text,
                           bool ignore_case = false) {
  return pattern_match(pattern, text, ignore_case, false, nullptr, true);
}

}  // namespace kl::iam
