#pragma once
// JSON into a Value tree with positions, via simdjson's On-Demand API. Lines come from token
// offsets (a newline index built once per file).
#include <optional>
#include <string_view>

#include "load/parse_limits.h"
#include "model/diagnostic.h"
#include "model/value.h"

namespace kl::load {

/// Parses `text` as one JSON document. On a syntax error or a limit it appends an error
/// with the position and returns nullopt.
std::optional<model::Value> parse_json(std::string_view text, model::FileId file,
                                       model::Diagnostics& diags,
                                       const ParseLimits& limits = {});

}  // namespace kl::load
