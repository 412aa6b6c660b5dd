#include "report/report.h"

namespace kl::report {

std::unique_ptr<Reporter> make_reporter(Format f, std::ostream& os, const ReportOptions& o) {
  switch (f) {
    case Format::Json: return make_json_reporter(os, o);
    case Format::Sarif: return make_sarif_reporter(os, o);
    case Format::Text: break;
  }
  return make_text_reporter(os, o);
}

scan::ScanSummary summarize(const scan::ScanResult& r) {
  scan::ScanSummary s;
  s.files_considered = r.files_considered;
  s.models_loaded = r.models_loaded;
  s.input_errors = r.input_errors;
  for (const auto& f : r.findings) s.count(f);
  return s;
}

void write(Format f, std::ostream& os, const scan::ScanResult& r, const ReportOptions& o) {
  std::unique_ptr<Reporter> rep = make_reporter(f, os, o);
  rep->begin();
  for (const auto& finding : r.findings) rep->finding(finding);
  for (const auto& d : r.diagnostics) rep->diagnostic(d);
  rep->end(summarize(r));
}

void write_text(std::ostream& os, const scan::ScanResult& r, const ReportOptions& o) {
  write(Format::Text, os, r, o);
}
void write_json(std::ostream& os, const scan::ScanResult& r, const ReportOptions& o) {
  write(Format::Json, os, r, o);
}
void write_sarif(std::ostream& os, const scan::ScanResult& r, const ReportOptions& o) {
  write(Format::Sarif, os, r, o);
}

}  // namespace kl::report
