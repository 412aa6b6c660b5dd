#pragma once
// Which rules a suppression names: an id (`KL-LAM-001`), every rule of an area
// (`KL-LAM-*`), or every rule (`all`). Shared by inline comments, Metadata and the config.
#include <optional>
#include <string>
#include <string_view>

namespace kl::config {

/// Does `pattern` name rule `id`? Ids compare case-insensitively.
bool rule_matches(std::string_view pattern, std::string_view id);

/// nullopt when `pattern` names at least one rule of the embedded catalog; otherwise the
/// problem, e.g. "unknown rule 'KL-LAM-01' in WHERE; did you mean 'KL-LAM-001'?"
/// (" in WHERE" only when `where` is given).
std::optional<std::string> check_rule_pattern(std::string_view pattern, std::string_view where = {});

}  // namespace kl::config
