// The list of every implemented rule, service by service. A test checks that each catalog
// entry has exactly one implementation here and each implementation has a catalog entry.
#include "rules/rule.h"
#include "rules/services.h"

namespace kl::rules {

const std::vector<RuleImpl>& all_rules() {
  static const std::vector<RuleImpl> rules = [] {
    std::vector<RuleImpl> out;
    add_cloudtrail_rules(out);
    add_cognito_rules(out);
    add_dynamodb_rules(out);
    add_kms_rules(out);
    add_lambda_rules(out);
    add_s3_rules(out);
    add_secrets_rules(out);
    add_meta_rules(out);
    add_apigateway_rules(out);
    add_code_rules(out);
    add_iam_rules(out);
    add_s3_policy_rules(out);
    add_lambda_permission_rules(out);
    add_kms_policy_rules(out);
    add_cognito_iam_rules(out);
    return out;
  }();
  return rules;
}

}  // namespace kl::rules
