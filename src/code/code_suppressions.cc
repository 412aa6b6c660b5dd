#include "code/code_suppressions.h"

#include <string>

#include "config/rule_pattern.h"
#include "rules/catalog.h"

namespace kl::code {
namespace {

struct Marker {
  uint32_t line = 0;      // where it is written
  uint32_t target = 0;    // the line it covers
  uint32_t column = 0;
  std::vector<std::string> rules;
  std::string written;
  std::string reason;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<Marker> markers(std::string_view text, bool python) {
  std::vector<Marker> out;
  if (text.find("kumolens:ignore") == std::string_view::npos) return out;
  const std::string_view lead = python ? "#" : "//";
  uint32_t line = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(pos, end - pos);
    ++line;
    size_t k = l.find("kumolens:ignore");
    if (k != std::string_view::npos) {
      size_t c = l.rfind(lead, k);
      if (c != std::string_view::npos && trim(l.substr(c + lead.size(), k - c - lead.size())).empty()) {
        Marker m;
        m.line = line;
        m.column = static_cast<uint32_t>(c + 1);
        m.target = trim(l.substr(0, c)).empty() ? line + 1 : line;
        std::string_view rest = l.substr(k + 15);
        // The ids end at "--" (then the reason) or at another comment on the line.
        size_t dash = rest.find("--");
        size_t other = rest.find(lead);
        std::string_view ids = rest.substr(0, std::min(dash, other));
        if (dash != std::string_view::npos && dash < other) {
          std::string_view reason = rest.substr(dash + 2);
          size_t o = reason.find(lead);
          m.reason = std::string(trim(reason.substr(0, o)));
        }
        m.written = std::string(trim(ids));
        std::string id;
        for (char ch : std::string(ids) + " ") {
          if (ch == ' ' || ch == ',' || ch == '\t') {
            if (!id.empty()) m.rules.push_back(id);
            id.clear();
          } else {
            id += ch;
          }
        }
        if (!m.rules.empty()) out.push_back(std::move(m));
      }
    }
    pos = end + 1;
  }
  return out;
}

}  // namespace

void apply_inline_suppressions(std::string_view text, model::FileId file, bool python,
                               std::vector<rules::Finding>& findings) {
  std::vector<Marker> ms = markers(text, python);
  if (ms.empty()) return;
  std::vector<rules::Finding> meta;
  for (const Marker& m : ms) {
    std::string resource, resource_type;
    for (rules::Finding& f : findings) {
      if (f.loc.file != file || f.loc.line != m.target || f.suppressed) continue;
      bool named = false;
      for (const std::string& p : m.rules) named = named || config::rule_matches(p, f.rule);
      if (!named) continue;
      f.suppressed = rules::Suppression{"inline comment", m.reason, {file, m.line, m.column}};
      resource = f.resource;
      resource_type = f.resource_type;
    }
    if (!m.reason.empty()) continue;
    rules::Finding f;
    f.rule = "KL-META-001";
    const rules::RuleInfo* info = rules::Catalog::embedded().find(f.rule);
    f.severity = info ? info->severity : rules::Severity::Medium;
    std::string how = python ? "# kumolens:ignore" : "// kumolens:ignore";
    f.args = {{"how", how}, {"rules", m.written}};
    f.resource = resource;
    f.resource_type = resource_type;
    f.loc = {file, m.line, m.column};
    f.path = "suppression:" + how + ":" + m.written;
    f.evidence = how + " " + m.written;
    meta.push_back(std::move(f));
  }
  for (auto& f : meta) {
    f.fingerprint = rules::fingerprint_of(f.rule, model::file_path(file), f.resource, f.path);
    findings.push_back(std::move(f));
  }
}

}  // namespace kl::code
