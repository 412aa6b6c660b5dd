#pragma once
// Serverless Framework (serverless.yml v3/v4) -> Model in CloudFormation vocabulary.
#include <map>
#include <string>

#include "model/diagnostic.h"
#include "model/model.h"

namespace kl::serverless {

/// Is this a Serverless Framework file? (serverless.yml/.yaml/.json with `service` and
/// `provider`.)
bool looks_like_serverless(const std::string& path, const model::Value& doc);

struct LoadOptions {
  std::map<std::string, std::string> options;  ///< ${opt:...} values (stage, region)
};

/// Builds the model of the resources this configuration deploys.
model::Model load(model::Value doc, const std::string& path, const LoadOptions& opts,
                  model::Diagnostics& diags);

}  // namespace kl::serverless
