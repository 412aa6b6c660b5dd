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
#include "secrets/baseline.h"
#include "secrets/engine.h"

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
  app.add_flag("--no-secrets", a.no_secrets, "skip the secrets pass (docs/secrets.md)");
  app.add_flag("--secrets-only", a.secrets_only,
               "only look for secrets: no template rules, no code analysis");
  app.add_option("--baseline", a.baseline,
                 "report only secrets whose fingerprints are not in this baseline file "
                 "(kumolens baseline create)");
  app.add_option("--cache-dir", a.cache_dir,
                 "where the compiled secret detectors are cached (default: ~/.cache/kumolens)");
  app.add_option("--include", a.include, "scan only files matching this glob (repeatable)");
  app.add_option("--exclude", a.exclude, "skip files matching this glob (repeatable)");
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
  opts.secrets = !a.no_secrets;
  opts.secrets_only = a.secrets_only;
  if (a.no_secrets && a.secrets_only) {
    std::cerr << "kumolens: error: --no-secrets and --secrets-only exclude each other\n";
    return 2;
  }
  opts.include = a.include;
  opts.exclude = a.exclude;
  if (!a.cache_dir.empty()) secrets::Engine::set_cache_dir(a.cache_dir);
  if (!a.baseline.empty()) {
    model::Diagnostics bd;
    auto b = secrets::read_baseline(a.baseline, bd);
    for (const auto& d : bd) std::cerr << d.str() << '\n';
    if (!b) return 2;
    opts.baseline = std::move(*b);
  }

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

int run_baseline_create(const ScanArgs& a, const std::string& output) {
  std::optional<config::Config> cfg = read_config(a);
  if (!cfg) return 2;
  scan::ScanOptions opts;
  if (!a.paths.empty()) opts.paths = a.paths;
  opts.jobs = a.jobs;
  opts.read.max_bytes = a.max_file_size;
  opts.honour_gitignore = !a.no_gitignore;
  opts.include = a.include;
  opts.exclude = a.exclude;
  opts.config = std::move(*cfg);
  if (!a.cache_dir.empty()) secrets::Engine::set_cache_dir(a.cache_dir);
  scan::ScanResult r = scan::scan(opts);
  for (const auto& d : r.diagnostics)
    if (d.level == model::DiagLevel::Error) std::cerr << d.str() << '\n';
  std::string text = secrets::baseline_json(r.findings);
  std::ofstream out(output);
  if (!out || !(out << text)) {
    std::cerr << "kumolens: error: cannot write '" << output << "'\n";
    return 2;
  }
  size_t n = 0;
  for (const auto& f : r.findings) n += !f.suppressed && f.rule.rfind("KL-SECRET-", 0) == 0;
  std::cerr << "kumolens: wrote " << output << " (" << n << " secret finding(s), fingerprints only)\n";
  return 0;
}

}  // namespace kl::cli
