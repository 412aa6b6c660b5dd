// `httpApi` events -> the HTTP API (API Gateway v2): HttpApi, HttpApiStage, routes with
// their authorization, integrations, permissions and provider.httpApi.authorizers.
#include "serverless/compile.h"
#include "serverless/naming.h"

namespace kl::serverless::detail {

using model::Location;
using model::Value;

namespace {

class HttpApi {
 public:
  explicit HttpApi(Compiler& c) : c_(c) {
    cfg_ = c.provider("httpApi");
    if (cfg_ && !cfg_->is_map()) cfg_ = nullptr;
    if (cfg_) external_ = cfg_->get("id");
    loc_ = cfg_ ? c.provider_key_loc("httpApi") : c.provider_loc;
  }

  void compile() {
    bool any = false;
    for (const FunctionDef& f : c_.functions)
      for (const Event& e : f.events) any = any || e.type == "httpApi";
    if (!any) return;
    if (!external_) api_and_stage();
    authorizers();
    for (const FunctionDef& f : c_.functions)
      for (const Event& e : f.events)
        if (e.type == "httpApi") route(f, e);
  }

 private:
  Value api_id(Location loc) const { return external_ ? *external_ : ref(naming::kHttpApi, loc); }

  void api_and_stage() {
    Generated& api = c_.add(naming::kHttpApi, "AWS::ApiGatewayV2::Api", loc_, "provider.httpApi");
    Value& p = api.properties;
    if (const model::Member* n = cfg_ ? cfg_->member("name") : nullptr) p.set("Name", n->value, n->key_loc);
    else p.set("Name", str(c_.stage_text() + "-" + c_.service, loc_), loc_);
    p.set("ProtocolType", str("HTTP", loc_), loc_);
    if (const model::Member* d = cfg_ ? cfg_->member("disableDefaultEndpoint") : nullptr)
      p.set("DisableExecuteApiEndpoint", d->value, d->key_loc);
    if (const model::Member* cors = cfg_ ? cfg_->member("cors") : nullptr) {
      Location l = cors->key_loc;
      Value cc = Value::map(l);
      if (flag(&cors->value).value_or(false)) {
        cc.set("AllowOrigins", list_of({str("*", l)}, l), l);
        cc.set("AllowMethods", list_of({str("*", l)}, l), l);
        cc.set("AllowHeaders", list_of({str("Content-Type", l), str("Authorization", l)}, l), l);
        p.set("CorsConfiguration", std::move(cc), l);
      } else if (cors->value.is_map()) {
        static const std::pair<const char*, const char*> kCors[] = {
            {"allowedOrigins", "AllowOrigins"}, {"allowedHeaders", "AllowHeaders"},
            {"allowedMethods", "AllowMethods"}, {"allowCredentials", "AllowCredentials"},
            {"exposedResponseHeaders", "ExposeHeaders"}, {"maxAge", "MaxAge"}};
        for (auto [from, to] : kCors)
          if (const model::Member* m = cors->value.member(from)) cc.set(to, m->value, m->key_loc);
        p.set("CorsConfiguration", std::move(cc), l);
      }
    }
    Generated& s = c_.add(naming::kHttpApiStage, "AWS::ApiGatewayV2::Stage", loc_, "provider.httpApi");
    Value& sp = s.properties;
    sp.set("ApiId", ref(naming::kHttpApi, loc_), loc_);
    sp.set("StageName", str("$default", loc_), loc_);
    sp.set("AutoDeploy", Value::boolean(true, loc_), loc_);
    Value drs = Value::map(loc_);
    if (const model::Member* m = cfg_ ? cfg_->member("metrics") : nullptr)
      drs.set("DetailedMetricsEnabled", m->value, m->key_loc);
    else
      drs.set("DetailedMetricsEnabled", Value::boolean(false, loc_), loc_);
    sp.set("DefaultRouteSettings", std::move(drs), loc_);
    const Value* logs = c_.provider("logs");
    const model::Member* hl = logs && logs->is_map() ? logs->member("httpApi") : nullptr;
    if (hl && (hl->value.is_map() || flag(&hl->value).value_or(false))) {
      Location l = hl->key_loc;
      Value als = Value::map(l);
      als.set("DestinationArn", get_att(naming::kHttpApiLogGroup, "Arn", l), l);
      Value fmt = str("{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
                      "\"requestTime\":\"$context.requestTime\",\"httpMethod\":\"$context.httpMethod\","
                      "\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\"}", l);
      if (hl->value.is_map())
        if (const Value* f = hl->value.get("format")) fmt = *f;
      als.set("Format", std::move(fmt), l);
      sp.set("AccessLogSettings", std::move(als), l);
      Generated& lg = c_.add(naming::kHttpApiLogGroup, "AWS::Logs::LogGroup", l, "provider.logs.httpApi");
      lg.properties.set("LogGroupName", str("/aws/http-api/" + c_.stack_name(), l), l);
    } else if (hl && hl->value.is_unknown()) {
      sp.set("AccessLogSettings", hl->value, hl->key_loc);
    }
  }

