#pragma once
// One function per service file (rules/<service>.cc) appends that service's rules.
#include <vector>

#include "rules/rule.h"

namespace kl::rules {

void add_cloudtrail_rules(std::vector<RuleImpl>& out);
void add_cognito_rules(std::vector<RuleImpl>& out);
void add_dynamodb_rules(std::vector<RuleImpl>& out);
void add_kms_rules(std::vector<RuleImpl>& out);
void add_lambda_rules(std::vector<RuleImpl>& out);
void add_s3_rules(std::vector<RuleImpl>& out);
void add_secrets_rules(std::vector<RuleImpl>& out);
/// KL-META-*: produced by the scan pipeline; registered as no-op checks (see meta.cc).
void add_meta_rules(std::vector<RuleImpl>& out);
void add_apigateway_rules(std::vector<RuleImpl>& out);
/// Rules decided with the IAM engine (iam.cc, s3_policy.cc, lambda_permission.cc,
/// kms_policy.cc, cognito_iam.cc).
void add_iam_rules(std::vector<RuleImpl>& out);
void add_s3_policy_rules(std::vector<RuleImpl>& out);
void add_lambda_permission_rules(std::vector<RuleImpl>& out);
void add_kms_policy_rules(std::vector<RuleImpl>& out);
void add_cognito_iam_rules(std::vector<RuleImpl>& out);
/// KL-CODE-*: produced by the code pass of the scan; registered as no-op checks (see code.cc).
void add_code_rules(std::vector<RuleImpl>& out);

}  // namespace kl::rules
