#pragma once
// The verbs of the command line. Flags become plain structs first; run_* do the work and
// return the process exit code (0 clean, 1 findings at or above --fail-on, 2 usage or input
// errors).
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace kl::cli {

struct ScanArgs {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;
  std::string fail_on;  ///< "" = from the config, else "low"
  std::string lang = "en";
  std::string config;  ///< "" = .kumolens.yaml found upward from the first path
  std::vector<std::string> parameters;  ///< file.json or Key=Value
  unsigned jobs = 0;
  size_t max_file_size = 10 * 1024 * 1024;
  bool quiet = false;
  bool show_suppressed = false;
  bool no_color = false;
  bool no_gitignore = false;
  bool no_secrets = false;
  bool secrets_only = false;
  std::string baseline;   ///< --baseline FILE: report only secrets not in it
  std::string cache_dir;  ///< --cache-dir: where the compiled detector database is kept
  std::vector<std::string> include, exclude;
};
void add_scan_flags(CLI::App& app, ScanArgs& args);
int run_scan(const ScanArgs& args);

/// `kumolens baseline create [paths] -o FILE`: the scan's secrets as a baseline.
int run_baseline_create(const ScanArgs& args, const std::string& output);

struct ModelArgs {
  std::vector<std::string> paths;
  std::string format = "text";
  std::vector<std::string> parameters;
};
void add_model_flags(CLI::App& app, ModelArgs& args);
int run_model(const ModelArgs& args);

struct RulesArgs {
  std::string id;
  std::string format = "text";
  std::string lang = "en";
  std::string output;
};
void add_rules_flags(CLI::App& app, RulesArgs& args);
int run_rules(const RulesArgs& args);

struct ExplainArgs {
  std::string function;
  std::vector<std::string> paths;
  std::string format = "text";
  std::vector<std::string> parameters;
};
void add_explain_flags(CLI::App& app, ExplainArgs& args);
int run_explain(const ExplainArgs& args);

/// `kumolens policy check|eval FILE.json`: questions about a bare policy document.
struct PolicyArgs {
  std::string file;
  // check
  bool is_public = false;
  std::string cross_account;             ///< owner account
  std::vector<std::string> allows;       ///< ACTION RESOURCE
  std::vector<std::string> actions;      ///< --action patterns the question ranges over
  bool summary = false;
  unsigned timeout_ms = 2000;  ///< per question (iam::QuestionOptions::timeout_ms)
  // eval
  std::string principal = "anonymous";
  std::string principal_type = "AWS";
  std::string action, resource;
  std::vector<std::string> context;      ///< key=value
  std::string format = "text";
};
void add_policy_flags(CLI::App& check, CLI::App& eval, PolicyArgs& args);
int run_policy_check(const PolicyArgs& args);
int run_policy_eval(const PolicyArgs& args);

}  // namespace kl::cli
