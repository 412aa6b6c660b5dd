#include "load/gitignore.h"

namespace kl::load {

bool glob_match(std::string_view p, std::string_view t) {
  size_t pi = 0, ti = 0;
  // Backtracking points for the last '*' (single segment) seen.
  size_t star_p = std::string_view::npos, star_t = 0;
  while (ti < t.size()) {
    if (pi + 1 < p.size() + 1 && pi < p.size() && p[pi] == '*' && pi + 1 < p.size() && p[pi + 1] == '*') {
      // "**": matches anything, including '/'. "**/" may also match nothing.
      size_t rest = pi + 2;
      if (rest < p.size() && p[rest] == '/') ++rest;
      for (size_t k = ti; k <= t.size(); ++k)
        if (glob_match(p.substr(rest), t.substr(k))) return true;
      return false;
    }
    if (pi < p.size() && p[pi] == '*') {
      star_p = pi++;
      star_t = ti;
      continue;
    }
    if (pi < p.size() && p[pi] == '[') {
      size_t close = p.find(']', pi + 1);
      if (close != std::string_view::npos && t[ti] != '/') {
        bool neg = pi + 1 < close && (p[pi + 1] == '!' || p[pi + 1] == '^');
        bool hit = false;
        for (size_t k = pi + 1 + (neg ? 1 : 0); k < close; ++k) {
          if (k + 2 < close && p[k + 1] == '-') {
            if (t[ti] >= p[k] && t[ti] <= p[k + 2]) hit = true;
            k += 2;
          } else if (p[k] == t[ti]) {
            hit = true;
          }
        }
        if (hit != neg) {
          pi = close + 1;
          ++ti;
          continue;
        }
      }
    } else if (pi < p.size() && (p[pi] == t[ti] || (p[pi] == '?' && t[ti] != '/'))) {
      ++pi;
      ++ti;
      continue;
    } else if (pi < p.size() && p[pi] == '\\' && pi + 1 < p.size() && p[pi + 1] == t[ti]) {
      pi += 2;
      ++ti;
      continue;
    }
    if (star_p != std::string_view::npos && t[star_t] != '/') {
      pi = star_p + 1;
      ti = ++star_t;
      continue;
    }
    return false;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

void GitIgnore::add(std::string_view text, const std::string& base_dir) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (line.empty() || line[0] == '#') {
      if (end == text.size()) break;
      continue;
    }
    Pattern p;
    p.base = base_dir.empty() ? "" : base_dir + "/";
    if (line[0] == '!') {
      p.negate = true;
      line.erase(0, 1);
    } else if (line[0] == '\\') {
      line.erase(0, 1);
    }
    if (!line.empty() && line.back() == '/') {
      p.dir_only = true;
      line.pop_back();
    }
    if (line.find('/') != std::string::npos) p.anchored = true;
    if (!line.empty() && line[0] == '/') line.erase(0, 1);
    if (line.empty()) continue;
    p.glob = line;
    patterns_.push_back(std::move(p));
    if (end == text.size()) break;
  }
}

bool GitIgnore::ignored(std::string_view rel, bool is_dir) const {
  bool result = false;
  for (const Pattern& p : patterns_) {
    if (p.dir_only && !is_dir) continue;
    if (rel.substr(0, p.base.size()) != p.base) continue;
    std::string_view local = rel.substr(p.base.size());
    bool hit;
    if (p.anchored) {
      hit = glob_match(p.glob, local);
    } else {
      size_t slash = local.rfind('/');
      hit = glob_match(p.glob, slash == std::string_view::npos ? local : local.substr(slash + 1));
    }
    if (hit) result = !p.negate;
  }
  return result;
}

}  // namespace kl::load
