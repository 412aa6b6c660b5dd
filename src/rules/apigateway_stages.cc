// KL-APIGW-005 ... 009: stage settings. REST stages are AWS::ApiGateway::Stage resources
// and Deployments that create a stage of their own (see rest_stages in apigateway.h); HTTP
// API stages are AWS::ApiGatewayV2::Stage resources. One finding per stage and rule.
#include <algorithm>
#include <optional>

#include "rules/apigateway.h"
#include "rules/rule.h"

namespace kl::rules::apigw {

using model::Value;

namespace {

/// Is the value set (to anything, Unknown included) on every branch?
bool set_everywhere(const std::vector<Possible>& ps) {
  for (const Possible& p : ps)
    if (!p.value || p.value->is_null()) return false;
  return true;
}

/// The first branch where a boolean setting is unset or false (Unknown and malformed
/// values are neither safe nor unsafe), or nullptr.
std::optional<Possible> not_true(const std::vector<Possible>& ps) {
  for (const Possible& p : ps) {
    Truth t = truth(p.value);
    if (t == Truth::Absent || t == Truth::False) return p;
  }
  return std::nullopt;
}

std::optional<Possible> is_true(const std::vector<Possible>& ps) {
  for (const Possible& p : ps)
    if (truth(p.value) == Truth::True) return p;
  return std::nullopt;
}

/// Every MethodSettings entry (a map) on every branch of the list and of its items.
std::vector<const Value*> method_settings(const RestStage& st) {
  std::vector<const Value*> out;
  for (const Possible& p : st.setting({"MethodSettings"})) {
    if (!p.value || !p.value->is_list()) continue;
    for (const Value& item : p.value->items())
      for (const Value* a : alternatives(&item))
        if (a && a->is_map()) out.push_back(a);
  }
  return out;
}

bool is_websocket(const model::Resource* api) {
  if (!api) return false;
  for (const Possible& p : possible_values(api->properties, {"ProtocolType"}))
    if (text_is(p.value, "WEBSOCKET")) return true;
  return false;
}

MessageArgs stage_args(const RestStage& st) {
  return {{"stage", stage_label(st)}, {"api", st.api ? api_name(*st.api) : "?"}};
}

MessageArgs http_stage_args(const model::Model& m, const model::Resource& stage) {
  std::string name = stage.id;
  for (const Value* a : alternatives(stage.prop("StageName")))
    if (auto t = text(a)) {
      name = *t;
      break;
    }
  const model::Resource* api = api_of(m, stage, "ApiId");
  return {{"stage", name}, {"api", api ? api_name(*api) : "?"}};
}

/// Is the stage named in an AWS::ApiGateway::UsagePlan's ApiStages entry that carries a
/// Throttle (its own, or the plan's)? Unresolved ApiId/Stage values count as matching.
bool usage_plan_throttles(const model::Model& m, const RestStage& st) {
  for (const model::Resource* plan : m.of_type("AWS::ApiGateway::UsagePlan")) {
    bool plan_throttle = set_everywhere(possible_values(plan->properties, {"Throttle"}));
    for (const Possible& p : possible_values(plan->properties, {"ApiStages"})) {
      if (!p.value || !p.value->is_list()) continue;
      for (const Value& item : p.value->items()) {
        for (const Value* entry : alternatives(&item)) {
          if (!entry || !entry->is_map()) continue;
          const Value* api_id = entry->get("ApiId");
          std::vector<std::string> apis = mentioned(m, api_id);
          bool api_match = apis.empty() ? !text(api_id).has_value()
                                        : st.api && std::find(apis.begin(), apis.end(), st.api->id) != apis.end();
          if (!api_match) continue;
          const Value* stage = entry->get("Stage");
          std::vector<std::string> stages = mentioned(m, stage);
          bool stage_match;
          if (!stages.empty()) stage_match = std::find(stages.begin(), stages.end(), st.res->id) != stages.end();
          else if (auto t = text(stage)) stage_match = *t == stage_label(st);
          else stage_match = stage != nullptr;  // unresolved name
          if (stage_match && (plan_throttle || entry->get("Throttle"))) return true;
        }
      }
    }
  }
  return false;
}

}  // namespace

/// KL-APIGW-005: a stage cache holding responses unencrypted at rest.
void cache_without_encryption(RuleContext& ctx) {
  for (const RestStage& st : rest_stages(ctx.model())) {
    bool reported = false, encrypted_somewhere = false;
    auto check = [&](const Value& where, const std::string& path) {
      std::optional<Possible> on = is_true(possible_values(where, {"CachingEnabled"}));
      std::vector<Possible> enc = possible_values(where, {"CacheDataEncrypted"});
      if (is_true(enc)) encrypted_somewhere = true;
      if (!on || reported || !not_true(enc)) return;
      ctx.report("KL-APIGW-005", *st.res, on->loc, path + ".CachingEnabled", stage_args(st),
                 {.evidence = "CachingEnabled: true, CacheDataEncrypted not true"});
      reported = true;
    };
    for (const Value* ms : method_settings(st)) check(*ms, st.settings_path + ".MethodSettings");
    // A Deployment's StageDescription sets caching for every method of its stage.
    if (st.from_deployment && st.settings) check(*st.settings, st.settings_path);
    if (reported || encrypted_somewhere) continue;
    if (std::optional<Possible> cluster = is_true(st.setting({"CacheClusterEnabled"})))
      ctx.report("KL-APIGW-005", *st.res, cluster->loc, st.settings_path + ".CacheClusterEnabled",
                 stage_args(st),
                 {.variant = "cluster", .evidence = "CacheClusterEnabled: true, CacheDataEncrypted not set"});
  }
}

/// KL-APIGW-006: no stage-level throttling. REST: a MethodSettings entry (or a Deployment's
/// StageDescription) with ThrottlingRateLimit/BurstLimit, or a usage plan throttle, on every
/// branch. HTTP APIs: DefaultRouteSettings throttling.
void stage_without_throttling(RuleContext& ctx) {
  const model::Model& m = ctx.model();
  for (const RestStage& st : rest_stages(m)) {
    bool throttled = true;
    for (const Possible& p : st.setting({"MethodSettings"})) {
      bool here = p.value && p.value->is_unknown();
      if (p.value && p.value->is_list())
        for (const Value& item : p.value->items())
          for (const Value* a : alternatives(&item))
            if (a && a->is_map() && (a->get("ThrottlingRateLimit") || a->get("ThrottlingBurstLimit")))
              here = true;
      if (!here) throttled = false;
    }
    if (!throttled && st.from_deployment)
      throttled = set_everywhere(st.setting({"ThrottlingRateLimit"})) ||
                  set_everywhere(st.setting({"ThrottlingBurstLimit"}));
    if (throttled || usage_plan_throttles(m, st)) continue;
    ctx.report("KL-APIGW-006", *st.res, st.anchor(), st.settings_path + ".MethodSettings", stage_args(st));
  }
  for (const model::Resource* stage : m.of_type("AWS::ApiGatewayV2::Stage")) {
    if (is_websocket(api_of(m, *stage, "ApiId"))) continue;
    if (set_everywhere(possible_values(stage->properties, {"DefaultRouteSettings", "ThrottlingRateLimit"})) ||
        set_everywhere(possible_values(stage->properties, {"DefaultRouteSettings", "ThrottlingBurstLimit"})))
      continue;
    ctx.report("KL-APIGW-006", *stage, stage->loc, "Properties.DefaultRouteSettings",
               http_stage_args(m, *stage), {.variant = "http"});
  }
}

/// KL-APIGW-007: a REST stage no WAF web ACL is associated with.
void stage_without_waf(RuleContext& ctx) {
  const model::Model& m = ctx.model();
  for (const RestStage& st : rest_stages(m)) {
    if (waf_covers(m, st.api, &st)) continue;
    // Live stages report the associated ACL as WebAclArn.
    if (set_everywhere(st.setting({"WebAclArn"}))) continue;
    ctx.report("KL-APIGW-007", *st.res, st.anchor(), "WebACLAssociation", stage_args(st));
  }
}

/// KL-APIGW-008: a stage without access logs.
void stage_without_access_log(RuleContext& ctx) {
  const model::Model& m = ctx.model();
  for (const RestStage& st : rest_stages(m)) {
    if (set_everywhere(st.setting({"AccessLogSetting", "DestinationArn"}))) continue;
    ctx.report("KL-APIGW-008", *st.res, st.anchor(), st.settings_path + ".AccessLogSetting", stage_args(st));
  }
  for (const model::Resource* stage : m.of_type("AWS::ApiGatewayV2::Stage")) {
    if (set_everywhere(possible_values(stage->properties, {"AccessLogSettings", "DestinationArn"}))) continue;
    ctx.report("KL-APIGW-008", *stage, stage->loc, "Properties.AccessLogSettings",
               http_stage_args(m, *stage), {.variant = "http"});
  }
}

/// KL-APIGW-009: X-Ray tracing off on a REST stage (HTTP APIs do not support X-Ray).
void stage_without_tracing(RuleContext& ctx) {
  for (const RestStage& st : rest_stages(ctx.model())) {
    if (std::optional<Possible> off = not_true(st.setting({"TracingEnabled"})))
      ctx.report("KL-APIGW-009", *st.res, off->loc, st.settings_path + ".TracingEnabled", stage_args(st),
                 {.evidence = off->value ? "TracingEnabled: false" : "TracingEnabled not set"});
  }
}

}  // namespace kl::rules::apigw
