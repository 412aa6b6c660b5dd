#pragma once
// Reporters render a scan's findings; they never decide anything (severity, suppression
// and messages come from the rules and the catalog).
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

void write_text(std::ostream& os, const scan::ScanResult& r, const ReportOptions& o);
/// JSON report; its schema is documented in docs/json-format.md ("version" tells which).
void write_json(std::ostream& os, const scan::ScanResult& r, const ReportOptions& o);
/// SARIF 2.1.0, valid against the OASIS schema.
void write_sarif(std::ostream& os, const scan::ScanResult& r, const ReportOptions& o);

void write(Format f, std::ostream& os, const scan::ScanResult& r, const ReportOptions& o);

/// The JSON report format's version.
inline constexpr const char* kJsonFormatVersion = "1.0";

}  // namespace kl::report
