#include "config/glob.h"

#include <string>
#include <vector>

namespace kl::config {

bool glob_match(std::string_view p, std::string_view t) {
  // Dynamic programming over (pattern position, text position): patterns and paths are
  // short, and unlike a greedy matcher it stays right when `*` and `**` are mixed.
  // can[i][j]: p[i..] matches t[j..].
  const size_t np = p.size(), nt = t.size();
  std::vector<std::vector<char>> can(np + 1, std::vector<char>(nt + 1, 0));
  can[np][nt] = 1;
  for (size_t i = np; i-- > 0;) {
    const bool dstar = p[i] == '*' && i + 1 < np && p[i + 1] == '*';
    for (size_t j = nt + 1; j-- > 0;) {
      bool ok = false;
      if (dstar) {
        size_t after = i + 2;
        // "**/" also matches zero directories.
        if (after < np && p[after] == '/' && can[after + 1][j]) ok = true;
        if (can[after][j]) ok = true;
        if (!ok && j < nt) ok = can[i][j + 1];
      } else if (p[i] == '*') {
        ok = can[i + 1][j] || (j < nt && t[j] != '/' && can[i][j + 1]);
      } else if (j < nt && (p[i] == t[j] || (p[i] == '?' && t[j] != '/'))) {
        ok = can[i + 1][j + 1];
      }
      can[i][j] = ok;
    }
  }
  return can[0][0];
}

bool glob_match_path(std::string_view pattern, std::string_view path) {
  while (pattern.size() > 1 && pattern.back() == '/') pattern.remove_suffix(1);
  if (pattern.substr(0, 2) == "./") pattern.remove_prefix(2);
  const bool anchored = pattern.find('/') != std::string_view::npos;
  auto matches = [&](std::string_view candidate) {
    if (anchored) return glob_match(pattern, candidate);
    size_t slash = candidate.rfind('/');
    return glob_match(pattern, slash == std::string_view::npos ? candidate : candidate.substr(slash + 1));
  };
  if (matches(path)) return true;
  // Each directory the file is in, so "legacy" and "legacy/" cover "legacy/x.yaml".
  for (size_t slash = path.find('/'); slash != std::string_view::npos; slash = path.find('/', slash + 1))
    if (matches(path.substr(0, slash))) return true;
  return false;
}

}  // namespace kl::config
