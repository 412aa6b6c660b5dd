// S3 rules that need no policy reasoning: KL-S3-003 (public ACL), KL-S3-004 (Block Public
// Access turned off). The policy rules (KL-S3-001/002/005/006) come with the IAM engine.
#include <string>

#include "rules/access.h"
#include "rules/services.h"

namespace kl::rules {
namespace {

std::string user_id(const model::Resource& r) {
  return r.generated_from.empty() ? r.id : r.generated_from;
}

/// Every branch says true: a mitigation counts only when it is certain. Unknown or absent on
/// any branch means it may not be there when the bucket is deployed.
bool certainly_true(const model::Value& root, std::initializer_list<std::string_view> path) {
  for (const Possible& p : possible_values(root, path))
    if (truth(p.value) != Truth::True) return false;
  return true;
}

/// OwnershipControls.Rules[].ObjectOwnership is BucketOwnerEnforced on every branch: ACLs
/// are disabled and have no effect.
bool acls_disabled(const model::Value& props) {
  bool any_branch = false;
  for (const Possible& rules : possible_values(props, {"OwnershipControls", "Rules"})) {
    any_branch = true;
    bool enforced = false;
    if (rules.value && rules.value->is_list()) {
      for (const model::Value& rule : rules.value->items()) {
        bool all = true;
        for (const Possible& o : possible_values(rule, {"ObjectOwnership"}))
          if (!text_is(o.value, "BucketOwnerEnforced")) all = false;
        if (all) enforced = true;
      }
    }
    if (!enforced) return false;
  }
  return any_branch;
}

/// KL-S3-003: AccessControl grants everyone (PublicRead, PublicReadWrite) or every AWS
/// account (AuthenticatedRead). An Unknown AccessControl is not reported.
void public_acl(RuleContext& ctx) {
  for (const model::Resource* b : ctx.model().of_type("AWS::S3::Bucket")) {
    const model::Value& props = b->properties;
    if (certainly_true(props, {"PublicAccessBlockConfiguration", "IgnorePublicAcls"})) continue;
    if (acls_disabled(props)) continue;
    for (const Possible& p : possible_values(props, {"AccessControl"})) {
      auto acl = text(p.value);
      if (!acl) continue;
      std::string variant;
      if (iequals(*acl, "AuthenticatedRead")) variant = "authenticated";
      else if (!iequals(*acl, "PublicRead") && !iequals(*acl, "PublicReadWrite")) continue;
      ctx.report("KL-S3-003", *b, p.loc, "Properties.AccessControl",
                 {{"bucket", user_id(*b)}, {"acl", *acl}},
                 {.severity = {}, .variant = variant, .evidence = "AccessControl: " + *acl});
    }
  }
}

/// KL-S3-004: any of the four Block Public Access settings written as false. Absent settings
/// are on by default for new buckets (April 2023), so only an explicit false is reported;
/// one finding per bucket names every setting turned off, at the first one.
void block_public_access_off(RuleContext& ctx) {
  static const char* const kSettings[] = {"BlockPublicAcls", "BlockPublicPolicy",
                                          "IgnorePublicAcls", "RestrictPublicBuckets"};
  for (const model::Resource* b : ctx.model().of_type("AWS::S3::Bucket")) {
    std::string names;
    model::Location first;
    for (const char* setting : kSettings) {
      for (const Possible& p :
           possible_values(b->properties, {"PublicAccessBlockConfiguration", setting})) {
        if (truth(p.value) != Truth::False) continue;
        if (!first.known()) first = p.loc;
        if (!names.empty()) names += ", ";
        names += setting;
        break;  // name each setting once even when several branches turn it off
      }
    }
    if (names.empty()) continue;
    ctx.report("KL-S3-004", *b, first, "Properties.PublicAccessBlockConfiguration",
               {{"bucket", user_id(*b)}, {"settings", names}},
               {.severity = {}, .variant = {}, .evidence = names + ": false"});
  }
}

}  // namespace

void add_s3_rules(std::vector<RuleImpl>& out) {
  out.push_back({"KL-S3-003", public_acl});
  out.push_back({"KL-S3-004", block_public_access_off});
}

}  // namespace kl::rules
