// KMS rules that need no policy reasoning: KL-KMS-002 (rotation). The key policy rule
// (KL-KMS-001) comes with the IAM engine.
#include <string>
#include <utility>

#include "rules/access.h"
#include "rules/services.h"

namespace kl::rules {
namespace {

std::string user_id(const model::Resource& r) {
  return r.generated_from.empty() ? r.id : r.generated_from;
}

/// Can the key rotate automatically on some branch? Symmetric encryption keys only
/// (KeySpec absent or SYMMETRIC_DEFAULT) whose material AWS KMS generated (Origin absent or
/// AWS_KMS): imported material (EXTERNAL) and custom key stores cannot rotate automatically,
/// so asking for it would be a false alarm. Unknown KeySpec or Origin: not judged.
bool rotatable(const model::Value& props) {
  bool symmetric = false;
  for (const Possible& spec : possible_values(props, {"KeySpec"}))
    if (!spec.value || text_is(spec.value, "SYMMETRIC_DEFAULT")) symmetric = true;
  if (!symmetric) return false;
  for (const Possible& origin : possible_values(props, {"Origin"}))
    if (!origin.value || text_is(origin.value, "AWS_KMS")) return true;
  return false;
}

/// KL-KMS-002: a symmetric key with EnableKeyRotation absent (off by default) or false.
/// Unknown is not reported.
void key_rotation_off(RuleContext& ctx) {
  for (const model::Resource* key : ctx.model().of_type("AWS::KMS::Key")) {
    if (!rotatable(key->properties)) continue;
    bool absent_reported = false;
    for (const Possible& p : possible_values(key->properties, {"EnableKeyRotation"})) {
      Truth t = truth(p.value);
      if (t != Truth::Absent && t != Truth::False) continue;
      if (t == Truth::Absent && std::exchange(absent_reported, true)) continue;
      ctx.report("KL-KMS-002", *key, t == Truth::Absent ? key->loc : p.loc,
                 "Properties.EnableKeyRotation", {{"key", user_id(*key)}},
                 {.severity = {}, .variant = {},
                  .evidence = t == Truth::Absent ? "EnableKeyRotation not set"
                                                 : "EnableKeyRotation: false"});
    }
  }
}

}  // namespace

void add_kms_rules(std::vector<RuleImpl>& out) { out.push_back({"KL-KMS-002", key_rotation_off}); }

}  // namespace kl::rules
