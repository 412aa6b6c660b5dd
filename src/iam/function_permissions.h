#pragma once
// Fills model::Model::permissions (model/permissions.h): each function's role read once,
// after loading, with the role's policies (inline, SAM policy templates, managed policies,
// AWS::IAM::Policy / ManagedPolicy resources) per target and access class.
#include "model/model.h"

namespace kl::iam {

void record_function_permissions(model::Model& model);

}  // namespace kl::iam
