#pragma once
// What a role's permissions are made of, read from the model: inline `Policies` (SAM policy
// templates expanded), `ManagedPolicyArns` (AWS managed policies from src/iam/data, or
// `AWS::IAM::ManagedPolicy` resources of the template), and `AWS::IAM::Policy` /
// `AWS::IAM::ManagedPolicy` / `AWS::IAM::RolePolicy` resources that name the role. Each
// document stays a template Value (Unknown where the template does not say), to be parsed
// by the policy engine; nothing here decides what is allowed.
#include <string>
#include <vector>

#include "iam/managed_policies.h"
#include "iam/sam_policy_templates.h"
#include "model/model.h"

namespace kl::iam {

enum class PolicyOrigin {
  Inline,            ///< the role's Policies[] entry
  SamTemplate,       ///< a Policies[] entry that is a SAM policy template (expanded)
  AwsManaged,        ///< ManagedPolicyArns naming an AWS managed policy we have
  TemplateManaged,   ///< ManagedPolicyArns referring to an AWS::IAM::ManagedPolicy of the template
  PolicyResource,    ///< AWS::IAM::Policy / ManagedPolicy / RolePolicy naming the role
  Unresolved,        ///< an ARN we have no document for (customer policy, unknown name, Unknown)
};
const char* policy_origin_name(PolicyOrigin o);

struct AttachedPolicy {
  PolicyOrigin origin = PolicyOrigin::Inline;
  /// PolicyName, managed policy name, SAM template name, or the policy resource's logical id.
  std::string name;
  /// The policy document: a map with Statement, an Either, or Unknown (Unresolved, or the
  /// template does not say).
  model::Value document;
  /// Where it is attached or written, for findings.
  model::Location loc;
  /// The managed policy (AwsManaged), else nullptr.
  const ManagedPolicy* managed = nullptr;
  /// The resource that holds the document: the role itself or a policy resource.
  const model::Resource* holder = nullptr;
};

/// Every policy attached to `role` (an AWS::IAM::Role of `model`), in template order: the
/// role's own Policies, then its ManagedPolicyArns, then policy resources naming it.
/// `policy_resources`, when given, are the model's AWS::IAM::Policy / ManagedPolicy /
/// RolePolicy resources (so that reading every role scans the model once).
std::vector<AttachedPolicy> attached_policies(const model::Model& model, const model::Resource& role,
                                              const PseudoParameters& pseudo = {},
                                              const std::vector<const model::Resource*>* policy_resources = nullptr);

/// The model's AWS::IAM::Policy, AWS::IAM::ManagedPolicy and AWS::IAM::RolePolicy resources.
std::vector<const model::Resource*> policy_resources(const model::Model& model);

/// The AWS::IAM::Role of the model that `fn` (a Lambda function, state machine, ...) runs
/// as, or nullptr (no role, an imported ARN, or not a role of this template).
const model::Resource* execution_role(const model::Model& model, const model::Resource& fn);

}  // namespace kl::iam
