#include <nlohmann/json.hpp>

#include "report/report.h"
#include "rules/catalog.h"

namespace kl::report {

using nlohmann::ordered_json;

namespace {

ordered_json finding_json(const rules::Finding& f, const ReportOptions& o) {
  const rules::RuleInfo* info = rules::Catalog::embedded().find(f.rule);
  ordered_json j;
  j["rule"] = f.rule;
  j["severity"] = rules::severity_name(f.severity);
  j["title"] = rules::render_title(f, o.lang);
  j["message"] = rules::render_message(f, o.lang);
  j["file"] = model::file_path(f.loc.file);
  j["line"] = f.loc.line;
  j["column"] = f.loc.column;
  j["resource"] = f.resource;
  j["resourceType"] = f.resource_type;
  j["path"] = f.path;
  j["fingerprint"] = f.fingerprint;
  ordered_json maps = ordered_json::object();
  if (info)
    for (const auto& [k, v] : info->mappings) maps[k] = v;
  j["mappings"] = maps;
  j["evidence"] = f.evidence;
  j["remediation"] = info ? info->remediation.in(o.lang) : "";
  if (f.suppressed) {
    j["suppressed"] = {{"how", f.suppressed->how},
                       {"reason", f.suppressed->reason},
                       {"file", model::file_path(f.suppressed->loc.file)},
                       {"line", f.suppressed->loc.line}};
  }
  return j;
}

}  // namespace

void write_json(std::ostream& os, const scan::ScanResult& r, const ReportOptions& o) {
  ordered_json doc;
  doc["version"] = kJsonFormatVersion;
  doc["tool"] = {{"name", "kumolens"}, {"version", KL_VERSION}};
  ordered_json findings = ordered_json::array();
  std::map<std::string, size_t> counts;
  for (const char* s : {"critical", "high", "medium", "low", "info"}) counts[s] = 0;
  size_t suppressed = 0;
  for (const rules::Finding& f : r.findings) {
    if (f.suppressed) {
      ++suppressed;
      if (!o.show_suppressed) continue;
    } else {
      ++counts[rules::severity_name(f.severity)];
    }
    findings.push_back(finding_json(f, o));
  }
  ordered_json summary;
  summary["templates"] = r.models_loaded;
  summary["files"] = r.files_considered;
  ordered_json by_sev;
  for (const char* s : {"critical", "high", "medium", "low", "info"}) by_sev[s] = counts[s];
  summary["bySeverity"] = by_sev;
  summary["suppressed"] = suppressed;
  doc["summary"] = summary;
  doc["findings"] = findings;
  ordered_json diags = ordered_json::array();
  for (const auto& d : r.diagnostics) {
    diags.push_back({{"level", d.level == model::DiagLevel::Error     ? "error"
                               : d.level == model::DiagLevel::Warning ? "warning"
                                                                      : "note"},
                     {"file", model::file_path(d.loc.file)},
                     {"line", d.loc.line},
                     {"column", d.loc.column},
                     {"message", d.message}});
  }
  doc["diagnostics"] = diags;
  os << doc.dump(2) << '\n';
}

}  // namespace kl::report
