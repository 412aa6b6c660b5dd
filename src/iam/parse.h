#pragma once
// Policy documents into the model of policy.h.
//
// Input is either a template value (intrinsics already resolved by the loader; Unknown
// stays Unknown and marks what it touches) or JSON text (a bare policy file, or a policy
// written as a JSON string inside a template). Problems become diagnostics with the
// position of the offending element (`file:line:col: error: ...`); parsing never throws
// and keeps every statement it can read.
#include <optional>
#include <string_view>

#include "iam/policy.h"
#include "model/diagnostic.h"
#include "model/value.h"

namespace kl::iam {

/// A policy document given as a template value: a map with `Statement`, or a string that
/// holds the document as JSON (then diagnostics point at the string's location). Returns
/// nullopt when there is no document at all (not a map, unparsable JSON); the Unknown
/// document gives a Policy with one `unknown` statement.
std::optional<Policy> parse_policy(const model::Value& doc, model::Diagnostics& diags);

/// A policy document as JSON text (a bare policy file). `file` names it in diagnostics.
std::optional<Policy> parse_policy_json(std::string_view text, model::FileId file,
                                        model::Diagnostics& diags);

/// Splits a condition operator ("ForAllValues:StringNotLikeIfExists") into `c`'s op fields.
/// False (and `c` unchanged) when the operator is not one IAM knows.
bool parse_condition_operator(std::string_view op, Condition& c);

}  // namespace kl::iam
