#include "config/rule_pattern.h"

#include <cctype>

#include "rules/catalog.h"

namespace kl::config {
namespace {

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

bool is_area_pattern(std::string_view p) { return p.size() > 2 && p.substr(p.size() - 2) == "-*"; }

}  // namespace

bool rule_matches(std::string_view pattern, std::string_view id) {
  if (iequal(pattern, "all")) return true;
  if (is_area_pattern(pattern)) {
    std::string_view prefix = pattern.substr(0, pattern.size() - 1);  // keeps the '-'
    return id.size() > prefix.size() && iequal(id.substr(0, prefix.size()), prefix);
  }
  return iequal(pattern, id);
}

std::optional<std::string> check_rule_pattern(std::string_view pattern, std::string_view where) {
  const rules::Catalog& catalog = rules::Catalog::embedded();
  for (const auto& r : catalog.rules())
    if (rule_matches(pattern, r.id)) return std::nullopt;
  std::string msg = "unknown rule '" + std::string(pattern) + "'";
  if (!where.empty()) msg += " in " + std::string(where);
  if (is_area_pattern(pattern)) return msg;
  std::string s = catalog.suggest(pattern);
  if (!s.empty()) msg += "; did you mean '" + s + "'?";
  return msg;
}

}  // namespace kl::config
