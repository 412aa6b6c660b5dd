#include "rules/finding.h"

#include <algorithm>
#include <tuple>

#include "rules/catalog.h"

namespace kl::rules {

std::string fingerprint_of(std::string_view rule, std::string_view file,
                           std::string_view resource, std::string_view path) {
  uint64_t h = 1469598103934665603ULL;
  for (std::string_view part : {rule, file, resource, path}) {
    for (unsigned char c : part) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    h ^= 0x1f;  // a separator, so ("ab", "c") and ("a", "bc") differ
    h *= 1099511628211ULL;
  }
  static const char* kDigits = "0123456789abcdef";
  std::string hex(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) hex[static_cast<size_t>(i)] = kDigits[h & 0xf];
  return hex;
}

std::string secret_fingerprint(std::string_view rule, std::string_view secret) {
  // Two FNV-1a passes over different framings: 128 bits, so unrelated secrets never collide
  // in a baseline.
  return "s" + fingerprint_of(rule, "secret", "", secret) + fingerprint_of(secret, "", rule, "secret");
}

std::string render_message(const Finding& f, std::string_view lang) {
  const RuleInfo* info = Catalog::embedded().find(f.rule);
  if (!info) return f.rule;
  auto it = info->messages.find(f.variant);
  if (it == info->messages.end()) it = info->messages.find("");
  if (it == info->messages.end()) return info->title.in(lang);
  return format_message(it->second.in(lang), f.args);
}

std::string render_title(const Finding& f, std::string_view lang) {
  const RuleInfo* info = Catalog::embedded().find(f.rule);
  return info ? info->title.in(lang) : f.rule;
}

void sort_findings(std::vector<Finding>& findings) {
  auto less = [](const Finding& a, const Finding& b) {
    // One file id is one path: skip the (locked) path lookup in the usual case.
    if (a.loc.file == b.loc.file)
      return std::tie(a.loc.line, a.loc.column, a.rule, a.resource) <
             std::tie(b.loc.line, b.loc.column, b.rule, b.resource);
    const std::string& fa = model::file_path(a.loc.file);
    const std::string& fb = model::file_path(b.loc.file);
    return std::tie(fa, a.loc.line, a.loc.column, a.rule, a.resource) <
           std::tie(fb, b.loc.line, b.loc.column, b.rule, b.resource);
  };
  if (std::is_sorted(findings.begin(), findings.end(), less)) return;
  // Findings are large: sort their positions, then move each once (same stable order).
  std::vector<size_t> order(findings.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return less(findings[a], findings[b]); });
  std::vector<Finding> sorted;
  sorted.reserve(findings.size());
  for (size_t i : order) sorted.push_back(std::move(findings[i]));
  findings = std::move(sorted);
}

}  // namespace kl::rules