  /// provider.httpApi.authorizers: JWT (the default) or Lambda `request` authorizers.
  void authorizers() {
    const Value* auths = cfg_ ? cfg_->get("authorizers") : nullptr;
    if (!auths || auths->is_null()) return;
    if (!auths->is_map()) {
      model::add_error(c_.diags, auths->loc(), std::string("'httpApi.authorizers' must be a map, not a ") +
                                                   model::kind_name(auths->kind()));
      return;
    }
    for (const auto& m : auths->members()) {
      const Value& a = m.value;
      Location l = m.key_loc;
      std::string type = a.is_map() ? lower(text(a.get("type")).value_or("jwt")) : "jwt";
      kinds_[m.key] = type == "request" ? "CUSTOM" : "JWT";
      Generated& g = c_.add(naming::http_api_authorizer(m.key), "AWS::ApiGatewayV2::Authorizer", l, m.key);
      Value& p = g.properties;
      p.set("ApiId", api_id(l), l);
      p.set("Name", a.is_map() && a.get("name") ? *a.get("name") : str(m.key, l), l);
      p.set("AuthorizerType", str(type == "request" ? "REQUEST" : "JWT", l), l);
      if (!a.is_map()) {
        model::add_error(c_.diags, l, "httpApi authorizer '" + m.key + "' must be a map");
        continue;
      }
      if (const model::Member* is = a.member("identitySource"))
        p.set("IdentitySource", is->value.is_list() ? is->value : list_of({is->value}, is->key_loc), is->key_loc);
      else if (type != "request")
        p.set("IdentitySource", list_of({str("$request.header.Authorization", l)}, l), l);
      if (type == "request") {
        std::string fn_id;
        if (auto fname = text(a.get("functionName"))) {
          fn_id = naming::lambda(*fname);
          p.set("AuthorizerUri", sub("arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${" +
                                         fn_id + ".Arn}/invocations", l), l);
          g.edges.push_back({model::EdgeKind::Ref, fn_id, "Properties.AuthorizerUri"});
        } else if (const Value* arn = a.get("functionArn")) {
          p.set("AuthorizerUri", *arn, l);
        }
        p.set("AuthorizerPayloadFormatVersion", a.get("payloadVersion") ? *a.get("payloadVersion") : str("2.0", l), l);
        if (const model::Member* esr = a.member("enableSimpleResponses"))
          p.set("EnableSimpleResponses", esr->value, esr->key_loc);
        if (const model::Member* ttl = a.member("resultTtlInSeconds"))
          p.set("AuthorizerResultTtlInSeconds", ttl->value, ttl->key_loc);
      } else {
        Value jwt = Value::map(l);
        if (const model::Member* aud = a.member("audience"))
          jwt.set("Audience", aud->value.is_list() ? aud->value : list_of({aud->value}, aud->key_loc), aud->key_loc);
        if (const model::Member* iss = a.member("issuerUrl")) jwt.set("Issuer", iss->value, iss->key_loc);
        p.set("JwtConfiguration", std::move(jwt), l);
      }
    }
  }

