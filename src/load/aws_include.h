#pragma once
// CloudFormation's AWS::Include transform with a local file: what `sam package` and
// `aws cloudformation package` upload and CloudFormation splices in at deploy time.
//   DefinitionBody:
//     Fn::Transform: {Name: AWS::Include, Parameters: {Location: api.yaml}}
// is replaced by the file's document, so an API's routes and their security (usually in
// that OpenAPI file) are read instead of staying Unknown. Findings point into the file.
#include <string>

#include "load/parse_limits.h"
#include "load/source_file.h"
#include "model/value.h"

namespace kl::load {

struct IncludeLimits {
  unsigned max_depth = 4;   ///< an included file including another, ...
  unsigned max_files = 64;  ///< per template
};

/// Replaces every `{"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location":
/// PATH}}}` in `doc` whose PATH is a plain relative or absolute file path (not s3://, not
/// an intrinsic) by that file's parsed document, relative to `base_dir`. A file that
/// cannot be read or parsed gets a diagnostic and leaves the transform in place (the
/// resolver then reads it as Unknown).
void inline_local_includes(model::Value& doc, const std::string& base_dir, const ReadLimits& read,
                           const ParseLimits& parse, model::Diagnostics& diags,
                           const IncludeLimits& limits = {});

}  // namespace kl::load
