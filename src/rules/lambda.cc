// Lambda rules: KL-LAM-*.
#include "rules/access.h"
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
                 {.evidence = "AuthType: NONE"});
    }
  }
}

}  // namespace

void add_lambda_rules(std::vector<RuleImpl>& out) {
  out.push_back({"KL-LAM-001", function_url_without_auth});
}

}  // namespace kl::rules
