#pragma once
// The JSON files of src/iam/data/, embedded at build time (cmake/embed_files.cmake) and
// parsed once into Value trees. Used by managed_policies.cc and sam_policy_templates.cc.
#include <string_view>

#include "model/value.h"

namespace kl::iam::detail {

/// The parsed contents of the embedded data file `file_name` (e.g. "managed_policies.json").
/// The files are part of the build, so a missing or malformed one is a build defect: the
/// process stops with a message (the unit tests parse every file).
const model::Value& embedded_json(std::string_view file_name);

}  // namespace kl::iam::detail
