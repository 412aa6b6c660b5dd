// Bucket policy rules, decided by the IAM engine's fast path (iam/resource_access.h):
// KL-S3-001 public read, KL-S3-002 public write or delete, KL-S3-005 requests without TLS
// allowed, KL-S3-006 another AWS account granted.
#include <cctype>
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

const std::vector<std::string> kReadActions = {"s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket",
                                               "s3:ListBucketVersions"};
const std::vector<std::string> kWriteActions = {
    "s3:PutObject",       "s3:DeleteObject",       "s3:DeleteObjectVersion", "s3:PutObjectAcl",
    "s3:PutObjectVersionAcl", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy",  "s3:PutBucketAcl",
    "s3:DeleteBucket"};


/// The bucket a policy is on: the resource it refers to, or the literal name.
std::string bucket_name(const model::Resource& policy) {
  const model::Value* b = policy.prop("Bucket");
  if (!b) return "?";
  std::string ref = model::resource_ref(*b);
  if (!ref.empty()) return ref;
  if (b->is_string()) return b->str();
  return "?";
}

/// The bucket a policy is on, for reading "${Bucket.Arn}/*": its BucketName when the
/// template writes one, else its logical id lower-cased (a symbolic name).
SelfResource bucket_self(const model::Model& m, const model::Resource& policy) {
  SelfResource self;
  const model::Value* b = policy.prop("Bucket");
  if (!b) return self;
  self.id = model::resource_ref(*b);
  if (self.id.empty()) return self;
  self.name = self.id;
  for (char& c : self.name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& r : m.resources)
    if (r->id == self.id)
      if (const model::Value* n = r->prop("BucketName"); n && n->is_string()) self.name = n->str();
  self.arn = "arn:aws:s3:::" + self.name;
  return self;
}

struct BucketPolicy {
  const model::Resource* resource;
  model::Value doc;  // one possible PolicyDocument (each Fn::If branch separately)
  iam::Policy policy;
};

std::vector<BucketPolicy> bucket_policies(const model::Model& m) {
  std::vector<BucketPolicy> out;
  for (const model::Resource* r : m.of_type("AWS::S3::BucketPolicy"))
    for (PolicyDocument& d : policy_documents(*r, "PolicyDocument"))
      out.push_back({r, std::move(d.doc), std::move(d.policy)});
  return out;
}

void report_open(RuleContext& ctx, const char* rule, const std::vector<std::string>& actions) {
  for (const BucketPolicy& bp : bucket_policies(ctx.model())) {
    iam::OpenAnswer a = open_access_exact(ctx, bp.doc, bp.policy, actions, bucket_self(ctx.model(), *bp.resource));
    if (a.answer != iam::Answer::Yes) continue;  // Unknown is not reported as either
    const iam::OpenGrant& g = *a.grant;
    std::string bucket = bucket_name(*bp.resource);
    std::string res = resource_text(statement_value(bp.doc, g.statement), "bucket " + bucket);
    // "${Site.Arn}/*" reads back as "${Site}/*" (the loader names the resource): show it as
    // the bucket's ARN shape.
    if (res.rfind("${", 0) == 0) res = "arn:aws:s3:::" + res;
    std::string witness = open_witness(g, res);
    ReportOptions opts;
    opts.evidence = witness;
    ctx.report(rule, *bp.resource, statement_loc(bp.doc, g.statement, bp.resource->loc),
               "Properties.PolicyDocument.Statement[" + std::to_string(g.statement) + "]",
               {{"bucket", bucket}, {"witness", witness}}, std::move(opts));
  }
}

void public_read(RuleContext& ctx) { report_open(ctx, "KL-S3-001", kReadActions); }
void public_write(RuleContext& ctx) { report_open(ctx, "KL-S3-002", kWriteActions); }

/// A Deny for everyone on the bucket's object actions when aws:SecureTransport is false.
bool denies_plain_http(const iam::Policy& p) {
  for (const iam::Statement& s : p.statements) {
    if (s.effect != iam::Effect::Deny || s.unknown || s.not_principal.has) continue;
    bool everyone = !s.principal.has;
    for (const iam::PrincipalEntry& e : s.principal.entries)
      if (e.is_wildcard()) everyone = true;
    if (!everyone || !iam::statement_covers_action(s, "s3:GetObject") ||
        !iam::statement_covers_action(s, "s3:PutObject"))
      continue;
    for (const iam::Condition& c : s.conditions) {
      if (c.key_lower != "aws:securetransport" || c.family != iam::CondFamily::Bool || c.negated) continue;
      for (const std::string& v : c.values)
        if (iequals(v, "false")) return true;
    }
  }
  return false;
}

/// A Deny statement the template does not fully say (it could be the TLS Deny).
bool deny_unknown(const iam::Policy& p) {
  for (const iam::Statement& s : p.statements) {
    if (s.unknown) return true;
    if (s.effect != iam::Effect::Deny) continue;
    if (s.action.unknown || s.not_action.unknown || s.principal.unknown) return true;
    for (const iam::Condition& c : s.conditions)
      if (c.unknown) return true;
  }
  return false;
}

/// KL-S3-005: a bucket policy without the TLS-only Deny. Buckets without a policy in the
/// template are not reported (the policy may live elsewhere), nor are policies with a Deny
/// the template does not fully say.
void no_tls_deny(RuleContext& ctx) {
  for (const BucketPolicy& bp : bucket_policies(ctx.model())) {
    if (deny_unknown(bp.policy) || denies_plain_http(bp.policy)) continue;
    const model::Member* m = bp.resource->properties.member("PolicyDocument");
    ctx.report("KL-S3-005", *bp.resource, m ? m->key_loc : bp.resource->loc, "Properties.PolicyDocument",
               {{"bucket", bucket_name(*bp.resource)}});
  }
}

/// KL-S3-006: Allow statements naming another account (a literal 12-digit id or ARN).
void other_account(RuleContext& ctx) {
  for (const BucketPolicy& bp : bucket_policies(ctx.model())) {
    for (const iam::AccountGrant& g : iam::accounts_granted(bp.policy, iam::kOwnAccountStandIn)) {
      ReportOptions opts;
      opts.evidence = g.principal;
      ctx.report("KL-S3-006", *bp.resource, g.loc,
                 "Properties.PolicyDocument.Statement[" + std::to_string(g.statement) + "]",
                 {{"bucket", bucket_name(*bp.resource)}, {"account", g.account}}, std::move(opts));
    }
  }
}

}  // namespace

void add_s3_policy_rules(std::vector<RuleImpl>& out) {
  out.push_back({"KL-S3-001", public_read});
  out.push_back({"KL-S3-002", public_write});
  out.push_back({"KL-S3-005", no_tls_deny});
  out.push_back({"KL-S3-006", other_account});
}

}  // namespace kl::rules
