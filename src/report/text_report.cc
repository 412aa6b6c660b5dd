// The text report for people: findings grouped by file, severity-colored on a terminal,
// each with its evidence and fix unless --quiet, and a summary line.
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

class TextReporter : public Reporter {
 public:
  TextReporter(std::ostream& os, const ReportOptions& o) : os_(os), o_(o), ja_(o.lang == "ja") {}

  void finding(const rules::Finding& f) override {
    if (f.suppressed && !o_.show_suppressed) return;
    ++shown_;
    const std::string& file = model::file_path(f.loc.file);
    if (file != current_file_) {
      if (!current_file_.empty() && !o_.quiet) os_ << '\n';
      current_file_ = file;
      if (o_.color) os_ << "\033[1m";
      os_ << file;
      if (o_.color) os_ << "\033[0m";
      os_ << '\n';
    }
    std::string where = std::to_string(f.loc.line) + ":" + std::to_string(f.loc.column);
    os_ << "  " << pad(where, 8);
    if (o_.color) os_ << color_of(f.severity);
    os_ << pad(rules::severity_name(f.severity), 9);
    if (o_.color) os_ << "\033[0m";
    os_ << pad(f.rule, 14) << (f.rule.size() >= 14 ? " " : "") << rules::render_message(f, o_.lang);
    // The same secret seen before (fingerprint = detector + secret): one line pointing
    // back, so 40 copies of one key read as one problem.
    const bool secret = f.rule.rfind("KL-SECRET-", 0) == 0;
    if (secret && !f.suppressed) {
      auto [it, first] = secrets_seen_.emplace(f.fingerprint, SeenSecret{});
      if (first) {
        it->second.first = file + ":" + std::to_string(f.loc.line);
      } else {
        ++it->second.more;
        os_ << (ja_ ? "  [同じ秘密情報: " : "  [same secret as ") << it->second.first << "]\n";
        return;
      }
    }
    if (f.suppressed) {
      os_ << (ja_ ? "  [抑制済み: " : "  [suppressed: ")
          << (f.suppressed->reason.empty() ? f.suppressed->how : f.suppressed->reason) << ']';
    }
    os_ << '\n';
    if (!o_.quiet) {
      const rules::RuleInfo* info = rules::Catalog::embedded().find(f.rule);
      if (!f.trace.empty()) {
        // source -> each step -> sink, one line each (lines in the finding's file; others named)
        os_ << "          " << (ja_ ? "経路:" : "trace:") << '\n';
        for (const rules::TraceStep& s : f.trace) {
          os_ << "            ";
          if (s.loc.file != f.loc.file) os_ << model::file_path(s.loc.file) << ':';
          os_ << s.loc.line << ": " << s.what << '\n';
        }
      } else if (!f.evidence.empty()) {
        os_ << "          " << (ja_ ? "根拠: " : "evidence: ") << f.evidence << '\n';
      }
      if (info) os_ << "          " << (ja_ ? "対処: " : "fix: ") << info->remediation.in(o_.lang) << '\n';
    }
  }

  void end(const scan::ScanSummary& s) override {
    if (o_.quiet) return;
    if (shown_) os_ << '\n';
    // Secrets found in several places, grouped.
    bool header = false;
    for (const auto& [fp, seen] : secrets_seen_) {
      if (!seen.more) continue;
      if (!header) os_ << (ja_ ? "複数の場所にある秘密情報:\n" : "secrets found in several places:\n");
      header = true;
      os_ << "  " << seen.first << (ja_ ? " ほか " : " and ") << seen.more
          << (ja_ ? " 箇所\n" : (seen.more == 1 ? " other place\n" : " other places\n"));
    }
    if (header) os_ << '\n';
    size_t total = s.unsuppressed();
    if (total == 0) {
      os_ << (ja_ ? "問題は見つかりませんでした" : "no findings");
    } else {
      os_ << total << (ja_ ? " 件の問題 (" : (total == 1 ? " finding (" : " findings ("));
      bool first = true;
      for (int sev = 4; sev >= 0; --sev) {
        size_t n = s.by_severity[static_cast<size_t>(sev)];
        if (!n) continue;
        if (!first) os_ << ", ";
        first = false;
        os_ << n << ' ' << rules::severity_name(static_cast<rules::Severity>(sev));
      }
      os_ << ')';
    }
    os_ << (ja_ ? "、読み込んだテンプレート " : " in ") << s.models_loaded
        << (ja_ ? " 件" : (s.models_loaded == 1 ? " template" : " templates"));
    if (s.suppressed) os_ << (ja_ ? "、抑制 " : ", ") << s.suppressed << (ja_ ? " 件" : " suppressed");
    os_ << '\n';
  }

 private:
  std::ostream& os_;
  const ReportOptions& o_;
  bool ja_;
  std::string current_file_;
  size_t shown_ = 0;
  struct SeenSecret {
    std::string first;  ///< file:line where it was first shown
    size_t more = 0;    ///< further places
  };
  std::map<std::string, SeenSecret> secrets_seen_;  ///< by fingerprint (ordered: stable output)
};

}  // namespace

std::unique_ptr<Reporter> make_text_reporter(std::ostream& os, const ReportOptions& o) {
  return std::make_unique<TextReporter>(os, o);
}

}  // namespace kl::report
