#pragma once
// SAM policy templates (S3ReadPolicy, DynamoDBCrudPolicy, ...) from
// src/iam/data/sam_policy_templates.json (source and date in docs/iam-data.md), expanded to
// policy documents the way aws-sam-translator does: each `Ref` to a template parameter
// becomes the value the function gave; `Fn::Sub` is then evaluated here, with the pseudo
// parameters the caller knows. A piece that cannot be known (a resource's name, the account
// id) leaves that string Unknown, with the resource it names kept in ref(), as the loader
// does for templates.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/location.h"
#include "model/value.h"

namespace kl::iam {

/// Names of every template in the data file, sorted.
const std::vector<std::string>& sam_policy_template_names();

/// Is `name` a SAM policy template we know?
bool is_sam_policy_template(std::string_view name);

/// The parameters a template takes (e.g. {"BucketName"}); empty for an unknown name.
std::vector<std::string> sam_policy_template_parameters(std::string_view name);

/// Values for AWS pseudo parameters in `Fn::Sub`; what is unset stays Unknown.
struct PseudoParameters {
  std::string partition = "aws";
  std::optional<std::string> region;
  std::optional<std::string> account_id;
};

struct SamExpansion {
  /// {"Version": "2012-10-17", "Statement": [...]}
  model::Value document;
  /// Template parameters the caller gave no value for; their uses are Unknown.
  std::vector<std::string> missing_parameters;
};

/// Expands template `name` with `parameters` (a map from parameter name to its value as the
/// loader resolved it; anything else counts as no values). Every node of the result is
/// placed at `at` when it is known, so findings point into the user's template. nullopt when
/// `name` is not a known template.
std::optional<SamExpansion> expand_sam_policy_template(std::string_view name,
                                                       const model::Value& parameters,
                                                       const PseudoParameters& pseudo = {},
                                                       model::Location at = {});

std::string sam_policy_templates_source();
std::string sam_policy_templates_retrieved();

}  // namespace kl::iam
