#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/parameters.h"
#include "report/report.h"
#include "rules/severity.h"
#include "scan/scanner.h"

namespace kl::cli {

void add_scan_flags(CLI::App& app, ScanArgs& a) {
  app.add_option("paths", a.paths, "files or directories to scan (default: .)");
  app.add_option("--format,-f", a.format, "text, json or sarif")
      ->check(CLI::IsMember({"text", "json", "sarif"}));
  app.add_option("--output,-o", a.output, "write the report to FILE instead of stdout");
  app.add_option("--fail-on", a.fail_on,
                 "exit 1 when a finding is at or above this severity (critical, high, medium, "
                 "low, info, none)")
      ->check(CLI::IsMember({"critical", "high", "medium", "low", "info", "none"}));
  app.add_option("--lang", a.lang, "language of titles and messages: en or ja")
      ->check(CLI::IsMember({"en", "ja"}));
  app.add_option("--config", a.config, "configuration file (default: .kumolens.yaml found upward)");
  app.add_option("--parameters,-p", a.parameters,
                 "template parameter values: Key=Value, or a JSON parameters file");
  app.add_option("--jobs,-j", a.jobs, "files loaded in parallel (default: one per core)");
  app.add_option("--max-file-size", a.max_file_size, "skip files larger than this many bytes");
  app.add_flag("--quiet,-q", a.quiet, "print finding lines only");
  app.add_flag("--show-suppressed", a.show_suppressed, "also list suppressed findings");
  app.add_flag("--no-color", a.no_color, "never color the text report");
  app.add_flag("--no-gitignore", a.no_gitignore, "scan files .gitignore ignores too");
}

int run_scan(const ScanArgs& a) {
  model::Diagnostics arg_diags;
  scan::ScanOptions opts;
  if (!a.paths.empty()) opts.paths = a.paths;
  opts.jobs = a.jobs;
  opts.read.max_bytes = a.max_file_size;
  opts.honour_gitignore = !a.no_gitignore;
  opts.parameters = parse_parameters(a.parameters, arg_diags);

  scan::ScanResult result = scan::scan(opts);
  for (auto& d : arg_diags) result.diagnostics.insert(result.diagnostics.begin(), d);
  if (!arg_diags.empty()) result.input_errors = true;

  for (const auto& d : result.diagnostics) std::cerr << d.str() << '\n';

  report::ReportOptions ro;
  ro.lang = a.lang;
  ro.quiet = a.quiet;
  ro.show_suppressed = a.show_suppressed;
  report::Format fmt = a.format == "json"    ? report::Format::Json
                       : a.format == "sarif" ? report::Format::Sarif
                                             : report::Format::Text;
  if (a.output.empty()) {
    ro.color = !a.no_color && isatty(STDOUT_FILENO) && fmt == report::Format::Text;
    report::write(fmt, std::cout, result, ro);
    std::cout.flush();
  } else {
    std::ofstream out(a.output);
    if (!out) {
      std::cerr << "kumolens: error: cannot write '" << a.output << "'\n";
      return 2;
    }
    report::write(fmt, out, result, ro);
  }

  if (result.input_errors) return 2;
  if (a.fail_on == "none") return 0;
  auto threshold = rules::parse_severity(a.fail_on);
  for (const auto& f : result.findings)
    if (!f.suppressed && threshold && f.severity >= *threshold) return 1;
  return 0;
}

}  // namespace kl::cli
