#pragma once
// Path globs for `.kumolens.yaml` `ignore: - path:` entries, as .gitignore users expect:
// `*` and `?` stay within one path segment, `**` crosses segments, a pattern without '/'
// matches a file or directory name at any depth, and a pattern matching a directory
// matches every file under it.
#include <string_view>

namespace kl::config {

/// Does `pattern` match `path` (relative, '/'-separated, no leading "./")?
bool glob_match_path(std::string_view pattern, std::string_view path);

/// The glob itself on one string: `*`, `?`, `**`; no special treatment of directories.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace kl::config
