#include <map>

#include "report/report.h"
#include "rules/catalog.h"

namespace kl::report {
namespace {

const char* color_of(rules::Severity s) {
  switch (s) {
    case rules::Severity::Critical: return "\033[1;35m";
    case rules::Severity::High: return "\033[1;31m";
    case rules::Severity::Medium: return "\033[33m";
    case rules::Severity::Low: return "\033[36m";
    case rules::Severity::Info: return "\033[2m";
  }
  return "";
}

std::string pad(std::string s, size_t n) {
  if (s.size() < n) s.append(n - s.size(), ' ');
  return s;
}

}  // namespace

void write_text(std::ostream& os, const scan::ScanResult& r, const ReportOptions& o) {
  const bool ja = o.lang == "ja";
  std::string current_file;
  std::map<rules::Severity, size_t> counts;
  size_t shown = 0, suppressed = 0;
  std::map<std::string, bool> files;
  for (const rules::Finding& f : r.findings) {
    if (f.suppressed) {
      ++suppressed;
      if (!o.show_suppressed) continue;
    } else {
      ++counts[f.severity];
    }
    ++shown;
    const std::string& file = model::file_path(f.loc.file);
    files[file] = true;
    if (file != current_file) {
      if (!current_file.empty() && !o.quiet) os << '\n';
      current_file = file;
      if (o.color) os << "\033[1m";
      os << file;
      if (o.color) os << "\033[0m";
      os << '\n';
    }
    std::string where = std::to_string(f.loc.line) + ":" + std::to_string(f.loc.column);
    os << "  " << pad(where, 8);
    if (o.color) os << color_of(f.severity);
    os << pad(rules::severity_name(f.severity), 9);
    if (o.color) os << "\033[0m";
    os << pad(f.rule, 14) << rules::render_message(f, o.lang);
    if (f.suppressed) {
      os << (ja ? "  [抑制済み: " : "  [suppressed: ")
         << (f.suppressed->reason.empty() ? f.suppressed->how : f.suppressed->reason) << ']';
    }
    os << '\n';
    if (!o.quiet) {
      const rules::RuleInfo* info = rules::Catalog::embedded().find(f.rule);
      if (!f.evidence.empty()) os << "          " << (ja ? "根拠: " : "evidence: ") << f.evidence << '\n';
      if (info) os << "          " << (ja ? "対処: " : "fix: ") << info->remediation.in(o.lang) << '\n';
    }
  }
  if (o.quiet) return;
  if (shown) os << '\n';
  size_t total = 0;
  for (auto& [s, n] : counts) total += n;
  if (total == 0) {
    os << (ja ? "問題は見つかりませんでした" : "no findings");
  } else {
    os << total << (ja ? " 件の問題 (" : (total == 1 ? " finding (" : " findings ("));
    bool first = true;
    for (int s = 4; s >= 0; --s) {
      auto it = counts.find(static_cast<rules::Severity>(s));
      if (it == counts.end()) continue;
      if (!first) os << ", ";
      first = false;
      os << it->second << ' ' << rules::severity_name(it->first);
    }
    os << ')';
  }
  os << (ja ? "、読み込んだテンプレート " : " in ") << r.models_loaded
     << (ja ? " 件" : (r.models_loaded == 1 ? " template" : " templates"));
  if (suppressed) os << (ja ? "、抑制 " : ", ") << suppressed << (ja ? " 件" : " suppressed");
  os << '\n';
}

}  // namespace kl::report
