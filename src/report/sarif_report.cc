#include <map>
#include <nlohmann/json.hpp>

#include "report/json_text.h"
#include "report/report.h"
#include "rules/catalog.h"

namespace kl::report {

using nlohmann::ordered_json;

namespace {

const char* sarif_level(rules::Severity s) {
  switch (s) {
    case rules::Severity::Critical:
    case rules::Severity::High: return "error";
    case rules::Severity::Medium: return "warning";
    default: return "note";
  }
}

/// GitHub code scanning reads properties.security-severity (a CVSS-like score).
const char* security_severity(rules::Severity s) {
  switch (s) {
    case rules::Severity::Critical: return "9.5";
    case rules::Severity::High: return "8.0";
    case rules::Severity::Medium: return "5.5";
    case rules::Severity::Low: return "3.0";
    default: return "1.0";
  }
}

/// A relative file path as a SARIF URI (percent-encoding what URIs cannot hold).
std::string to_uri(const std::string& path) {
  std::string out;
  std::string p = path.rfind("./", 0) == 0 ? path.substr(2) : path;
  for (unsigned char c : p) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

ordered_json rule_json(const rules::RuleInfo& info, const ReportOptions& o) {
  ordered_json r;
  r["id"] = info.id;
  r["name"] = info.id;
  r["shortDescription"] = {{"text", info.title.in(o.lang)}};
  r["fullDescription"] = {{"text", info.rationale.empty() ? info.title.in(o.lang) : info.rationale}};
  r["help"] = {{"text", info.remediation.in(o.lang)}};
  if (!info.references.empty()) r["helpUri"] = info.references.front();
  r["defaultConfiguration"] = {{"level", sarif_level(info.severity)}};
  ordered_json tags = ordered_json::array({"security"});
  for (const auto& [k, vs] : info.mappings)
    for (const auto& v : vs) tags.push_back(k + ":" + v);
  r["properties"] = {{"tags", tags},
                     {"security-severity", security_severity(info.severity)},
                     {"severity", rules::severity_name(info.severity)}};
  return r;
}

/// Streams results as they come. `tool` (whose `rules` lists only the rules that have
/// results, indexed in order of first use) is written after them: JSON members may come in
/// any order, and only at the end is the list complete.
class SarifReporter : public Reporter {
 public:
  SarifReporter(std::ostream& os, const ReportOptions& o) : os_(os), o_(o) {}

  void begin() override {
    os_ << "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
           "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
           "      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [";
  }

  void finding(const rules::Finding& f) override {
    if (f.suppressed && !o_.show_suppressed) return;
    auto it = rule_index_.find(f.rule);
    if (it == rule_index_.end()) {
      const rules::RuleInfo* info = rules::Catalog::embedded().find(f.rule);
      if (!info) return;
      it = rule_index_.emplace(f.rule, rules_json_.size()).first;
      rules_json_.push_back(rule_json(*info, o_));
    }
    ordered_json res;
    res["ruleId"] = f.rule;
    res["ruleIndex"] = it->second;
    res["level"] = sarif_level(f.severity);
    res["message"] = {{"text", rules::render_message(f, o_.lang)}};
    ordered_json region = {{"startLine", std::max<uint32_t>(f.loc.line, 1)}};
    if (f.loc.column) region["startColumn"] = f.loc.column;
    ordered_json loc;
    loc["physicalLocation"] = {
        {"artifactLocation", {{"uri", to_uri(model::file_path(f.loc.file))}, {"uriBaseId", "%SRCROOT%"}}},
        {"region", region}};
    loc["logicalLocations"] = ordered_json::array(
        {{{"name", f.resource},
          {"fullyQualifiedName", f.resource + (f.path.empty() ? "" : "." + f.path)},
          {"kind", "resource"}}});
    res["locations"] = ordered_json::array({loc});
    if (!f.trace.empty()) {
      // The data flow from the event to the sink, as one thread of one code flow.
      ordered_json steps = ordered_json::array();
      for (const rules::TraceStep& s : f.trace) {
        ordered_json r = {{"startLine", std::max<uint32_t>(s.loc.line, 1)}};
        if (s.loc.column) r["startColumn"] = s.loc.column;
        steps.push_back(
            {{"location",
              {{"physicalLocation",
                {{"artifactLocation", {{"uri", to_uri(model::file_path(s.loc.file))}, {"uriBaseId", "%SRCROOT%"}}},
                 {"region", r}}},
               {"message", {{"text", s.what}}}}}});
      }
      res["codeFlows"] = ordered_json::array({{{"threadFlows", ordered_json::array({{{"locations", steps}}})}}});
    }
    res["partialFingerprints"] = {{"kumolens/v1", f.fingerprint}};
    ordered_json props = {{"severity", rules::severity_name(f.severity)},
                          {"resourceType", f.resource_type}};
    if (!f.evidence.empty()) props["evidence"] = f.evidence;
    res["properties"] = props;
    if (f.suppressed) {
      ordered_json s = {{"kind", f.suppressed->how == "config" ? "external" : "inSource"}};
      if (!f.suppressed->reason.empty()) s["justification"] = f.suppressed->reason;
      res["suppressions"] = ordered_json::array({s});
    }
    os_ << (any_results_ ? ",\n        " : "\n        ") << nested_json(res, 4);
    any_results_ = true;
  }

  void diagnostic(const model::Diagnostic& d) override {
    ordered_json n;
    n["level"] = d.level == model::DiagLevel::Error     ? "error"
                 : d.level == model::DiagLevel::Warning ? "warning"
                                                        : "note";
    n["message"] = {{"text", d.message}};
    ordered_json region = {{"startLine", std::max<uint32_t>(d.loc.line, 1)}};
    n["locations"] = ordered_json::array(
        {{{"physicalLocation",
           {{"artifactLocation", {{"uri", to_uri(model::file_path(d.loc.file))}}}, {"region", region}}}}});
    notifications_.push_back(n);
  }

  void end(const scan::ScanSummary& s) override {
    os_ << (any_results_ ? "\n      ]" : "]");
    ordered_json driver;
    driver["name"] = "kumolens";
    driver["version"] = KL_VERSION;
    driver["semanticVersion"] = KL_VERSION;
    driver["rules"] = rules_json_;
    ordered_json tool = {{"driver", driver}};
    ordered_json invocations = ordered_json::array(
        {{{"executionSuccessful", !s.input_errors}, {"toolExecutionNotifications", notifications_}}});
    os_ << ",\n      \"tool\": " << nested_json(tool, 3) << ",\n      \"invocations\": "
        << nested_json(invocations, 3) << "\n    }\n  ]\n}\n";
  }

 private:
  std::ostream& os_;
  const ReportOptions& o_;
  bool any_results_ = false;
  std::map<std::string, size_t> rule_index_;
  ordered_json rules_json_ = ordered_json::array();
  ordered_json notifications_ = ordered_json::array();
};

}  // namespace

std::unique_ptr<Reporter> make_sarif_reporter(std::ostream& os, const ReportOptions& o) {
  return std::make_unique<SarifReporter>(os, o);
}

}  // namespace kl::report
