#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/parameters.h"
#include "config/config.h"
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
                 "low, info, none; default: the config's fail-on, else low)")
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

namespace {

/// The configuration named by --config, else the nearest .kumolens.yaml above the first
/// scanned path, else none. nullopt (after printing why) when it cannot be used.
std::optional<config::Config> read_config(const ScanArgs& a) {
  std::string file = a.config;
  if (file.empty()) {
    auto found = config::find_config(a.paths.empty() ? "." : a.paths.front());
    if (!found) return config::Config{};
    file = *found;
  }
  model::Diagnostics diags;
  auto cfg = config::load_config(file, diags);
  for (const auto& d : diags) std::cerr << d.str() << '\n';
  return cfg;
}

}  // namespace

int run_scan(const ScanArgs& a) {
  // A broken configuration stops the scan: findings filtered by half a config would mislead.
  std::optional<config::Config> cfg = read_config(a);
  if (!cfg) return 2;

  model::Diagnostics arg_diags;
  scan::ScanOptions opts;
  if (!a.paths.empty()) opts.paths = a.paths;
  opts.jobs = a.jobs;
  opts.read.max_bytes = a.max_file_size;
  opts.honour_gitignore = !a.no_gitignore;
  opts.parameters = parse_parameters(a.parameters, arg_diags);
  // --parameters wins over the config's parameters.
  for (const auto& [k, v] : cfg->parameters) opts.parameters.emplace(k, v);
  std::string fail_on = !a.fail_on.empty() ? a.fail_on : cfg->fail_on.value_or("low");
  opts.config = std::move(*cfg);

  report::ReportOptions ro;
  ro.lang = a.lang;
  ro.quiet = a.quiet;
  ro.show_suppressed = a.show_suppressed;
  report::Format fmt = a.format == "json"    ? report::Format::Json
                       : a.format == "sarif" ? report::Format::Sarif
                                             : report::Format::Text;
  std::ofstream file_out;
  std::ostream* out = &std::cout;
  if (!a.output.empty()) {
    file_out.open(a.output);
    if (!file_out) {
      std::cerr << "kumolens: error: cannot write '" << a.output << "'\n";
      return 2;
    }
    out = &file_out;
  } else {
    ro.color = !a.no_color && isatty(STDOUT_FILENO) && fmt == report::Format::Text;
  }

  // The report is written while the scan runs, file by file; input problems go to stderr
  // as they are met and into the report.
  std::unique_ptr<report::Reporter> reporter = report::make_reporter(fmt, *out, ro);
  reporter->begin();
  for (const auto& d : arg_diags) {
    std::cerr << d.str() << '\n';
    reporter->diagnostic(d);
  }
  struct Sink : scan::ScanSink {
    report::Reporter& rep;
    explicit Sink(report::Reporter& r) : rep(r) {}
    void on_file(std::vector<rules::Finding>& findings, model::Diagnostics& diags) override {
      for (const auto& d : diags) {
        std::cerr << d.str() << '\n';
        rep.diagnostic(d);
      }
      for (const auto& f : findings) rep.finding(f);
    }
  } sink(*reporter);
  scan::ScanSummary summary = scan::scan(opts, sink);
  if (!arg_diags.empty()) summary.input_errors = true;
  reporter->end(summary);
  out->flush();

  if (summary.input_errors) return 2;
  if (fail_on == "none") return 0;
  auto threshold = rules::parse_severity(fail_on);
  if (threshold && summary.worst && *summary.worst >= *threshold) return 1;
  return 0;
}

}  // namespace kl::cli
