#include <map>
#include <nlohmann/json.hpp>

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

}  // namespace

void write_sarif(std::ostream& os, const scan::ScanResult& r, const ReportOptions& o) {
  const rules::Catalog& catalog = rules::Catalog::embedded();
  // Only the rules that have results are listed, indexed for ruleIndex.
  std::map<std::string, size_t> rule_index;
  ordered_json rules_json = ordered_json::array();
  ordered_json results = ordered_json::array();
  for (const rules::Finding& f : r.findings) {
    if (f.suppressed && !o.show_suppressed) continue;
    auto it = rule_index.find(f.rule);
    if (it == rule_index.end()) {
      const rules::RuleInfo* info = catalog.find(f.rule);
      if (!info) continue;
      it = rule_index.emplace(f.rule, rules_json.size()).first;
      rules_json.push_back(rule_json(*info, o));
    }
    ordered_json res;
    res["ruleId"] = f.rule;
    res["ruleIndex"] = it->second;
    res["level"] = sarif_level(f.severity);
    std::string text = rules::render_message(f, o.lang);
    res["message"] = {{"text", text}};
    ordered_json region = {{"startLine", std::max<uint32_t>(f.loc.line, 1)}};
    if (f.loc.column) region["startColumn"] = f.loc.column;
    ordered_json loc;
    loc["physicalLocation"] = {
        {"artifactLocation", {{"uri", to_uri(model::file_path(f.loc.file))}, {"uriBaseId", "%SRCROOT%"}}},
        {"region", region}};
    loc["logicalLocations"] = ordered_json::array(
        {{{"name", f.resource}, {"fullyQualifiedName", f.resource + (f.path.empty() ? "" : "." + f.path)}, {"kind", "resource"}}});
    res["locations"] = ordered_json::array({loc});
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
    results.push_back(res);
  }
  ordered_json driver;
  driver["name"] = "kumolens";
  driver["version"] = KL_VERSION;
  driver["semanticVersion"] = KL_VERSION;
  driver["rules"] = rules_json;
  ordered_json run;
  run["tool"] = {{"driver", driver}};
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = results;
  ordered_json notifications = ordered_json::array();
  for (const auto& d : r.diagnostics) {
    ordered_json n;
    n["level"] = d.level == model::DiagLevel::Error ? "error"
                 : d.level == model::DiagLevel::Warning ? "warning" : "note";
    n["message"] = {{"text", d.message}};
    ordered_json region = {{"startLine", std::max<uint32_t>(d.loc.line, 1)}};
    n["locations"] = ordered_json::array(
        {{{"physicalLocation", {{"artifactLocation", {{"uri", to_uri(model::file_path(d.loc.file))}}}, {"region", region}}}}});
    notifications.push_back(n);
  }
  run["invocations"] = ordered_json::array(
      {{{"executionSuccessful", !r.input_errors}, {"toolExecutionNotifications", notifications}}});
  ordered_json doc;
  doc["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  doc["version"] = "2.1.0";
  doc["runs"] = ordered_json::array({run});
  os << doc.dump(2) << '\n';
}

}  // namespace kl::report
