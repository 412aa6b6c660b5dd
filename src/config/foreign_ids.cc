// The map from checkov and cfn_nag check ids to kumolens rules. A row exists only where
// the foreign check tests the same risk as the kumolens rule, so a user's existing skip
// keeps meaning what they decided. Checks with no kumolens counterpart (cfn_nag W35 S3
// access logging, W51 bucket policy presence, W89 Lambda in a VPC, checkov CKV_AWS_18 ...)
// are deliberately absent, and so are checks that test the opposite of a rule
// (checkov CKV_AWS_120 asks for API caching, KL-APIGW-005 for encryption of a cache).
#include "config/foreign_ids.h"

namespace kl::config {

const std::vector<ForeignId>& foreign_ids() {
  using enum ForeignTool;
  static const std::vector<ForeignId> table = {
      // ---- checkov (ids are shared across frameworks; CloudFormation checks named) ----
      {Checkov, "CKV_AWS_7", "KL-KMS-002", "rotation for customer created CMKs is enabled"},
      {Checkov, "CKV_AWS_20", "KL-S3-003", "S3 bucket does not allow READ permissions to everyone (ACL)"},
      {Checkov, "CKV_AWS_57", "KL-S3-003", "S3 bucket does not allow WRITE permissions to everyone (ACL)"},
      {Checkov, "CKV_AWS_28", "KL-DDB-001", "DynamoDB point in time recovery is enabled"},
      {Checkov, "CKV_AWS_33", "KL-KMS-001", "KMS key policy does not contain a wildcard principal"},
      {Checkov, "CKV_AWS_36", "KL-LOG-001", "CloudTrail log file validation is enabled"},
      {Checkov, "CKV_AWS_67", "KL-LOG-001", "CloudTrail is enabled in all regions"},
      {Checkov, "CKV_AWS_45", "KL-LAM-003", "no hard-coded secrets in the Lambda environment"},
      {Checkov, "CKV_AWS_50", "KL-LAM-005", "X-Ray tracing is enabled for the Lambda function"},
      {Checkov, "CKV_AWS_53", "KL-S3-004", "S3 bucket has BlockPublicAcls enabled"},
      {Checkov, "CKV_AWS_54", "KL-S3-004", "S3 bucket has BlockPublicPolicy enabled"},
      {Checkov, "CKV_AWS_55", "KL-S3-004", "S3 bucket has IgnorePublicAcls enabled"},
      {Checkov, "CKV_AWS_56", "KL-S3-004", "S3 bucket has RestrictPublicBuckets enabled"},
      {Checkov, "CKV_AWS_59", "KL-APIGW-001", "no open access to back-end resources through API (Method AuthorizationType NONE)"},
      {Checkov, "CKV_AWS_73", "KL-APIGW-009", "API Gateway has X-Ray tracing enabled"},
      {Checkov, "CKV_AWS_76", "KL-APIGW-008", "API Gateway (REST) has access logging enabled"},
      {Checkov, "CKV_AWS_95", "KL-APIGW-008", "API Gateway V2 has access logging enabled"},
      {Checkov, "CKV_AWS_115", "KL-LAM-006", "Lambda function has a function-level concurrent execution limit"},
      {Checkov, "CKV_AWS_119", "KL-DDB-002", "DynamoDB table is encrypted with a KMS customer managed CMK"},
      {Checkov, "CKV_AWS_258", "KL-LAM-001", "Lambda function URL AuthType is not NONE"},
      {Checkov, "CKV_AWS_366", "KL-COG-003", "Cognito identity pool does not allow unauthenticated guest access"},
      // ---- cfn_nag ----
      {CfnNag, "W31", "KL-S3-003", "S3 bucket likely should not have a public read ACL"},
      {CfnNag, "F14", "KL-S3-003", "S3 bucket should not have a public read-write ACL"},
      {CfnNag, "F13", "KL-LAM-002", "Lambda permission principal should not be a wildcard"},
      {CfnNag, "F19", "KL-KMS-002", "EnableKeyRotation should not be false or absent on a KMS key"},
      {CfnNag, "W45", "KL-APIGW-008", "API Gateway deployment stage should have AccessLogSetting"},
      {CfnNag, "W46", "KL-APIGW-008", "API Gateway V2 stage should have access logging configured"},
      {CfnNag, "W69", "KL-APIGW-008", "API Gateway stage should have AccessLogSetting"},
      {CfnNag, "W57", "KL-COG-003", "Cognito identity pool AllowUnauthenticatedIdentities should be false"},
      {CfnNag, "W59", "KL-APIGW-001", "API Gateway method should not have AuthorizationType NONE unless OPTIONS"},
      {CfnNag, "W74", "KL-DDB-002", "DynamoDB table should be encrypted with a CMK stored in KMS"},
      {CfnNag, "W78", "KL-DDB-001", "DynamoDB table should have point-in-time recovery enabled"},
      {CfnNag, "W87", "KL-APIGW-005", "API Gateway cache should be encrypted when caching is enabled"},
      {CfnNag, "W92", "KL-LAM-006", "Lambda function should define ReservedConcurrentExecutions"},
  };
  return table;
}

std::vector<std::string_view> kumolens_rules_for(ForeignTool tool, std::string_view id) {
  std::vector<std::string_view> out;
  for (const ForeignId& f : foreign_ids())
    if (f.tool == tool && f.id == id) out.push_back(f.rule);
  return out;
}

const char* foreign_tool_name(ForeignTool t) {
  return t == ForeignTool::Checkov ? "checkov" : "cfn_nag";
}

}  // namespace kl::config
