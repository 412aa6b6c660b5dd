#pragma once
// .gitignore patterns, enough of gitignore(5) for skipping what a repository ignores:
// `*`, `?`, `**`, `[...]`, leading `/` (anchored), trailing `/` (directories only), `!` negation.
#include <string>
#include <string_view>
#include <vector>

namespace kl::load {

class GitIgnore {
 public:
  /// Adds the patterns of one .gitignore file found in `base_dir` (relative to the walk root,
  /// "" for the root itself).
  void add(std::string_view text, const std::string& base_dir);
  /// Is `rel_path` (relative to the walk root, '/'-separated) ignored?
  bool ignored(std::string_view rel_path, bool is_dir) const;

 private:
  struct Pattern {
    std::string base;  ///< directory of the .gitignore, "" or "a/b/"
    std::string glob;
    bool negate = false;
    bool dir_only = false;
    bool anchored = false;  ///< had a '/' before its end: matches from `base`, not any level
  };
  std::vector<Pattern> patterns_;
};

/// Glob match with gitignore semantics: `*` and `?` stop at '/', `**` crosses it.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace kl::load
