// kumolens command line: wires flags to the library; every verb lives in cli/<verb>_command.cc.
#include <CLI/CLI.hpp>
#include <cctype>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"kumolens — security scanner for AWS serverless applications"};
  app.set_version_flag("--version", std::string("kumolens ") + KL_VERSION);
  app.require_subcommand(1);
  // Usage errors in kumolens's own style: "kumolens: error: ...", lowercase.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    std::string what = e.what();
    if (!what.empty()) what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));
    return "kumolens: error: " + what + "\nrun 'kumolens --help' for usage\n";
  });

  kl::cli::ScanArgs scan_args;
  CLI::App* scan = app.add_subcommand("scan", "scan templates and code for security problems");
  kl::cli::add_scan_flags(*scan, scan_args);

  kl::cli::ScanArgs baseline_args;
  std::string baseline_output = ".kumolens-baseline.json";
  CLI::App* baseline = app.add_subcommand("baseline", "record the secrets found now, so later scans report only new ones");
  baseline->require_subcommand(1);
  CLI::App* baseline_create = baseline->add_subcommand("create", "scan and write the baseline file");
  baseline_create->add_option("paths", baseline_args.paths, "files or directories to scan (default: .)");
  baseline_create->add_option("--output,-o", baseline_output, "the baseline file (default: .kumolens-baseline.json)");
  baseline_create->add_option("--config", baseline_args.config, "configuration file");
  baseline_create->add_option("--cache-dir", baseline_args.cache_dir, "detector database cache");
  baseline_create->add_flag("--no-gitignore", baseline_args.no_gitignore, "scan files .gitignore ignores too");
  baseline_create->add_option("--include", baseline_args.include, "scan only files matching this glob");
  baseline_create->add_option("--exclude", baseline_args.exclude, "skip files matching this glob");

  kl::cli::ModelArgs model_args;
  CLI::App* model = app.add_subcommand("model", "print the resources kumolens understood");
  kl::cli::add_model_flags(*model, model_args);

  kl::cli::RulesArgs rules_args;
  CLI::App* rules = app.add_subcommand("rules", "list the rules, or show one");
  kl::cli::add_rules_flags(*rules, rules_args);

  kl::cli::ExplainArgs explain_args;
  CLI::App* explain = app.add_subcommand("explain", "show what a function's role lets it do, resource by resource");
  kl::cli::add_explain_flags(*explain, explain_args);

  kl::cli::PolicyArgs policy_args;
  CLI::App* policy = app.add_subcommand("policy", "questions about an IAM policy document");
  policy->require_subcommand(1);
  CLI::App* policy_check = policy->add_subcommand("check", "is it public, cross-account, does it allow X (exit 1 = yes)");
  CLI::App* policy_eval = policy->add_subcommand("eval", "the decision for one request");
  kl::cli::add_policy_flags(*policy_check, *policy_eval, policy_args);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    // Usage errors exit 2 (DESIGN.md); --help and --version exit 0.
    return code == 0 ? 0 : 2;
  }
  if (scan->parsed()) return kl::cli::run_scan(scan_args);
  if (model->parsed()) return kl::cli::run_model(model_args);
  if (rules->parsed()) return kl::cli::run_rules(rules_args);
  if (explain->parsed()) return kl::cli::run_explain(explain_args);
  if (baseline_create->parsed()) return kl::cli::run_baseline_create(baseline_args, baseline_output);
  if (policy_check->parsed()) return kl::cli::run_policy_check(policy_args);
  if (policy_eval->parsed()) return kl::cli::run_policy_eval(policy_args);
  return 2;
}
