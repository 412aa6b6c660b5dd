#pragma once
// Serverless Framework (serverless.yml v3/v4) -> Model in CloudFormation vocabulary: the
// resources the framework deploys, with the logical ids it gives them, the user's lines
// as locations and `generated_from` naming what the user wrote. See docs/serverless.md.
#include <map>
#include <string>

#include "load/parse_limits.h"
#include "model/diagnostic.h"
#include "model/model.h"
#include "serverless/variables.h"

namespace kl::serverless {

/// Is this a Serverless Framework file? (serverless.yml/.yaml/.json with `service` and
/// `provider`.)
bool looks_like_serverless(const std::string& path, const model::Value& doc);

struct LoadOptions {
  std::map<std::string, std::string> options;  ///< ${opt:...} values (stage, region)
  IncludeReader reader;  ///< reads ${file(...)} includes; empty = the disk, 1 MiB per file
  load::ParseLimits parse;
};

/// Builds the model of the resources this configuration deploys. Variables are resolved
/// first (see variables.h); `resources` is loaded as CloudFormation over the generated
/// resources. Problems become diagnostics; nothing throws on bad input.
model::Model load(model::Value doc, const std::string& path, const LoadOptions& opts,
                  model::Diagnostics& diags);

}  // namespace kl::serverless
