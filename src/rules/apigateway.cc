// API Gateway rules: shared facts, KL-APIGW-003 (execute-api endpoint beside a custom
// domain) and KL-APIGW-004 (restriction only at CloudFront). Routes (001, 002) are in
// apigateway_routes.cc, stage settings (005-009) in apigateway_stages.cc.
#include "rules/apigateway.h"

#include <algorithm>
#include <set>

#include "rules/rule.h"
#include "rules/services.h"

namespace kl::rules {
namespace apigw {

using model::Value;

namespace {

void add_unique(std::vector<std::string>& out, std::string id) {
  if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(std::move(id));
}

bool is_api(const model::Resource* r) { return r && (r->type == kRestApi || r->type == kHttpApi); }

bool is_domain(const model::Resource* r) {
  return r && (r->type == "AWS::ApiGateway::DomainName" || r->type == "AWS::ApiGatewayV2::DomainName");
}

/// The text of the first branch of `v` that is a known string or number.
std::optional<std::string> first_text(const Value* v) {
  for (const Value* a : alternatives(v))
    if (auto t = text(a)) return t;
  return std::nullopt;
}

/// `${Name}` placeholders in an unresolved value's reason text.
std::vector<std::string> placeholders(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while ((i = s.find("${", i)) != std::string_view::npos) {
    size_t close = s.find('}', i + 2);
    if (close == std::string_view::npos) break;
    out.emplace_back(s.substr(i + 2, close - i - 2));
    i = close + 1;
  }
  return out;
}

}  // namespace

std::vector<std::string> mentioned(const model::Model& m, const Value* v) {
  std::vector<std::string> out;
  for (const Value* a : alternatives(v)) {
    if (!a) continue;
    if (std::string id = model::resource_ref(*a); !id.empty() && m.find(id)) add_unique(out, id);
    if (a->is_unknown())
      for (std::string& name : placeholders(a->str()))
        if (m.find(name)) add_unique(out, std::move(name));
  }
  return out;
}

bool literal_contains(const Value* v, std::string_view needle) {
  for (const Value* a : alternatives(v))
    if (a && a->is_string() && a->str().find(needle) != std::string::npos) return true;
  return false;
}

const model::Resource* api_of(const model::Model& m, const model::Resource& r,
                              std::string_view property) {
  for (const Value* a : alternatives(r.prop(property)))
    if (const model::Resource* api = referenced(m, a); is_api(api)) return api;
  return nullptr;
}

std::vector<Possible> RestStage::setting(std::initializer_list<std::string_view> path) const {
  if (!settings) return {Possible{nullptr, anchor()}};
  // An unresolved StageDescription: every setting under it is unknown, not absent.
  if (settings->is_unknown()) return {Possible{settings, settings->loc()}};
  std::vector<Possible> out = possible_values(*settings, path);
  // An absent setting is reported at the stage, not at whatever map happens to enclose it.
  for (Possible& p : out)
    if (!p.value) p.loc = anchor();
  return out;
}

std::string stage_label(const RestStage& st) {
  if (auto t = first_text(st.name)) return *t;
  return st.res->id;
}

std::vector<RestStage> rest_stages(const model::Model& m) {
  std::vector<RestStage> out;
  std::vector<const model::Resource*> explicit_stages = m.of_type("AWS::ApiGateway::Stage");
  auto api_id = [&](const model::Resource& r) {
    for (const Value* a : alternatives(r.prop("RestApiId")))
      if (a) {
        if (std::string id = model::resource_ref(*a); !id.empty()) return id;
        if (auto t = text(a)) return *t;
      }
    return std::string();
  };
  for (const model::Resource* s : explicit_stages) {
    RestStage st;
    st.res = s;
    st.settings = &s->properties;
    st.settings_path = "Properties";
    st.name = s->prop("StageName");
    st.api = api_of(m, *s, "RestApiId");
    out.push_back(st);
  }
  for (const model::Resource* d : m.of_type("AWS::ApiGateway::Deployment")) {
    const Value* name = d->prop("StageName");
    if (!name || name->is_null() || (name->is_string() && name->str().empty())) continue;
    std::optional<std::string> name_text = first_text(name);
    bool taken_over = false;
    for (const model::Resource* s : explicit_stages) {
      if (referenced(m, s->prop("DeploymentId")) == d) taken_over = true;
      std::optional<std::string> s_name = first_text(s->prop("StageName"));
      if (name_text && s_name && *name_text == *s_name && api_id(*s) == api_id(*d)) taken_over = true;
    }
    if (taken_over) continue;
    RestStage st;
    st.res = d;
    st.settings = d->prop("StageDescription");
    if (st.settings && !st.settings->is_map() && !st.settings->is_either() && !st.settings->is_unknown())
      st.settings = nullptr;
    st.settings_path = "Properties.StageDescription";
    st.name = name;
    st.api = api_of(m, *d, "RestApiId");
    st.from_deployment = true;
    out.push_back(st);
  }
  return out;
}

bool waf_covers(const model::Model& m, const model::Resource* api, const RestStage* stage) {
  const std::string api_id = api ? api->id : std::string();
  std::vector<const model::Resource*> assocs = m.of_type("AWS::WAFv2::WebACLAssociation");
  for (const model::Resource* r : m.of_type("AWS::WAFRegional::WebACLAssociation")) assocs.push_back(r);
  std::string stage_name = stage ? stage_label(*stage) : "";
  for (const model::Resource* assoc : assocs) {
    for (const Value* arn : alternatives(assoc->prop("ResourceArn"))) {
      if (!arn) continue;
      if (arn->is_string()) {
        // A literal ARN names the API by its physical id, which a template cannot know:
        // match on the stage name alone.
        const std::string& s = arn->str();
        if (s.find("/restapis/") != std::string::npos &&
            (!stage || s.find("/stages/" + stage_name) != std::string::npos))
          return true;
        continue;
      }
      if (!arn->is_unknown()) continue;  // a number, a list, a map: not an ARN
      std::vector<std::string> ids = mentioned(m, arn);
      if (ids.empty()) return true;  // unresolved and naming nothing: might be this stage
      for (const std::string& id : ids) {
        const model::Resource* r = m.find(id);
        if (stage && id == stage->res->id) return true;
        if (!stage && r && (r->type == "AWS::ApiGateway::Stage" || r->type == "AWS::ApiGateway::Deployment") &&
            api && api_of(m, *r, "RestApiId") == api)
          return true;
      }
      if (api_id.empty() || std::find(ids.begin(), ids.end(), api_id) == ids.end()) continue;
      if (!stage) return true;
      // "arn:...:/restapis/${Api}/stages/<stage>": compare the stage part when it is text;
      // a placeholder naming another resource is another stage, any other is unknown.
      const std::string& s = arn->is_unknown() ? arn->str() : std::string();
      size_t at = s.find("/stages/");
      if (at == std::string::npos) continue;
      std::string part = s.substr(at + 8);
      if (size_t q = part.find('\''); q != std::string::npos) part.resize(q);
      if (part == stage_name) return true;
      std::vector<std::string> names = placeholders(part);
      if (!names.empty() && !m.find(names.front())) return true;
    }
  }
  return false;
}

std::vector<DomainUse> domains_of(const model::Model& m, const model::Resource& api) {
  std::vector<DomainUse> out;
  auto scan = [&](std::string_view type, std::string_view api_prop) {
    for (const model::Resource* mp : m.of_type(type)) {
      if (api_of(m, *mp, api_prop) != &api) continue;
      DomainUse use;
      use.mapping = mp;
      const Value* dn = mp->prop("DomainName");
      for (const Value* a : alternatives(dn))
        if (const model::Resource* d = referenced(m, a); is_domain(d)) use.domain = d;
      if (!use.domain) {
        // A literal domain name: the DomainName resource that declares it, if any.
        if (auto t = first_text(dn)) {
          use.domain_name = *t;
          for (const auto& d : m.resources)
            if (is_domain(d.get()) && first_text(d->prop("DomainName")) == t) use.domain = d.get();
        }
      }
      if (use.domain) {
        auto t = first_text(use.domain->prop("DomainName"));
        use.domain_name = t ? *t : use.domain->id;
      }
      if (use.domain_name.empty()) use.domain_name = "?";
      out.push_back(use);
    }
  };
  scan("AWS::ApiGateway::BasePathMapping", "RestApiId");
  scan("AWS::ApiGatewayV2::ApiMapping", "ApiId");
  return out;
}

std::optional<model::Location> execute_api_open(const model::Resource& api) {
  for (const Possible& p : possible_values(api.properties, {"DisableExecuteApiEndpoint"})) {
    Truth t = truth(p.value);
    if (t == Truth::Absent) return api.loc;
    if (t == Truth::False) return p.loc;
  }
  return std::nullopt;
}

// ---- KL-APIGW-003 ------------------------------------------------------------------------

namespace {

bool has_mtls(const model::Resource& domain) {
  for (const Possible& p : possible_values(domain.properties, {"MutualTlsAuthentication"}))
    if (p.value && (p.value->is_map() || p.value->is_unknown())) return true;
  return false;
}

}  // namespace

/// KL-APIGW-003: a custom domain (often with mTLS or a WAF of its own) in front of an API
/// whose default https://{id}.execute-api.{region}.amazonaws.com endpoint still answers.
/// One finding per API, on its DisableExecuteApiEndpoint (or the API's line when absent).
void execute_api_beside_domain(RuleContext& ctx) {
  const model::Model& m = ctx.model();
  for (const auto& res : m.resources) {
    if (!is_api(res.get())) continue;
    std::vector<DomainUse> uses = domains_of(m, *res);
    if (uses.empty()) continue;
    std::optional<model::Location> loc = execute_api_open(*res);
    if (!loc) continue;
    const DomainUse* pick = &uses.front();
    bool mtls = false;
    for (const DomainUse& u : uses)
      if (u.domain && has_mtls(*u.domain)) {
        pick = &u;
        mtls = true;
        break;
      }
    ctx.report("KL-APIGW-003", *res, *loc, "Properties.DisableExecuteApiEndpoint",
               {{"api", api_name(*res)}, {"domain", pick->domain_name}},
               {.variant = mtls ? "mtls" : "",
                .evidence = "DisableExecuteApiEndpoint not true; mapped by " + pick->mapping->id});
  }
}

// ---- KL-APIGW-004 ------------------------------------------------------------------------

namespace {

/// What the distribution restricts callers with, or "" when nothing (on any branch).
std::string cloudfront_restriction(const model::Resource& dist) {
  std::string out;
  for (const Possible& p : possible_values(dist.properties, {"DistributionConfig", "WebACLId"}))
    if (p.value && !(p.value->is_string() && p.value->str().empty()) && !p.value->is_null()) {
      out = "WebACLId";
      break;
    }
  for (const Possible& p : possible_values(
           dist.properties, {"DistributionConfig", "Restrictions", "GeoRestriction", "RestrictionType"})) {
    auto t = text(p.value);
    if (t && !iequals(*t, "none")) {
      out += out.empty() ? "GeoRestriction" : " + GeoRestriction";
      break;
    }
  }
  return out;
}

/// Does the REST API carry a resource policy on every branch (Policy, or the body's
/// x-amazon-apigateway-policy)? Its content is KL-APIGW-001's business: any policy means
/// the API owner restricts at the API, not only at CloudFront.
bool has_policy(const model::Resource& api) {
  if (api.type != kRestApi) return false;  // HTTP APIs have no resource policies
  for (const Possible& p : possible_values(api.properties, {"Policy"})) {
    if (p.value) continue;
    bool in_body = false;
    for (const Possible& b : possible_values(api.properties, {"Body", "x-amazon-apigateway-policy"}))
      if (b.value) in_body = true;
    if (!in_body) return false;
  }
  return true;
}

}  // namespace

/// KL-APIGW-004: CloudFront filters callers (WAF, geo) but the API behind it answers anyone
/// who calls its execute-api endpoint directly. One finding per API, on the API.
void restriction_only_at_cloudfront(RuleContext& ctx) {
  const model::Model& m = ctx.model();
  std::set<std::string> done;
  for (const model::Resource* dist : m.of_type("AWS::CloudFront::Distribution")) {
    std::string restriction = cloudfront_restriction(*dist);
    if (restriction.empty()) continue;
    std::vector<const model::Resource*> apis;
    for (const Possible& o : possible_values(dist->properties, {"DistributionConfig", "Origins"})) {
      if (!o.value || !o.value->is_list()) continue;
      for (const Value& origin : o.value->items()) {
        for (const Value* alt : alternatives(&origin)) {
          if (!alt || !alt->is_map()) continue;
          for (const std::string& id : mentioned(m, alt->get("DomainName"))) {
            const model::Resource* r = m.find(id);
            if (is_api(r)) {
              apis.push_back(r);
            } else if (is_domain(r)) {
              // The origin is the API's custom domain: the APIs mapped to it.
              for (const auto& other : m.resources)
                if (is_api(other.get()))
                  for (const DomainUse& u : domains_of(m, *other))
                    if (u.domain == r) apis.push_back(other.get());
            }
          }
        }
      }
    }
    for (const model::Resource* api : apis) {
      if (done.count(api->id)) continue;
      if (has_policy(*api)) continue;
      if (api->type == kRestApi && waf_covers(m, api, nullptr)) continue;
      std::optional<model::Location> open = execute_api_open(*api);
      if (!open) continue;
      done.insert(api->id);
      ctx.report("KL-APIGW-004", *api, api->loc, "Properties.Policy",
                 {{"api", api_name(*api)}, {"distribution", dist->id}, {"restriction", restriction}},
                 {.evidence = dist->id + " carries " + restriction});
    }
  }
}

}  // namespace apigw

void add_apigateway_rules(std::vector<RuleImpl>& out) {
  out.push_back({"KL-APIGW-001", apigw::rest_route_without_auth});
  out.push_back({"KL-APIGW-002", apigw::http_route_without_auth});
  out.push_back({"KL-APIGW-003", apigw::execute_api_beside_domain});
  out.push_back({"KL-APIGW-004", apigw::restriction_only_at_cloudfront});
  out.push_back({"KL-APIGW-005", apigw::cache_without_encryption});
  out.push_back({"KL-APIGW-006", apigw::stage_without_throttling});
  out.push_back({"KL-APIGW-007", apigw::stage_without_waf});
  out.push_back({"KL-APIGW-008", apigw::stage_without_access_log});
  out.push_back({"KL-APIGW-009", apigw::stage_without_tracing});
}

}  // namespace kl::rules
