#include <nlohmann/json.hpp>

#include "report/json_text.h"
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
  if (!f.trace.empty()) {
    ordered_json steps = ordered_json::array();
    for (const rules::TraceStep& s : f.trace)
      steps.push_back({{"file", model::file_path(s.loc.file)},
                       {"line", s.loc.line},
                       {"column", s.loc.column},
                       {"message", s.what}});
    j["trace"] = steps;
  }
  if (f.suppressed) {
    j["suppressed"] = {{"how", f.suppressed->how},
                       {"reason", f.suppressed->reason},
                       {"file", model::file_path(f.suppressed->loc.file)},
                       {"line", f.suppressed->loc.line}};
  }
  return j;
}

/// Streams the document: findings are written as they come, diagnostics (few) are kept
/// and written after them, the summary last — the one part known only at the end.
class JsonReporter : public Reporter {
 public:
  JsonReporter(std::ostream& os, const ReportOptions& o) : os_(os), o_(o) {}

  void begin() override {
    ordered_json tool = {{"name", "kumolens"}, {"version", KL_VERSION}};
    os_ << "{\n  \"version\": " << ordered_json(kJsonFormatVersion).dump()
        << ",\n  \"tool\": " << nested_json(tool, 1) << ",\n  \"findings\": [";
  }

  void finding(const rules::Finding& f) override {
    if (f.suppressed && !o_.show_suppressed) return;
    os_ << (any_findings_ ? ",\n    " : "\n    ") << nested_json(finding_json(f, o_), 2);
    any_findings_ = true;
  }

  void diagnostic(const model::Diagnostic& d) override {
    diags_.push_back({{"level", d.level == model::DiagLevel::Error     ? "error"
                                : d.level == model::DiagLevel::Warning ? "warning"
                                                                       : "note"},
                      {"file", model::file_path(d.loc.file)},
                      {"line", d.loc.line},
                      {"column", d.loc.column},
                      {"message", d.message}});
  }

  void end(const scan::ScanSummary& s) override {
    os_ << (any_findings_ ? "\n  ]" : "]");
    os_ << ",\n  \"diagnostics\": " << nested_json(diags_, 1);
    ordered_json summary;
    summary["templates"] = s.models_loaded;
    summary["files"] = s.files_considered;
    ordered_json by_sev;
    for (int sev = 4; sev >= 0; --sev)
      by_sev[rules::severity_name(static_cast<rules::Severity>(sev))] =
          s.by_severity[static_cast<size_t>(sev)];
    summary["bySeverity"] = by_sev;
    summary["suppressed"] = s.suppressed;
    os_ << ",\n  \"summary\": " << nested_json(summary, 1) << "\n}\n";
  }

 private:
  std::ostream& os_;
  const ReportOptions& o_;
  bool any_findings_ = false;
  ordered_json diags_ = ordered_json::array();
};

}  // namespace

std::unique_ptr<Reporter> make_json_reporter(std::ostream& os, const ReportOptions& o) {
  return std::make_unique<JsonReporter>(os, o);
}

}  // namespace kl::report
