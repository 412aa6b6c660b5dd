#pragma once
// The resource-policy rules decide with the solver-free check (iam/resource_access.h). Where
// it cannot decide a fully known policy (a Deny with NotPrincipal, a set qualifier on a
// confining key: OpenAnswer::why_unknown starts with iam::kUndecided) or where the only
// unknown parts are Resource elements built from the policy's own resource
// ("${Bucket.Arn}/*"), the engine's exact question (iam::is_public, Z3) decides, on the
// document with those elements read as the resource's own ARN.
//
// Cost: answers are cached per (document, question) in the model's shared cache and, bounded,
// for the process (an answer depends on the document only); policies
// with Unknown principals, actions or conditions never reach the solver; and each template
// gets at most kMaxSolverQuestions solver questions (past that: Unknown, not reported).
#include <string>
#include <vector>

#include "iam/resource_access.h"
#include "model/value.h"
#include "rules/rule.h"

namespace kl::rules {

inline constexpr unsigned kMaxSolverQuestions = 24;

/// The resource a policy is on, as its ARNs name it.
struct SelfResource {
  std::string id;    ///< logical id ("Site"); "" = none
  std::string arn;   ///< its ARN, or a symbolic one ("arn:aws:s3:::site")
  std::string name;  ///< the name ARNs embed ("site")
};

/// `doc` with each Resource/NotResource item that is Unknown only because it names `self`
/// (Ref, Fn::GetAtt .Arn, or Fn::Sub of them with literal text around) read as self's
/// ARN or name. Other Unknown items stay Unknown.
model::Value with_self_resource(const model::Value& doc, const SelfResource& self);

/// open_access(policy, actions, extra), then, when it is undecided, the engine's exact
/// public question on `doc` read with `self`.
iam::OpenAnswer open_access_exact(RuleContext& ctx, const model::Value& doc, const iam::Policy& policy,
                                  const std::vector<std::string>& actions, const SelfResource& self,
                                  const std::vector<std::string>& extra_confining = {});

}  // namespace kl::rules
