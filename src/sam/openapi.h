#pragma once
// The pieces the OpenAPI builders share (kl::sam::detail, private to src/sam/): security
// requirements, the operations of routes, and the security schemes of authorizers.
#include <optional>
#include <string>
#include <vector>

#include "sam/detail.h"

namespace kl::sam::detail {

/// What the operations of a body use, so the matching schemes are defined.
struct Usage {
  bool iam = false;
  bool api_key = false;
};

/// `{name: [scopes]}`, every node at `loc`.
Value requirement(const std::string& name, const Value* scopes, Location loc);
/// The `paths` of `routes`, with security as SAM computes it.
Value paths(const std::vector<Route>& routes, const Value& auth, bool http, Usage& used, Location loc);
/// A securityDefinitions (REST) / securitySchemes (HTTP) entry for an authorizer of
/// Auth.Authorizers, or nullopt when it is neither a Lambda nor a Cognito / JWT one.
std::optional<Value> rest_authorizer(const Value& a, Location loc);
std::optional<Value> http_authorizer(const Value& a, Location loc);
/// The authorizers of `auth`, AWS_IAM and api_key (when used) added to `defs`; entries
/// already there (the user's own) win.
void add_definitions(Value& defs, const Value& auth, const Usage& used, bool http, Location loc);

}  // namespace kl::sam::detail
