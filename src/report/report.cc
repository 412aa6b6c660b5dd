#include "report/report.h"

namespace kl::report {

void write(Format f, std::ostream& os, const scan::ScanResult& r, const ReportOptions& o) {
  switch (f) {
    case Format::Text: write_text(os, r, o); break;
    case Format::Json: write_json(os, r, o); break;
    case Format::Sarif: write_sarif(os, r, o); break;
  }
}

}  // namespace kl::report
