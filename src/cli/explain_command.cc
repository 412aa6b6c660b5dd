// `kumolens explain FUNCTION [paths]`: what a function may do, as the IAM engine reads its
// role — the policies attached (inline, SAM templates, managed, policy resources) and the
// actions allowed on each resource of the model, on "*", or on ARNs the model does not hold.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/parameters.h"
#include "iam/role_summary.h"
#include "load/discover.h"
#include "scan/scanner.h"

namespace kl::cli {

using nlohmann::ordered_json;

namespace {

bool runs_code(const model::Resource& r) {
  return r.type == "AWS::Lambda::Function" || r.type == "AWS::StepFunctions::StateMachine";
}

ordered_json explain(const model::Model& m, const model::Resource& fn) {
  ordered_json j;
  j["function"] = fn.generated_from.empty() ? fn.id : fn.generated_from;
  j["type"] = fn.type;
  j["file"] = model::file_path(fn.loc.file);
  j["line"] = fn.loc.line;
  const model::Resource* role = iam::execution_role(m, fn);
  if (!role) {
    j["role"] = nullptr;
    j["note"] = "no role of this template (an imported ARN, or none): its permissions are not known here";
    return j;
  }
  j["role"] = role->id;
  for (const iam::RoleView& v : iam::role_views(m)) {
    if (v.role != role) continue;
    ordered_json policies = ordered_json::array();
    for (const iam::AttachedPolicy& p : v.policies) {
      ordered_json jp = {{"origin", iam::policy_origin_name(p.origin)}, {"name", p.name}, {"line", p.loc.line}};
      if (p.managed) {
        jp["arn"] = p.managed->arn;
        jp["version"] = p.managed->version;
        jp["date"] = p.managed->date;
      }
      if (p.document.is_unknown()) jp["unknown"] = p.document.str();
      policies.push_back(jp);
    }
    j["policies"] = policies;
    // The effective permissions were computed once after loading and kept in the model.
    auto kept = m.permissions.find(fn.id);
    j["fullAdmin"] = kept != m.permissions.end() && kept->second.full_admin;
    ordered_json allows = ordered_json::array();
    if (kept != m.permissions.end())
      for (const model::TargetPermissions& tp : kept->second.targets) {
        ordered_json ja = {{"resource", tp.target}, {"inModel", tp.in_model}, {"actions", tp.actions}};
        if (tp.in_model)
          if (const model::Resource* r = m.find(tp.target)) ja["type"] = r->type;
        if (tp.conditional) ja["conditional"] = true;
        if (!tp.by_class.empty()) ja["byClass"] = tp.by_class;
        allows.push_back(ja);
      }
    j["allows"] = allows;
  }
  return j;
}

void print_text(const ordered_json& j) {
  std::cout << j["file"].get<std::string>() << ":" << j["line"].get<uint32_t>() << ": "
            << j["function"].get<std::string>() << " (" << j["type"].get<std::string>() << ")\n";
  if (j["role"].is_null()) {
    std::cout << "  " << j["note"].get<std::string>() << "\n";
    return;
  }
  std::cout << "  role: " << j["role"].get<std::string>();
  if (j.value("fullAdmin", false)) std::cout << "  (full admin)";
  std::cout << "\n  policies:\n";
  for (const auto& p : j["policies"]) {
    std::cout << "    " << p["origin"].get<std::string>() << " '" << p["name"].get<std::string>() << "'";
    if (p.contains("version"))
      std::cout << " (" << p["version"].get<std::string>() << ", " << p["date"].get<std::string>() << ")";
    if (p.contains("unknown")) std::cout << "  [not known: " << p["unknown"].get<std::string>() << "]";
    std::cout << "\n";
  }
  std::cout << "  allows:\n";
  if (j["allows"].empty()) std::cout << "    nothing the template says\n";
  for (const auto& a : j["allows"]) {
    std::cout << "    " << a["resource"].get<std::string>();
    if (a.contains("type")) std::cout << " (" << a["type"].get<std::string>() << ")";
    if (a.value("conditional", false)) std::cout << " [with conditions]";
    std::cout << ":";
    bool first = true;
    for (const auto& act : a["actions"]) {
      std::cout << (first ? " " : ", ") << act.get<std::string>();
      first = false;
    }
    std::cout << "\n";
  }
}

}  // namespace

void add_explain_flags(CLI::App& app, ExplainArgs& a) {
  app.add_option("function", a.function, "logical id of the function (as written in the template)")->required();
  app.add_option("paths", a.paths, "templates or directories (default: .)");
  app.add_option("--format,-f", a.format, "text or json")->check(CLI::IsMember({"text", "json"}));
  app.add_option("--parameters,-p", a.parameters, "template parameter values");
}

int run_explain(const ExplainArgs& a) {
  model::Diagnostics diags;
  scan::ScanOptions opts;
  opts.paths = a.paths.empty() ? std::vector<std::string>{"."} : a.paths;
  opts.parameters = parse_parameters(a.parameters, diags);
  std::vector<std::string> files = load::discover(opts.paths, {}, diags);
  ordered_json out = ordered_json::array();
  for (const std::string& path : files) {
    auto text = load::read_source(path, opts.read, diags);
    if (!text) continue;
    bool is_explicit = std::find(opts.paths.begin(), opts.paths.end(), path) != opts.paths.end();
    auto m = scan::load_model(path, *text, opts, is_explicit, diags);
    if (!m) continue;
    for (const auto& r : m->resources) {
      if (!runs_code(*r)) continue;
      if (r->id != a.function && r->generated_from != a.function) continue;
      out.push_back(explain(*m, *r));
    }
  }
  for (const auto& d : diags)
    if (d.level == model::DiagLevel::Error) std::cerr << d.str() << '\n';
  if (out.empty()) {
    std::cerr << "kumolens: error: no function '" << a.function << "' in the templates given\n";
    return 2;
  }
  if (a.format == "json") {
    std::cout << out.dump(2) << '\n';
  } else {
    for (const auto& j : out) print_text(j);
  }
  return 0;
}

}  // namespace kl::cli
