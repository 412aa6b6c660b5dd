#pragma once
// SAM expansion: AWS::Serverless::* resources become the resources SAM deploys (functions,
// roles, permissions, APIs, stages, routes, URLs, event source mappings, tables, layers),
// with the logical ids aws-sam-translator gives them. Generated resources keep the user's
// lines as their locations and name what the user wrote in `generated_from`.
#include "model/diagnostic.h"
#include "model/model.h"

namespace kl::sam {

/// Expands every AWS::Serverless::* resource of `model` in place (Globals merged first).
void expand(model::Model& model, model::Diagnostics& diags);

}  // namespace kl::sam
