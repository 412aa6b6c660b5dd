#include "rules/rules_doc.h"

#include <sstream>

namespace kl::rules {

namespace {

std::string mappings_line(const RuleInfo& r) {
  std::string out;
  for (const auto& [k, vs] : r.mappings) {
    if (!out.empty()) out += " · ";
    out += k + ": ";
    for (size_t i = 0; i < vs.size(); ++i) out += (i ? ", " : "") + vs[i];
  }
  return out;
}

}  // namespace

std::string rules_markdown(const Catalog& catalog) {
  std::ostringstream os;
  os << "# kumolens rules\n\n"
     << "<!-- Generated from src/rules/catalog/*.yaml by `make docs` "
        "(kumolens rules --format markdown). Do not edit; a test fails when it is stale. -->\n\n"
     << "The `KL-SECRET-*` rules, one per secret detector, are listed in "
        "[secrets-detectors.md](secrets-detectors.md).\n\n"
     << "| id | severity | title |\n|---|---|---|\n";
  for (const auto& r : catalog.rules()) {
    if (r.engine == "secrets") continue;
    std::string anchor = r.id;
    for (auto& c : anchor) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    os << "| [" << r.id << "](#" << anchor << ") | " << severity_name(r.severity) << " | "
       << r.title.en << " |\n";
  }
  for (const auto& r : catalog.rules()) {
    if (r.engine == "secrets") continue;
    os << "\n## " << r.id << "\n\n"
       << "**" << r.title.en << "** (" << r.title.ja << ") · default severity: "
       << severity_name(r.severity) << "\n\n";
    if (!r.mappings.empty()) os << "Mappings: " << mappings_line(r) << "\n\n";
    os << "### What it finds\n\n" << r.title.en << ": " << r.messages.at("").en << ".\n\n";
    if (!r.rationale.empty()) os << "### Why is this bad?\n\n" << r.rationale << "\n";
    if (!r.example_bad.empty())
      os << "\n### Example\n\n```yaml\n" << r.example_bad << (r.example_bad.back() == '\n' ? "" : "\n") << "```\n";
    if (!r.example_good.empty())
      os << "\n### Use instead\n\n```yaml\n" << r.example_good << (r.example_good.back() == '\n' ? "" : "\n") << "```\n";
    os << "\n### Fix\n\n" << r.remediation.en << "\n\n" << r.remediation.ja << "\n";
    if (!r.references.empty()) {
      os << "\n### References\n\n";
      for (const auto& ref : r.references) os << "- " << ref << "\n";
    }
  }
  return os.str();
}

std::string rule_text(const RuleInfo& r, std::string_view lang) {
  std::ostringstream os;
  os << r.id << " · " << severity_name(r.severity) << " · " << r.title.in(lang) << "\n";
  if (!r.mappings.empty()) os << mappings_line(r) << "\n";
  if (!r.rationale.empty()) os << "\n" << r.rationale << "\n";
  if (!r.example_bad.empty()) os << "\nExample:\n" << r.example_bad;
  if (!r.example_good.empty()) os << "\nUse instead:\n" << r.example_good;
  os << "\nFix: " << r.remediation.in(lang) << "\n";
  for (const auto& ref : r.references) os << "See: " << ref << "\n";
  return os.str();
}

}  // namespace kl::rules
