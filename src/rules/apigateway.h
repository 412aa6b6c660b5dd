#pragma once
// Facts the API Gateway rules (KL-APIGW-*) share: which resources a value mentions, what
// counts as a REST stage, which WAF associations and custom domains point at an API.
// Private to src/rules/apigateway*.cc.
#include <optional>
#include <string>
#include <vector>

#include "model/model.h"
#include "rules/access.h"

namespace kl::rules::apigw {

inline constexpr std::string_view kRestApi = "AWS::ApiGateway::RestApi";
inline constexpr std::string_view kHttpApi = "AWS::ApiGatewayV2::Api";

/// Logical ids of model resources `v` mentions on any Fn::If branch: its Ref/GetAtt target,
/// and every `${Name}` placeholder an unresolved Fn::Sub / Fn::Join keeps in its reason
/// text (so "${Api}.execute-api.${AWS::Region}.amazonaws.com" names Api).
std::vector<std::string> mentioned(const model::Model& m, const model::Value* v);

/// True when `v`, on some branch, is a literal string (not Unknown) that contains `needle`.
bool literal_contains(const model::Value* v, std::string_view needle);

/// The API a resource property (RestApiId, ApiId, ...) points at, or nullptr.
const model::Resource* api_of(const model::Model& m, const model::Resource& r,
                              std::string_view property);

/// The id shown to users for an API: the logical id (SAM's ServerlessRestApi included).
inline const std::string& api_name(const model::Resource& api) { return api.id; }

/// A REST API stage as deployed: an AWS::ApiGateway::Stage, or an AWS::ApiGateway::Deployment
/// with a StageName that no explicit Stage of the same API takes over (see rest_stages).
struct RestStage {
  const model::Resource* res = nullptr;  ///< the Stage or the Deployment
  /// Where the stage settings live: the Stage's properties, or the Deployment's
  /// StageDescription (nullptr when the Deployment has none: every setting is absent).
  const model::Value* settings = nullptr;
  std::string settings_path;  ///< "Properties" or "Properties.StageDescription"
  const model::Value* name = nullptr;  ///< StageName (nullptr when absent)
  const model::Resource* api = nullptr;  ///< the RestApi when it is in the model
  bool from_deployment = false;

  /// A setting under `settings` on every Fn::If branch (see possible_values).
  std::vector<Possible> setting(std::initializer_list<std::string_view> path) const;
  /// Where to report an absent setting.
  model::Location anchor() const { return res->loc; }
};

/// Every REST stage of the model, once. A Deployment with a StageName creates a stage of
/// its own, configured by its StageDescription; it is skipped when an explicit
/// AWS::ApiGateway::Stage of the same API has the same StageName or uses this Deployment
/// (DeploymentId) — the explicit Stage is the one users configure, and reporting both
/// would say the same thing twice.
std::vector<RestStage> rest_stages(const model::Model& m);

/// Is there an AWS::WAFv2::WebACLAssociation (or a legacy AWS::WAFRegional one) whose
/// ResourceArn points at this stage? With `stage == nullptr`: at any stage of `api`.
/// `api` may be nullptr (the stage's API is outside the model).
/// An association whose ARN cannot be resolved and names no resource counts as covering
/// (Unknown is never silently unsafe).
bool waf_covers(const model::Model& m, const model::Resource* api, const RestStage* stage);

/// Custom domains (AWS::ApiGateway::DomainName / AWS::ApiGatewayV2::DomainName) mapped to
/// `api` by an AWS::ApiGateway::BasePathMapping or AWS::ApiGatewayV2::ApiMapping.
struct DomainUse {
  const model::Resource* mapping = nullptr;
  const model::Resource* domain = nullptr;  ///< nullptr when the domain is not in the model
  std::string domain_name;                  ///< the domain's name as written, or its id
};
std::vector<DomainUse> domains_of(const model::Model& m, const model::Resource& api);

/// Is the API's default execute-api endpoint left on, on some branch? Returns where to
/// report (the DisableExecuteApiEndpoint value, else the API's line) when it is.
std::optional<model::Location> execute_api_open(const model::Resource& api);

}  // namespace kl::rules::apigw

namespace kl::rules {
class RuleContext;
}

namespace kl::rules::apigw {

// The checks, one per rule (apigateway_routes.cc, apigateway.cc, apigateway_stages.cc).
void rest_route_without_auth(RuleContext& ctx);      // KL-APIGW-001
void http_route_without_auth(RuleContext& ctx);      // KL-APIGW-002
void execute_api_beside_domain(RuleContext& ctx);    // KL-APIGW-003
void restriction_only_at_cloudfront(RuleContext& ctx);  // KL-APIGW-004
void cache_without_encryption(RuleContext& ctx);     // KL-APIGW-005
void stage_without_throttling(RuleContext& ctx);     // KL-APIGW-006
void stage_without_waf(RuleContext& ctx);            // KL-APIGW-007
void stage_without_access_log(RuleContext& ctx);     // KL-APIGW-008
void stage_without_tracing(RuleContext& ctx);        // KL-APIGW-009

/// The stage's name for messages: StageName as written, else the resource's logical id.
std::string stage_label(const RestStage& st);

}  // namespace kl::rules::apigw
