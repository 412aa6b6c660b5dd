// Lambda rules: KL-LAM-*. SAM functions are expanded into AWS::Lambda::Function (Globals
// merged) before rules run, so each check reads AWS::Lambda::Function only.
#include <string>
#include <utility>

#include "rules/access.h"
#include "rules/lambda_runtimes.h"
#include "rules/secret_names.h"
#include "rules/services.h"

namespace kl::rules {
namespace {

/// KL-LAM-001: a Function URL anyone can call. SAM's FunctionUrlConfig is expanded to an
/// AWS::Lambda::Url by the loader, so one check covers both.
void function_url_without_auth(RuleContext& ctx) {
  for (const model::Resource* url : ctx.model().of_type("AWS::Lambda::Url")) {
    for (const Possible& p : possible_values(url->properties, {"AuthType"})) {
      if (!text_is(p.value, "NONE")) continue;
      std::string target = url->generated_from.empty() ? url->id : url->generated_from;
      if (const model::Resource* fn = referenced(ctx.model(), url->prop("TargetFunctionArn")))
        target = fn->generated_from.empty() ? fn->id : fn->generated_from;
      ctx.report("KL-LAM-001", *url, p.loc, "Properties.AuthType", {{"function", target}},
                 {.severity = {}, .variant = {}, .evidence = "AuthType: NONE"});
    }
  }
}

std::string user_id(const model::Resource& r) {
  return r.generated_from.empty() ? r.id : r.generated_from;
}

/// KL-LAM-003: an environment variable named like a secret (or whose literal value a secret
/// detector recognises, src/secrets/) whose value is
/// written in the template (high), or a Ref to a NoEcho parameter (medium: hidden in the
/// console, still plain text in the function's configuration). Silent for dynamic
/// references, ARNs, secret names and SSM paths, empty values, and Unknown values (a
/// parameter without NoEcho and default may well hold an ARN). Each Fn::If branch counts.
void secret_in_environment(RuleContext& ctx) {
  for (const model::Resource* fn : ctx.model().of_type("AWS::Lambda::Function")) {
    for (const Possible& vars : possible_values(fn->properties, {"Environment", "Variables"})) {
      if (!vars.value || !vars.value->is_map()) continue;
      for (const model::Member& m : vars.value->members()) {
        for (const Possible& p : possible_values(m.value, {})) {
          ReportOptions opts;
          MessageArgs args = {{"function", user_id(*fn)}, {"variable", m.key}};
          if (!environment_secret(ctx.model(), m.key, p.value, opts, args)) continue;
          model::Location loc = p.value && p.value->loc().known() ? p.value->loc() : m.key_loc;
          ctx.report("KL-LAM-003", *fn, loc, "Properties.Environment.Variables." + m.key,
                     std::move(args), std::move(opts));
        }
      }
    }
  }
}

/// KL-LAM-004: a runtime deprecated on or before today, from the dated table in
/// lambda_runtimes.cc. Absent (container images) and Unknown runtimes are not judged.
void deprecated_runtime(RuleContext& ctx) {
  std::string_view today = today_utc();
  for (const model::Resource* fn : ctx.model().of_type("AWS::Lambda::Function")) {
    for (const Possible& p : possible_values(fn->properties, {"Runtime"})) {
      auto runtime = text(p.value);
      if (!runtime || !runtime_deprecated_on(*runtime, today)) continue;
      auto row = runtime_deprecation(*runtime);
      ctx.report("KL-LAM-004", *fn, p.loc, "Properties.Runtime",
                 {{"function", user_id(*fn)},
                  {"runtime", *runtime},
                  {"date", std::string(row->deprecated)},
                  {"successor", std::string(row->successor)}},
                 {.severity = {}, .variant = {}, .evidence = "Runtime: " + *runtime});
    }
  }
}

/// KL-LAM-005: TracingConfig.Mode absent (PassThrough by default) or PassThrough.
/// Unknown modes are not reported.
void tracing_not_active(RuleContext& ctx) {
  for (const model::Resource* fn : ctx.model().of_type("AWS::Lambda::Function")) {
    bool absent_reported = false;
    for (const Possible& p : possible_values(fn->properties, {"TracingConfig", "Mode"})) {
      std::string mode = "PassThrough";
      if (!p.value && std::exchange(absent_reported, true)) continue;
      if (p.value) {
        auto t = text(p.value);
        if (!t || iequals(*t, "Active")) continue;
        mode = *t;
      }
      ctx.report("KL-LAM-005", *fn, p.value ? p.loc : fn->loc, "Properties.TracingConfig.Mode",
                 {{"function", user_id(*fn)}, {"mode", mode}},
                 {.severity = {}, .variant = {}, .evidence = "TracingConfig.Mode: " + mode});
    }
  }
}

/// KL-LAM-006: no ReservedConcurrentExecutions, so one function can take the account's
/// whole concurrency (and bill for it). Any value, Unknown included, is a decision made.
void no_reserved_concurrency(RuleContext& ctx) {
  for (const model::Resource* fn : ctx.model().of_type("AWS::Lambda::Function")) {
    for (const Possible& p : possible_values(fn->properties, {"ReservedConcurrentExecutions"})) {
      if (p.value) continue;
      ctx.report("KL-LAM-006", *fn, fn->loc, "Properties.ReservedConcurrentExecutions",
                 {{"function", user_id(*fn)}},
                 {.severity = {}, .variant = {}, .evidence = "ReservedConcurrentExecutions not set"});
      break;  // once, however many branches leave it unset
    }
  }
}

}  // namespace

void add_lambda_rules(std::vector<RuleImpl>& out) {
  out.push_back({"KL-LAM-001", function_url_without_auth});
  out.push_back({"KL-LAM-003", secret_in_environment});
  out.push_back({"KL-LAM-004", deprecated_runtime});
  out.push_back({"KL-LAM-005", tracing_not_active});
  out.push_back({"KL-LAM-006", no_reserved_concurrency});
}

}  // namespace kl::rules
