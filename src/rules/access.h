#pragma once
// Typed access to resource properties for rules. Every helper handles, once, the cases
// rules must never get wrong: the property is absent, has the wrong type, is Unknown, or
// is an Either (an Fn::If on an unknown condition: each branch is a possible deployment).
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace kl::rules {

/// One possible value of a property. `value` is nullptr when, on that branch, the property
/// is not set. `loc` is where to report (the value, or the closest present ancestor).
struct Possible {
  const model::Value* value;
  model::Location loc;
};

/// Every value `path` may take under `root`, following both branches of Either nodes.
/// Never empty: an absent property yields one Possible with value == nullptr. When the path
/// runs into an Unknown value, that Unknown is the result (what lies below it is unknown,
/// not absent).
std::vector<Possible> possible_values(const model::Value& root,
                                      std::initializer_list<std::string_view> path);
/// The concrete alternatives of one value (itself unless it is an Either).
std::vector<const model::Value*> alternatives(const model::Value* v);

enum class Truth { Absent, True, False, Unknown, Invalid };
/// Booleans as CloudFormation accepts them: true/false and the strings "true"/"false".
Truth truth(const model::Value* v);

/// A string or number's text; nullopt for anything else (absent, Unknown, containers).
std::optional<std::string> text(const model::Value* v);
/// A number, or a string holding one.
std::optional<double> number(const model::Value* v);
/// Case-insensitive equality with a known string.
bool text_is(const model::Value* v, std::string_view expected);

bool iequals(std::string_view a, std::string_view b);
bool icontains(std::string_view haystack, std::string_view needle);

/// "Admin-like": a logical id, name or path with admin, internal, staff, backoffice, ops,
/// manage (any case) or 管理 — RULES.md's definition.
bool admin_like(std::string_view s);

/// The resource `v` refers to in `model` (Ref/GetAtt), or nullptr.
const model::Resource* referenced(const model::Model& model, const model::Value* v);

}  // namespace kl::rules