  void route(const FunctionDef& f, const Event& e) {
    const Value& ev = *e.value;
    const Value* cfg = ev.is_map() ? &ev : nullptr;
    std::string route_key;
    if (auto t = text(&ev)) {
      route_key = *t;
      if (route_key != "*") {
        size_t sp = route_key.find(' ');
        if (sp == std::string::npos) {
          model::add_error(c_.diags, e.loc, "httpApi event '" + route_key + "' needs a method and a path");
          return;
        }
        std::string method = upper(route_key.substr(0, sp));
        route_key = (method == "*" ? "ANY" : method) + " " + route_key.substr(route_key.find_first_not_of(' ', sp));
      }
    } else if (cfg) {
      auto m = text(cfg->get("method"));
      auto p = text(cfg->get("path"));
      if (!p) {
        model::add_error(c_.diags, e.loc, "httpApi event of '" + f.name + "' needs a 'path' string");
        return;
      }
      std::string method = upper(m.value_or("*"));
      route_key = *p == "*" ? "*" : (method == "*" ? "ANY" : method) + " " + *p;
    } else {
      model::add_error(c_.diags, e.loc, std::string("httpApi event of '") + f.name +
                                            "' must be a string or a map, not a " + model::kind_name(ev.kind()));
      return;
    }
    std::string id = naming::http_api_route(route_key);
    if (c_.find(id)) {
      model::add_error(c_.diags, e.loc, "httpApi route '" + route_key + "' is defined twice");
      return;
    }
    std::string integration = naming::http_api_integration(f.name);
    Generated& r = c_.add(id, "AWS::ApiGatewayV2::Route", e.loc, f.name);
    Value& p = r.properties;
    p.set("ApiId", api_id(e.loc), e.loc);
    p.set("RouteKey", str(route_key == "*" ? "$default" : route_key, e.loc), e.loc);
    Value target = Value::map(e.loc);
    target.set("Fn::Join", list_of({str("/", e.loc), list_of({str("integrations", e.loc), ref(integration, e.loc)}, e.loc)}, e.loc), e.loc);
    p.set("Target", std::move(target), e.loc);
    r.depends_on.push_back(integration);

    Value type = str("NONE", e.loc);
    if (const model::Member* am = cfg ? cfg->member("authorizer") : nullptr) {
      Location l = am->key_loc;
      const Value& a = am->value;
      std::string name;
      if (a.is_unknown()) {
        type = Value::unknown("authorizer: " + a.str(), l);
      } else if (auto t = text(&a)) {
        if (lower(*t) == "aws_iam") type = str("AWS_IAM", l);
        else name = *t;
      } else if (a.is_map()) {
        std::string at = lower(text(a.get("type")).value_or(""));
        if (at == "aws_iam") {
          type = str("AWS_IAM", l);
        } else if (const Value* ext = a.get("id")) {  // an authorizer made elsewhere
          type = str(at == "request" ? "CUSTOM" : "JWT", l);
          p.set("AuthorizerId", *ext, l);
        } else {
          name = text(a.get("name")).value_or("");
          if (name.empty()) {
            model::add_error(c_.diags, l, "httpApi authorizer of '" + f.name + "' needs a 'name'");
            type = Value::unknown("authorizer without a name", l);
          }
        }
        if (const model::Member* s = a.member("scopes")) p.set("AuthorizationScopes", s->value, s->key_loc);
      } else if (!a.is_null()) {
        model::add_error(c_.diags, l, std::string("'authorizer' must be a string or a map, not a ") +
                                          model::kind_name(a.kind()));
        type = Value::unknown("malformed authorizer", l);
      }
      if (!name.empty()) {
        auto k = kinds_.find(name);
        if (k == kinds_.end()) {
          model::add_warning(c_.diags, l, "httpApi authorizer '" + name + "' is not defined in provider.httpApi.authorizers");
          type = Value::unknown("authorizer '" + name + "' is not defined", l);
        } else {
          type = str(k->second, l);
          std::string aid = naming::http_api_authorizer(name);
          p.set("AuthorizerId", ref(aid, l), l);
          r.edges.push_back({model::EdgeKind::Authorizer, aid, "Properties.AuthorizerId"});
        }
      }
    }
    p.set("AuthorizationType", type, type.loc());

    if (!c_.find(integration)) {
      Generated& i = c_.add(integration, "AWS::ApiGatewayV2::Integration", e.loc, f.name);
      i.properties.set("ApiId", api_id(e.loc), e.loc);
      i.properties.set("IntegrationType", str("AWS_PROXY", e.loc), e.loc);
      i.properties.set("IntegrationUri", get_att(f.logical_id, "Arn", e.loc), e.loc);
      const Value* payload = cfg_ ? cfg_->get("payload") : nullptr;
      i.properties.set("PayloadFormatVersion", payload ? *payload : str("2.0", e.loc), e.loc);
      Generated& perm = c_.add(naming::http_api_permission(f.name), "AWS::Lambda::Permission", e.loc, f.name);
      perm.properties.set("FunctionName", get_att(f.logical_id, "Arn", e.loc), e.loc);
      perm.properties.set("Action", str("lambda:InvokeFunction", e.loc), e.loc);
      perm.properties.set("Principal", str("apigateway.amazonaws.com", e.loc), e.loc);
      std::string api = external_ ? "*" : std::string("${") + naming::kHttpApi + "}";
      perm.properties.set("SourceArn", sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:" + api + "/*", e.loc), e.loc);
    }
    if (Generated* fn = c_.find(f.logical_id))
      fn->edges.push_back({model::EdgeKind::EventSource, id, "events.httpApi"});
  }

  Compiler& c_;
  const Value* cfg_ = nullptr;
  const Value* external_ = nullptr;
  Location loc_;
  std::map<std::string, std::string> kinds_;  // authorizer name -> JWT / CUSTOM
};

}  // namespace

void compile_http_api(Compiler& c) { HttpApi(c).compile(); }

}  // namespace kl::serverless::detail
