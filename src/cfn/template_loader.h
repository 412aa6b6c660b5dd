#pragma once
// A parsed CloudFormation document -> Model: parameters, resources with resolved
// properties, resource-level conditions, and reference edges.
#include <map>
#include <string>

#include "model/diagnostic.h"
#include "model/model.h"

namespace kl::cfn {

struct LoadOptions {
  std::map<std::string, std::string> parameters;  ///< overrides (--parameters, config)
};

/// Builds the model of one template. Structural problems (Resources not a map, a
/// resource without a Type, Properties of the wrong type) become diagnostics, and the
/// rest of the template is still loaded.
model::Model load_template(model::Value doc, const std::string& file, const LoadOptions& opts,
                           model::Diagnostics& diags);

/// Is this document a CloudFormation (or SAM) template? Decided by content:
/// AWSTemplateFormatVersion, a Transform naming SAM, or a Resources map of typed resources.
bool looks_like_template(const model::Value& doc);
/// Does the template use the SAM transform?
bool uses_sam_transform(const model::Value& doc);

}  // namespace kl::cfn
