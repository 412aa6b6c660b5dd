// DynamoDB rules: KL-DDB-001 (point-in-time recovery), KL-DDB-002 (customer-managed key).
// SAM's AWS::Serverless::SimpleTable is expanded into AWS::DynamoDB::Table before rules run.
#include <string>
#include <utility>

#include "rules/access.h"
#include "rules/services.h"

namespace kl::rules {
namespace {

std::string user_id(const model::Resource& r) {
  return r.generated_from.empty() ? r.id : r.generated_from;
}

/// Reports KL-DDB-001 for every branch where `pitr` (a PointInTimeRecoverySpecification
/// holder) leaves PointInTimeRecoveryEnabled absent or false. Unknown is not reported.
void check_pitr(RuleContext& ctx, const model::Resource& table, const model::Value& holder,
                model::Location absent_loc, const std::string& path, const std::string& where) {
  bool absent_reported = false;
  for (const Possible& p :
       possible_values(holder, {"PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"})) {
    Truth t = truth(p.value);
    if (t != Truth::Absent && t != Truth::False) continue;
    if (t == Truth::Absent && std::exchange(absent_reported, true)) continue;
    MessageArgs args = {{"table", user_id(table)}};
    if (!where.empty()) args.push_back({"replica", where});
    ctx.report("KL-DDB-001", table, t == Truth::Absent ? absent_loc : p.loc, path, std::move(args),
               {.severity = {}, .variant = where.empty() ? "" : "replica",
                .evidence = t == Truth::Absent ? "PointInTimeRecoveryEnabled not set"
                                               : "PointInTimeRecoveryEnabled: false"});
  }
}

/// KL-DDB-001: a table, or a global table replica, without point-in-time recovery.
void pitr_off(RuleContext& ctx) {
  for (const model::Resource* t : ctx.model().of_type("AWS::DynamoDB::Table"))
    check_pitr(ctx, *t, t->properties, t->loc,
               "Properties.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled", "");
  for (const model::Resource* t : ctx.model().of_type("AWS::DynamoDB::GlobalTable")) {
    for (const Possible& replicas : possible_values(t->properties, {"Replicas"})) {
      if (!replicas.value || !replicas.value->is_list()) continue;
      size_t i = 0;
      for (const model::Value& item : replicas.value->items()) {
        for (const model::Value* replica : alternatives(&item)) {
          if (!replica || !replica->is_map()) continue;
          std::string region = text(replica->get("Region")).value_or("#" + std::to_string(i + 1));
          model::Location loc = replica->loc().known() ? replica->loc() : t->loc;
          check_pitr(ctx, *t, *replica, loc,
                     "Properties.Replicas[" + std::to_string(i) + "].PointInTimeRecoverySpecification",
                     region);
        }
        ++i;
      }
    }
  }
}

/// KL-DDB-002: encryption at rest not with a customer-managed key. SSESpecification absent or
/// SSEEnabled not true = AWS owned key; SSEEnabled true without KMSMasterKeyId (or with
/// alias/aws/dynamodb) = AWS managed key. SSEType may be omitted: KMS is the only type and
/// the default when SSEEnabled is true. Unknown values are not reported.
void no_customer_managed_key(RuleContext& ctx) {
  for (const model::Resource* t : ctx.model().of_type("AWS::DynamoDB::Table")) {
    bool absent_reported = false;
    for (const Possible& sse : possible_values(t->properties, {"SSESpecification"})) {
      auto report = [&](model::Location loc, const char* variant, std::string evidence) {
        ctx.report("KL-DDB-002", *t, loc, "Properties.SSESpecification", {{"table", user_id(*t)}},
                   {.severity = {}, .variant = variant, .evidence = std::move(evidence)});
      };
      if (!sse.value) {
        if (!std::exchange(absent_reported, true))
          report(t->loc, "aws-owned", "SSESpecification not set");
        continue;
      }
      if (!sse.value->is_map()) continue;  // Unknown or wrong type
      for (const Possible& enabled : possible_values(*sse.value, {"SSEEnabled"})) {
        Truth on = truth(enabled.value);
        if (on == Truth::Absent || on == Truth::False) {
          report(enabled.value ? enabled.loc : sse.loc, "aws-owned", "SSEEnabled not true");
          continue;
        }
        if (on != Truth::True) continue;
        for (const Possible& type : possible_values(*sse.value, {"SSEType"})) {
          if (type.value && !text_is(type.value, "KMS")) {
            if (auto tt = text(type.value)) report(type.loc, "aws-owned", "SSEType: " + *tt);
            continue;  // another type reported above; Unknown not reported
          }
          for (const Possible& key : possible_values(*sse.value, {"KMSMasterKeyId"})) {
            if (!key.value) report(enabled.loc, "aws-managed", "KMSMasterKeyId not set");
            else if (text_is(key.value, "alias/aws/dynamodb"))
              report(key.loc, "aws-managed", "KMSMasterKeyId: alias/aws/dynamodb");
          }
        }
      }
    }
  }
}

}  // namespace

void add_dynamodb_rules(std::vector<RuleImpl>& out) {
  out.push_back({"KL-DDB-001", pitr_off});
  out.push_back({"KL-DDB-002", no_customer_managed_key});
}

}  // namespace kl::rules
