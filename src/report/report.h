#pragma once
// Reporters render a scan's findings; they never decide anything (severity, suppression
// and messages come from the rules and the catalog).
#include <memory>
#include <ostream>
#include <string>

#include "scan/scanner.h"

namespace kl::report {

enum class Format { Text, Json, Sarif };

struct ReportOptions {
  std::string lang = "en";      ///< "en" or "ja"
  bool color = false;           ///< ANSI colors (text only; on when writing to a terminal)
  bool quiet = false;           ///< text: finding lines only, no details or summary
  bool show_suppressed = false; ///< include suppressed findings
};

/// A report written while the scan runs: begin(), then every finding and diagnostic in
/// report order (suppressed findings too: the reporter shows them only with
/// --show-suppressed), then end() with the totals. Memory does not grow with the findings.
class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void begin() {}
  virtual void finding(const rules::Finding& f) = 0;
  virtual void diagnostic(const model::Diagnostic& d) { (void)d; }
  virtual void end(const scan::ScanSummary& s) = 0;
};

std::unique_ptr<Reporter> make_reporter(Format f, std::ostream& os, const ReportOptions& o);
std::unique_ptr<Reporter> make_text_reporter(std::ostream& os, const ReportOptions& o);
std::unique_ptr<Reporter> make_json_reporter(std::ostream& os, const ReportOptions& o);
std::unique_ptr<Reporter> make_sarif_reporter(std::ostream& os, const ReportOptions& o);

/// The totals of a scan gathered in memory.
scan::ScanSummary summarize(const scan::ScanResult& r);

// Whole-result conveniences (tests, small scans): stream `r` through the reporter.
void write_text(std::ostream& os, const scan::ScanResult& r, const ReportOptions& o);
/// JSON report; its schema is documented in docs/json-format.md ("version" tells which).
void write_json(std::ostream& os, const scan::ScanResult& r, const ReportOptions& o);
/// SARIF 2.1.0, valid against the OASIS schema.
void write_sarif(std::ostream& os, const scan::ScanResult& r, const ReportOptions& o);

void write(Format f, std::ostream& os, const scan::ScanResult& r, const ReportOptions& o);

/// The JSON report format's version.
inline constexpr const char* kJsonFormatVersion = "1.0";

}  // namespace kl::report
