// KL-LAM-002: a function policy statement (AWS::Lambda::Permission) that lets anyone invoke.
// A Permission's Principal is one string; its conditions are properties (SourceArn,
// SourceAccount, PrincipalOrgID, EventSourceToken), read here the way the IAM engine reads
// the statement Lambda builds from them.
#include <string>
#include <vector>

#include "rules/access.h"
#include "rules/services.h"

namespace kl::rules {
namespace {

std::string user_id(const model::Resource& r) { return r.generated_from.empty() ? r.id : r.generated_from; }

/// Is the property set on every branch (any value, Unknown included: the template confines
/// callers, we just cannot read to what)?
bool always_set(const model::Resource& r, std::string_view prop) {
  for (const Possible& p : possible_values(r.properties, {prop}))
    if (!p.value) return false;
  return true;
}

void open_invoke(RuleContext& ctx) {
  for (const model::Resource* perm : ctx.model().of_type("AWS::Lambda::Permission")) {
    // The permission a Function URL with AuthType NONE needs is reported as KL-LAM-001.
    bool url_none = false;
    for (const Possible& p : possible_values(perm->properties, {"FunctionUrlAuthType"}))
      if (text_is(p.value, "NONE")) url_none = true;
    // ... and so is its companion lambda:InvokeFunction limited to calls through the URL.
    for (const Possible& p : possible_values(perm->properties, {"InvokedViaFunctionUrl"}))
      if (truth(p.value) == Truth::True) url_none = true;
    if (url_none) continue;
    if (always_set(*perm, "SourceArn") || always_set(*perm, "SourceAccount") ||
        always_set(*perm, "PrincipalOrgID") || always_set(*perm, "EventSourceToken"))
      continue;
    for (const Possible& p : possible_values(perm->properties, {"Principal"})) {
      auto principal = text(p.value);
      if (!principal || (*principal != "*" && *principal != "arn:aws:iam::*:root")) continue;
      std::string action = "lambda:InvokeFunction";
      for (const Possible& a : possible_values(perm->properties, {"Action"}))
        if (auto t = text(a.value)) action = *t;
      std::string function = "?";
      if (const model::Value* f = perm->prop("FunctionName")) {
        std::string ref = model::resource_ref(*f);
        if (!ref.empty()) {
          const model::Resource* fr = ctx.model().find(ref);
          function = fr ? user_id(*fr) : ref;
        } else if (f->is_string()) {
          function = f->str();
        }
      }
      std::string witness = "anyone can " + action + " on function " + function + " from any account";
      ReportOptions opts;
      opts.evidence = witness;
      ctx.report("KL-LAM-002", *perm, p.loc, "Properties.Principal", {{"function", function}, {"witness", witness}},
                 std::move(opts));
    }
  }
}

}  // namespace

void add_lambda_permission_rules(std::vector<RuleImpl>& out) { out.push_back({"KL-LAM-002", open_invoke}); }

}  // namespace kl::rules
