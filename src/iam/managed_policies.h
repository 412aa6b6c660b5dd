#pragma once
// AWS managed policies that serverless applications attach (AdministratorAccess,
// AWSLambdaBasicExecutionRole, AmazonS3FullAccess, ...), from src/iam/data/managed_policies.json
// (source and date in docs/iam-data.md). Used to read a role's `ManagedPolicyArns` and SAM
// `Policies` names as the documents they stand for.
#include <string>
#include <string_view>
#include <vector>

#include "model/value.h"

namespace kl::iam {

struct ManagedPolicy {
  std::string name;         ///< "AWSLambdaBasicExecutionRole"
  std::string arn;          ///< "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
  std::string version;      ///< default version when retrieved, "v1"
  std::string date;         ///< that version's date, "2015-04-09"
  std::string description;
  /// Non-empty when `document` is a faithful subset of a document too large to keep whole
  /// (says what was kept).
  std::string summarized;
  model::Value document;    ///< {"Version": ..., "Statement": [...]}
};

/// Every managed policy of the data file, sorted by name (case-insensitively).
const std::vector<ManagedPolicy>& managed_policies();

/// The policy a name or ARN stands for, or nullptr when it is not in the data file.
/// Accepts the bare name ("AmazonS3FullAccess"), the ARN in any partition
/// ("arn:aws-cn:iam::aws:policy/AmazonS3FullAccess"), and an AWS-managed ARN without the
/// policy's path ("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole", as SAM writes a
/// name). Customer-managed ARNs (an account id instead of "aws") are never found.
const ManagedPolicy* find_managed_policy(std::string_view name_or_arn);

/// Where the data came from and when ("source", "retrieved" of the data file).
std::string managed_policies_source();
std::string managed_policies_retrieved();

}  // namespace kl::iam
