// `kumolens policy check` and `kumolens policy eval` on a bare policy document (JSON).
// check exits 1 when the answer is yes (a CI gate), 0 when no, 3 when unknown, 2 on errors.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "iam/evaluate.h"
#include "iam/parse.h"
#include "iam/questions.h"
#include "load/source_file.h"

namespace kl::cli {

using nlohmann::ordered_json;

void add_policy_flags(CLI::App& check, CLI::App& eval, PolicyArgs& a) {
  check.add_option("file", a.file, "policy document (JSON)")->required();
  auto* pub = check.add_flag("--public", a.is_public, "can anyone (any account, anonymous) be allowed?");
  auto* cross = check.add_option("--cross-account", a.cross_account,
                                 "OWNER: can a principal of another account be allowed?");
  auto* allow = check.add_option("--allows", a.allows, "ACTION RESOURCE: is this request allowed?")->expected(2);
  auto* sum = check.add_flag("--summary", a.summary, "actions allowed per resource, by access level");
  pub->excludes(cross)->excludes(allow)->excludes(sum);
  cross->excludes(allow)->excludes(sum);
  allow->excludes(sum);
  check.add_option("--action", a.actions, "limit --public/--cross-account to these action patterns");
  check.add_option("--timeout-ms", a.timeout_ms, "time for the question in ms (default 2000); over it: unknown");
  check.add_option("--format,-f", a.format, "text or json")->check(CLI::IsMember({"text", "json"}));

  eval.add_option("file", a.file, "policy document (JSON)")->required();
  eval.add_option("--principal", a.principal, "caller: an ARN, an account id, a service name")->required();
  eval.add_option("--principal-type", a.principal_type, "AWS, Service, Federated or CanonicalUser")
      ->check(CLI::IsMember({"AWS", "Service", "Federated", "CanonicalUser"}));
  eval.add_option("--action", a.action, "e.g. s3:GetObject")->required();
  eval.add_option("--resource", a.resource, "resource ARN (omit: the policy's own resource)");
  eval.add_option("--context", a.context, "KEY=VALUE (repeat for several values)");
  eval.add_option("--format,-f", a.format, "text or json")->check(CLI::IsMember({"text", "json"}));
}

namespace {

std::optional<iam::Policy> load(const std::string& file) {
  model::Diagnostics diags;
  auto text = load::read_source(file, {}, diags);
  std::optional<iam::Policy> p;
  if (text) p = iam::parse_policy_json(*text, model::intern_file(file), diags);
  for (const auto& d : diags) std::cerr << d.str() << '\n';
  bool errors = false;
  for (const auto& d : diags) errors |= d.level == model::DiagLevel::Error;
  if (!p || errors) return std::nullopt;
  return p;
}

ordered_json request_json(const iam::Request& r) {
  ordered_json j;
  j["principal"] = r.principal;
  j["action"] = r.action;
  j["resource"] = r.resource;
  ordered_json ctx = ordered_json::object();
  for (const auto& [k, v] : r.context) ctx[k] = v;
  j["context"] = ctx;
  return j;
}

}  // namespace

int run_policy_check(const PolicyArgs& a) {
  auto policy = load(a.file);
  if (!policy) return 2;
  iam::QuestionOptions opts;
  opts.actions = a.actions;
  opts.timeout_ms = a.timeout_ms;
  std::string question;
  iam::QuestionResult r;
  if (a.summary) {
    auto s = iam::summarize(*policy, opts);
    if (a.format == "json") {
      ordered_json j;
      j["question"] = "summary";
      j["complete"] = iam::answer_name(s.complete);
      ordered_json entries = ordered_json::array();
      for (const auto& e : s.entries) {
        ordered_json je;
        je["resource"] = e.resource;
        for (const auto& [cls, acts] : e.actions) je[iam::action_class_name(cls)] = acts;
        entries.push_back(je);
      }
      j["resources"] = entries;
      std::cout << j.dump(2) << '\n';
    } else {
      for (const auto& e : s.entries) {
        std::cout << e.resource << '\n';
        for (const auto& entry : e.actions) {
          const auto& acts = entry.second;
          std::cout << "  " << iam::action_class_name(entry.first) << ": " << acts.size() << " action"
                    << (acts.size() == 1 ? "" : "s");
          if (acts.size() <= 5) {  // a few are worth naming
            std::string names;
            for (const auto& x : acts) names += (names.empty() ? "" : ", ") + x;
            std::cout << " (" << names << ")";
          }
          std::cout << '\n';
        }
      }
      if (s.complete == iam::Answer::Unknown) std::cout << "incomplete: " << s.reason << '\n';
    }
    return 0;
  }
  if (!a.allows.empty()) {
    question = "allows " + a.allows[0] + " " + a.allows[1];
    r = iam::allows(*policy, a.allows[0], a.allows[1], opts);
  } else if (!a.cross_account.empty()) {
    question = "cross-account " + a.cross_account;
    r = iam::is_cross_account(*policy, a.cross_account, opts);
  } else {
    question = "public";
    r = iam::is_public(*policy, opts);
  }
  if (a.format == "json") {
    ordered_json j;
    j["question"] = question;
    j["answer"] = iam::answer_name(r.answer);
    if (r.witness) {
      j["witness"] = r.witness->text();
      j["request"] = request_json(r.witness->request);
      j["statement"] = r.witness->statement;
    }
    if (!r.reason.empty()) j["reason"] = r.reason;
    j["fast_path"] = r.decided_by_fast_path;
    std::cout << j.dump(2) << '\n';
  } else {
    std::cout << question << ": " << iam::answer_name(r.answer);
    if (r.witness) std::cout << ": " << r.witness->text();
    if (!r.reason.empty()) std::cout << " (" << r.reason << ")";
    std::cout << '\n';
  }
  return r.answer == iam::Answer::Yes ? 1 : r.answer == iam::Answer::No ? 0 : 3;
}

int run_policy_eval(const PolicyArgs& a) {
  auto policy = load(a.file);
  if (!policy) return 2;
  iam::Request req;
  req.principal = a.principal;
  req.principal_kind = a.principal_type == "Service"     ? iam::PrincipalEntry::Kind::Service
                       : a.principal_type == "Federated" ? iam::PrincipalEntry::Kind::Federated
                       : a.principal_type == "CanonicalUser" ? iam::PrincipalEntry::Kind::CanonicalUser
                                                             : iam::PrincipalEntry::Kind::AWS;
  req.action = a.action;
  req.resource = a.resource;
  for (const auto& kv : a.context) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "kumolens: error: --context needs KEY=VALUE, not '" << kv << "'\n";
      return 2;
    }
    req.set(kv.substr(0, eq), kv.substr(eq + 1));
  }
  auto ev = iam::evaluate(*policy, req);
  if (a.format == "json") {
    ordered_json j;
    j["decision"] = iam::decision_name(ev.decision);
    j["allowing_statements"] = ev.allowing;
    j["denying_statements"] = ev.denying;
    if (!ev.why_unknown.empty()) j["reason"] = ev.why_unknown;
    std::cout << j.dump(2) << '\n';
  } else {
    std::cout << iam::decision_name(ev.decision);
    auto sids = [&](const std::vector<size_t>& v) {
      std::string t;
      for (size_t i : v) {
        const auto& sid = policy->statements[i].sid;
        t += (t.empty() ? "" : ", ") + (sid.empty() ? "#" + std::to_string(i) : sid);
      }
      return t;
    };
    if (!ev.denying.empty()) std::cout << " by " << sids(ev.denying);
    else if (!ev.allowing.empty()) std::cout << " by " << sids(ev.allowing);
    if (!ev.why_unknown.empty()) std::cout << " (" << ev.why_unknown << ")";
    std::cout << '\n';
  }
  return ev.decision == iam::Decision::Allow ? 0 : ev.decision == iam::Decision::Unknown ? 3 : 1;
}

}  // namespace kl::cli
