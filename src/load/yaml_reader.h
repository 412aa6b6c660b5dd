#pragma once
// YAML into a Value tree with positions, via libyaml's event API.
// CloudFormation short-form tags become their long form: `!Ref X` -> {Ref: X},
// `!Sub s` -> {"Fn::Sub": s}, `!Condition C` -> {Condition: C}, `!GetAtt a.b` -> {"Fn::GetAtt": "a.b"}.
#include <optional>
#include <string_view>

#include "load/parse_limits.h"
#include "model/diagnostic.h"
#include "model/value.h"

namespace kl::load {

/// Parses the first document of `text`. On a syntax error, a limit, or an alias bomb it
/// appends an error with the position and returns nullopt.
std::optional<model::Value> parse_yaml(std::string_view text, model::FileId file,
                                       model::Diagnostics& diags,
                                       const ParseLimits& limits = {});

}  // namespace kl::load
