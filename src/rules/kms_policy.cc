// KL-KMS-001: a key policy that lets any principal use or manage the key without a
// condition confining callers (kms:CallerAccount, aws:PrincipalOrgID, aws:SourceVpce, ...).
#include <string>
#include <vector>

#include "iam/pseudo_parameters.h"
#include "iam/resource_access.h"
#include "rules/access.h"
#include "rules/exact_open.h"
#include "rules/iam_support.h"
#include "rules/services.h"

namespace kl::rules {
namespace {

std::string user_id(const model::Resource& r) { return r.generated_from.empty() ? r.id : r.generated_from; }

const std::vector<std::string> kKeyActions = {"kms:Decrypt",     "kms:Encrypt",         "kms:GenerateDataKey",
                                              "kms:ReEncryptFrom", "kms:CreateGrant",   "kms:PutKeyPolicy",
                                              "kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DescribeKey"};

void open_key(RuleContext& ctx) {
  for (const auto& r : ctx.model().resources) {
    if (r->type != "AWS::KMS::Key" && r->type != "AWS::KMS::ReplicaKey") continue;
    for (const PolicyDocument& d : policy_documents(*r, "KeyPolicy")) {
      // A key policy's Resource is "*" (this key); a symbolic ARN stands for the key.
      SelfResource self{r->id, "arn:aws:kms:us-east-1:" + std::string(iam::kOwnAccountStandIn) + ":key/" + r->id, ""};
      iam::OpenAnswer a = open_access_exact(ctx, d.doc, d.policy, kKeyActions, self);
      if (a.answer != iam::Answer::Yes) continue;
      std::string witness = open_witness(*a.grant, "key " + user_id(*r));
      ReportOptions opts;
      opts.evidence = witness;
      ctx.report("KL-KMS-001", *r, statement_loc(d.doc, a.grant->statement, d.loc), "Properties.KeyPolicy",
                 {{"key", user_id(*r)}, {"witness", witness}}, std::move(opts));
    }
  }
}

}  // namespace

void add_kms_policy_rules(std::vector<RuleImpl>& out) { out.push_back({"KL-KMS-001", open_key}); }

}  // namespace kl::rules
