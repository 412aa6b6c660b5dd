// `http` events -> the REST API (API Gateway v1): ApiGatewayRestApi, resources, methods with
// their authorization, authorizers, the deployment and stage, API keys and usage plans.
#include "serverless/compile.h"
#include "serverless/naming.h"

namespace kl::serverless::detail {

using model::Location;
using model::Value;

namespace {

struct RestAuth {
  Value type;                 ///< AuthorizationType
  std::optional<Value> id;    ///< AuthorizerId
  std::optional<Value> scopes;
  std::string authorizer;     ///< logical id of the authorizer resource (generated or user's)
};

/// "arn:aws:lambda:us-east-1:1:function:svc-dev-auth" -> "auth", as the framework names
/// authorizers given by ARN.
std::string name_from_arn(const std::string& arn) {
  std::string last = arn.substr(arn.rfind(':') + 1);
  size_t dash = last.rfind('-');
  return dash == std::string::npos ? last : last.substr(dash + 1);
}

/// The logical id an intrinsic names: {Ref: X}, {Fn::GetAtt: [X, Arn]}, {Fn::GetAtt: X.Arn}.
std::string intrinsic_target(const Value& v) {
  if (!v.is_map() || v.members().size() != 1) return "";
  const auto& m = v.members()[0];
  if (m.key == "Ref") return text(&m.value).value_or("");
  if (m.key == "Fn::GetAtt") {
    if (m.value.is_list() && !m.value.items().empty()) return text(&m.value.items()[0]).value_or("");
    if (auto t = text(&m.value)) return t->substr(0, t->find('.'));
  }
  return "";
}

const char* api_id_key = "RestApiId";

class RestApi {
 public:
  explicit RestApi(Compiler& c) : c_(c) {
    ag_ = c.provider("apiGateway");
    if (ag_ && !ag_->is_map()) ag_ = nullptr;
    if (ag_) external_ = ag_->get("restApiId");
    loc_ = ag_ ? c.provider_key_loc("apiGateway") : c.provider_loc;
  }

  void compile() {
    for (const FunctionDef& f : c_.functions)
      for (const Event& e : f.events)
        if (e.type == "http") http_event(f, e);
    if (methods_.empty()) return;
    if (!external_) rest_api();
    deployment_and_stage();
    api_keys();
  }

 private:
  Value api_id(Location loc) const { return external_ ? *external_ : ref(naming::kRestApi, loc); }

  Value parent_of(const std::string& path, Location loc, const std::string& from = "") {
    size_t slash = path.rfind('/');
    if (slash == std::string::npos) {
      if (external_ && ag_->get("restApiRootResourceId")) return *ag_->get("restApiRootResourceId");
      if (external_) return Value::unknown("root resource of the external REST API", loc);
      return get_att(naming::kRestApi, "RootResourceId", loc);
    }
    return ref(resource(path.substr(0, slash), loc, from), loc);
  }

  /// ApiGatewayResource<Path> for `path` and its parents; returns the id.
  std::string resource(const std::string& path, Location loc, const std::string& from) {
    std::string id = naming::rest_resource(path);
    if (c_.find(id)) return id;
    Value parent = parent_of(path, loc, from);
    Generated& r = c_.add(id, "AWS::ApiGateway::Resource", loc, from);
    r.properties.set("ParentId", std::move(parent), loc);
    r.properties.set("PathPart", str(path.substr(path.rfind('/') + 1), loc), loc);
    r.properties.set(api_id_key, api_id(loc), loc);
    return id;
  }

  void http_event(const FunctionDef& f, const Event& e) {
    const Value& ev = *e.value;
    std::string method, path;
    const Value* cfg = ev.is_map() ? &ev : nullptr;
    if (auto t = text(&ev)) {  // "GET users/{id}"
      size_t sp = t->find(' ');
      if (sp == std::string::npos) {
        model::add_error(c_.diags, e.loc, "http event '" + *t + "' needs a method and a path");
        return;
      }
      method = t->substr(0, sp);
      path = t->substr(t->find_first_not_of(' ', sp));
    } else if (cfg) {
      auto m = text(cfg->get("method"));
      auto p = text(cfg->get("path"));
      if (!m || !p) {
        model::add_error(c_.diags, e.loc, "http event of '" + f.name + "' needs 'method' and 'path' strings");
        return;
      }
      method = *m;
      path = *p;
    } else {
      model::add_error(c_.diags, e.loc,
                       std::string("http event of '") + f.name + "' must be a string or a map, not a " +
                           model::kind_name(ev.kind()));
      return;
    }
    while (!path.empty() && path.front() == '/') path.erase(0, 1);
    while (!path.empty() && path.back() == '/') path.pop_back();
    method = lower(method);
    std::string id = naming::rest_method(path, method);
    if (c_.find(id)) {
      model::add_error(c_.diags, e.loc, "route '" + upper(method) + " /" + path + "' is defined twice");
      return;
    }
    Value resource_id = path.empty() ? parent_of("", e.loc) : ref(resource(path, e.loc, f.name), e.loc);
    Generated& m = c_.add(id, "AWS::ApiGateway::Method", e.loc, f.name);
    methods_.push_back(id);
    Value& p = m.properties;
    p.set("HttpMethod", str(upper(method), e.loc), e.loc);
    p.set("RequestParameters", Value::map(e.loc), e.loc);
    p.set("ResourceId", resource_id, e.loc);
    p.set(api_id_key, api_id(e.loc), e.loc);
    const model::Member* priv = cfg ? cfg->member("private") : nullptr;
    if (priv) p.set("ApiKeyRequired", priv->value, priv->key_loc);
    else p.set("ApiKeyRequired", Value::boolean(false, e.loc), e.loc);

    RestAuth auth{str("NONE", e.loc), std::nullopt, std::nullopt, ""};
    if (const model::Member* am = cfg ? cfg->member("authorizer") : nullptr)
      auth = authorizer(am->value, am->key_loc, f);
    p.set("AuthorizationType", auth.type, auth.type.loc());
    if (auth.id) p.set("AuthorizerId", *auth.id, auth.type.loc());
    if (auth.scopes) p.set("AuthorizationScopes", *auth.scopes, auth.scopes->loc());
    if (!auth.authorizer.empty()) {
      m.edges.push_back({model::EdgeKind::Authorizer, auth.authorizer, "Properties.AuthorizerId"});
      if (c_.find(auth.authorizer)) m.depends_on.push_back(auth.authorizer);
    }
    p.set("Integration", integration(f, cfg, e.loc), e.loc);
    p.set("MethodResponses", Value::list(e.loc), e.loc);

    if (const model::Member* cors = cfg ? cfg->member("cors") : nullptr;
        cors && (cors->value.is_map() || flag(&cors->value).value_or(false)))
      options_method(path, cors->key_loc, f.name);
    permission(f, e.loc);
    if (Generated* fn = c_.find(f.logical_id))
      fn->edges.push_back({model::EdgeKind::EventSource, id, "events.http"});
  }

  Value integration(const FunctionDef& f, const Value* cfg, Location loc) {
    std::string type = "AWS_PROXY";
    if (auto t = cfg ? text(cfg->get("integration")) : std::nullopt) {
      std::string k = lower(*t);
      if (k == "lambda") type = "AWS";
      else if (k == "http") type = "HTTP";
      else if (k == "http-proxy" || k == "http_proxy") type = "HTTP_PROXY";
      else if (k == "mock") type = "MOCK";
    }
    Value i = Value::map(loc);
    i.set("Type", str(type, loc), loc);
    if (type == "AWS" || type == "AWS_PROXY") {
      i.set("IntegrationHttpMethod", str("POST", loc), loc);
      i.set("Uri", sub("arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${" +
                           f.logical_id + ".Arn}/invocations", loc), loc);
    } else if (type != "MOCK" && cfg) {
      if (const Value* req = cfg->get("request"))
        if (const Value* uri = req->get("uri")) i.set("Uri", *uri, loc);
    }
    return i;
  }

  void options_method(const std::string& path, Location loc, const std::string& from) {
    std::string id = naming::rest_method(path, "options");
    if (c_.find(id)) return;
    Value resource_id = path.empty() ? parent_of("", loc) : ref(naming::rest_resource(path), loc);
    Generated& m = c_.add(id, "AWS::ApiGateway::Method", loc, from);
    methods_.push_back(id);
    m.properties.set("AuthorizationType", str("NONE", loc), loc);
    m.properties.set("HttpMethod", str("OPTIONS", loc), loc);
    m.properties.set("ResourceId", resource_id, loc);
    m.properties.set(api_id_key, api_id(loc), loc);
    m.properties.set("ApiKeyRequired", Value::boolean(false, loc), loc);
    Value i = Value::map(loc);
    i.set("Type", str("MOCK", loc), loc);
    m.properties.set("Integration", std::move(i), loc);
  }

  void permission(const FunctionDef& f, Location loc) {
    std::string id = naming::api_gateway_permission(f.name);
    if (c_.find(id)) return;
    Generated& p = c_.add(id, "AWS::Lambda::Permission", loc, f.name);
    p.properties.set("FunctionName", get_att(f.logical_id, "Arn", loc), loc);
    p.properties.set("Action", str("lambda:InvokeFunction", loc), loc);
    p.properties.set("Principal", str("apigateway.amazonaws.com", loc), loc);
    std::string api = external_ ? "*" : std::string("${") + naming::kRestApi + "}";
    p.properties.set("SourceArn", sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:" + api + "/*/*", loc), loc);
  }

  RestAuth authorizer(const Value& a, Location loc, const FunctionDef& f) {
    RestAuth out{str("NONE", loc), std::nullopt, std::nullopt, ""};
    if (a.is_null()) return out;
    if (a.is_unknown()) {
      out.type = Value::unknown("authorizer: " + a.str(), loc);
      return out;
    }
    std::string type, name;
    const Value* arn = nullptr;
    const Value* cfg = a.is_map() ? &a : nullptr;
    if (auto t = text(&a)) {
      if (lower(*t) == "aws_iam") {
        out.type = str("AWS_IAM", loc);
        return out;
      }
      if (t->rfind("arn:", 0) == 0) arn = &a;
      else name = *t;
    } else if (cfg) {
      if (auto t = text(cfg->get("type"))) type = lower(*t);
      if (type == "aws_iam") {
        out.type = str("AWS_IAM", loc);
        return out;
      }
      if (const Value* existing = cfg->get("authorizerId")) {
        out.type = str(type == "cognito_user_pools" ? "COGNITO_USER_POOLS" : "CUSTOM", loc);
        out.id = *existing;
        out.authorizer = intrinsic_target(*existing);
        if (const Value* s = cfg->get("scopes")) out.scopes = *s;
        return out;
      }
      arn = cfg->get("arn");
      if (auto n = text(cfg->get("name"))) name = *n;
    } else {
      model::add_error(c_.diags, loc, std::string("'authorizer' must be a string or a map, not a ") +
                                          model::kind_name(a.kind()));
      out.type = Value::unknown("malformed authorizer", loc);
      return out;
    }
    if (arn && arn->is_unknown()) {
      out.type = Value::unknown("authorizer arn: " + arn->str(), loc);
      return out;
    }
    auto arn_text = text(arn);
    bool cognito = type == "cognito_user_pools" ||
                   (arn_text && arn_text->find(":cognito-idp:") != std::string::npos);
    if (name.empty() && arn_text) name = name_from_arn(*arn_text);
    if (name.empty() && arn) name = intrinsic_target(*arn);
    if (name.empty()) {
      model::add_error(c_.diags, loc, "authorizer of '" + f.name + "' needs a 'name' or an 'arn'");
      out.type = Value::unknown("authorizer without a name", loc);
      return out;
    }
    std::string id = naming::rest_authorizer(name);
    out.type = str(cognito ? "COGNITO_USER_POOLS" : "CUSTOM", loc);
    out.id = ref(id, loc);
    out.authorizer = id;
    if (cognito && cfg)
      if (const Value* s = cfg->get("scopes")) out.scopes = *s;
    if (c_.find(id)) return out;
    Generated& g = c_.add(id, "AWS::ApiGateway::Authorizer", loc, name);
    Value& p = g.properties;
    p.set("Name", str(name, loc), loc);
    p.set(api_id_key, api_id(loc), loc);
    std::string cf_type = cognito ? "COGNITO_USER_POOLS" : (type == "request" ? "REQUEST" : "TOKEN");
    p.set("Type", str(cf_type, loc), loc);
    Value identity = str("method.request.header.Authorization", loc);
    if (cfg)
      if (const model::Member* m = cfg->member("identitySource")) identity = m->value;
    if (cf_type != "REQUEST" || (cfg && cfg->get("identitySource"))) p.set("IdentitySource", identity, loc);
    Value ttl = Value::number("300", loc);
    if (cfg)
      if (const Value* t = cfg->get("resultTtlInSeconds")) ttl = *t;
    p.set("AuthorizerResultTtlInSeconds", ttl, loc);
    if (cfg)
      if (const Value* ive = cfg->get("identityValidationExpression")) p.set("IdentityValidationExpression", *ive, loc);
    if (cognito) {
      p.set("ProviderARNs", list_of({*arn}, loc), loc);
    } else {
      std::string fn_id;
      bool local = false;
      for (const FunctionDef& other : c_.functions) local = local || (!arn && other.name == name);
      if (local) {
        fn_id = naming::lambda(name);
        p.set("AuthorizerUri", sub("arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${" +
                                       fn_id + ".Arn}/invocations", loc), loc);
        g.edges.push_back({model::EdgeKind::Ref, fn_id, "Properties.AuthorizerUri"});
      } else if (arn) {
        Value uri = Value::map(loc);
        Value parts = list_of({str("arn:", loc), ref("AWS::Partition", loc), str(":apigateway:", loc),
                               ref("AWS::Region", loc), str(":lambda:path/2015-03-31/functions/", loc), *arn,
                               str("/invocations", loc)}, loc);
        uri.set("Fn::Join", list_of({str("", loc), std::move(parts)}, loc), loc);
        p.set("AuthorizerUri", std::move(uri), loc);
      } else {
        model::add_warning(c_.diags, loc, "authorizer '" + name + "' is not a function of this service");
        p.set("AuthorizerUri", Value::unknown("authorizer function '" + name + "' is not defined", loc), loc);
      }
    }
    return out;
  }

  void rest_api() {
    Generated& api = c_.add(naming::kRestApi, "AWS::ApiGateway::RestApi", loc_, "provider.apiGateway");
    Value& p = api.properties;
    if (const model::Member* n = c_.conf.get("provider") ? c_.conf.get("provider")->member("apiName") : nullptr)
      p.set("Name", n->value, n->key_loc);
    else
      p.set("Name", str(flag(ag_ ? ag_->get("shouldStartNameWithService") : nullptr).value_or(false)
                            ? c_.stack_name()
                            : c_.stage_text() + "-" + c_.service, loc_), loc_);
    Value types = str("EDGE", loc_);
    Location et_loc = loc_;
    if (const Value* et = c_.provider("endpointType")) {
      types = et->is_string() ? str(upper(et->str()), et->loc()) : *et;
      et_loc = c_.provider_key_loc("endpointType");
    }
    Value ec = Value::map(et_loc);
    ec.set("Types", list_of({types}, et_loc), et_loc);
    if (const Value* vpce = c_.provider("vpcEndpointIds")) ec.set("VpcEndpointIds", *vpce, vpce->loc());
    p.set("EndpointConfiguration", std::move(ec), et_loc);
    // resourcePolicy: provider.apiGateway.resourcePolicy (v3) or provider.resourcePolicy (v2).
    const model::Member* rp = ag_ ? ag_->member("resourcePolicy") : nullptr;
    if (!rp && c_.conf.get("provider")) rp = c_.conf.get("provider")->member("resourcePolicy");
    if (rp && !rp->value.is_null()) {
      Value policy = Value::map(rp->key_loc);
      policy.set("Version", str("2012-10-17", rp->key_loc), rp->key_loc);
      policy.set("Statement", rp->value, rp->key_loc);
      p.set("Policy", std::move(policy), rp->key_loc);
    }
    static const std::pair<const char*, const char*> kSettings[] = {
        {"minimumCompressionSize", "MinimumCompressionSize"},
        {"binaryMediaTypes", "BinaryMediaTypes"},
        {"disableDefaultEndpoint", "DisableExecuteApiEndpoint"},
        {"apiKeySourceType", "ApiKeySourceType"},
        {"description", "Description"}};
    for (auto [from, to] : kSettings)
      if (const model::Member* m = ag_ ? ag_->member(from) : nullptr) {
        Value v = m->value;
        if (std::string_view(from) == "apiKeySourceType" && v.is_string()) v = str(upper(v.str()), v.loc());
        p.set(to, std::move(v), m->key_loc);
      }
  }

  void deployment_and_stage() {
    Generated& d = c_.add(naming::kRestDeployment, "AWS::ApiGateway::Deployment", loc_, "provider.apiGateway");
    d.properties.set(api_id_key, api_id(loc_), loc_);
    d.depends_on = methods_;
    if (external_) return;
    // The framework folds the stage into the deployment unless logs, tracing or tags ask
    // for a Stage resource; the stage exists either way, so it is always modelled.
    Generated& s = c_.add(naming::kRestStage, "AWS::ApiGateway::Stage", loc_, "provider.apiGateway");
    Value& p = s.properties;
    p.set(api_id_key, ref(naming::kRestApi, loc_), loc_);
    p.set("DeploymentId", ref(naming::kRestDeployment, loc_), loc_);
    p.set("StageName", c_.stage ? str(*c_.stage, loc_) : Value::unknown("the stage is unknown", loc_), loc_);
    const Value* tracing = c_.provider("tracing");
    if (const model::Member* t = tracing && tracing->is_map() ? tracing->member("apiGateway") : nullptr)
      p.set("TracingEnabled", t->value, t->key_loc);
    const Value* logs = c_.provider("logs");
    const model::Member* rl = logs && logs->is_map() ? logs->member("restApi") : nullptr;
    if (rl && (rl->value.is_map() || flag(&rl->value).value_or(false) || rl->value.is_unknown())) {
      const Value* cfg = rl->value.is_map() ? &rl->value : nullptr;
      Location l = rl->key_loc;
      if (rl->value.is_unknown()) {
        p.set("AccessLogSetting", rl->value, l);
      } else {
        if (flag(cfg ? cfg->get("accessLogging") : nullptr).value_or(true)) {
          Value als = Value::map(l);
          als.set("DestinationArn", get_att(naming::kRestLogGroup, "Arn", l), l);
          Value fmt = str("{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
                          "\"requestTime\":\"$context.requestTime\",\"httpMethod\":\"$context.httpMethod\","
                          "\"resourcePath\":\"$context.resourcePath\",\"status\":\"$context.status\"}", l);
          if (cfg)
            if (const Value* f = cfg->get("format")) fmt = *f;
          als.set("Format", std::move(fmt), l);
          p.set("AccessLogSetting", std::move(als), l);
          Generated& lg = c_.add(naming::kRestLogGroup, "AWS::Logs::LogGroup", l, "provider.logs.restApi");
          lg.properties.set("LogGroupName", str("/aws/api-gateway/" + c_.stack_name(), l), l);
        }
        if (flag(cfg ? cfg->get("executionLogging") : nullptr).value_or(true)) {
          Value ms = Value::map(l);
          ms.set("HttpMethod", str("*", l), l);
          ms.set("ResourcePath", str("/*", l), l);
          ms.set("DataTraceEnabled", cfg && cfg->get("fullExecutionData") ? *cfg->get("fullExecutionData")
                                                                          : Value::boolean(true, l), l);
          ms.set("LoggingLevel", cfg && cfg->get("level") ? *cfg->get("level") : str("INFO", l), l);
          ms.set("MetricsEnabled", ag_ && ag_->get("metrics") ? *ag_->get("metrics") : Value::boolean(false, l), l);
          p.set("MethodSettings", list_of({std::move(ms)}, l), l);
        }
      }
    }
  }

  void api_keys() {
    const model::Member* keys = ag_ ? ag_->member("apiKeys") : nullptr;
    const model::Member* plan = ag_ ? ag_->member("usagePlan") : nullptr;
    if (const Value* prov = c_.conf.get("provider")) {
      if (!keys) keys = prov->member("apiKeys");  // v2 spellings
      if (!plan) plan = prov->member("usagePlan");
    }
    if (!keys && !plan) return;
    Location l = plan ? plan->key_loc : keys->key_loc;
    std::vector<std::string> plan_ids;
    auto make_plan = [&](const std::string& id, const Value* cfg, Location at) {
      Generated& up = c_.add(id, "AWS::ApiGateway::UsagePlan", at, "provider.apiGateway.usagePlan");
      Value stage = Value::map(at);
      stage.set("ApiId", api_id(at), at);
      stage.set("Stage", str(c_.stage_text(), at), at);
      up.properties.set("ApiStages", list_of({std::move(stage)}, at), at);
      if (cfg && cfg->is_map()) {
        if (const model::Member* q = cfg->member("quota")) {
          Value quota = Value::map(q->key_loc);
          for (auto [from, to] : {std::pair{"limit", "Limit"}, {"offset", "Offset"}, {"period", "Period"}})
            if (const model::Member* m = q->value.member(from)) quota.set(to, m->value, m->key_loc);
          up.properties.set("Quota", std::move(quota), q->key_loc);
        }
        if (const model::Member* t = cfg->member("throttle")) {
          Value th = Value::map(t->key_loc);
          for (auto [from, to] : {std::pair{"burstLimit", "BurstLimit"}, {"rateLimit", "RateLimit"}})
            if (const model::Member* m = t->value.member(from)) th.set(to, m->value, m->key_loc);
          up.properties.set("Throttle", std::move(th), t->key_loc);
        }
      }
      up.depends_on.push_back(naming::kRestDeployment);
      plan_ids.push_back(id);
    };
    if (plan && plan->value.is_list()) {
      for (const Value& item : plan->value.items())
        if (item.is_map() && item.members().size() == 1)
          make_plan("ApiGatewayUsagePlan" + naming::upper_first(item.members()[0].key), &item.members()[0].value,
                    item.members()[0].key_loc);
    } else {
      make_plan("ApiGatewayUsagePlan", plan ? &plan->value : nullptr, l);
    }
    if (!keys || !keys->value.is_list()) return;
    size_t n = 0;
    auto make_key = [&](const Value& k, const std::string& group, const std::string& plan_id) {
      ++n;
      Location at = k.loc();
      std::string id = "ApiGatewayApiKey" + naming::upper_first(group) + std::to_string(n);
      Generated& key = c_.add(id, "AWS::ApiGateway::ApiKey", at, "provider.apiGateway.apiKeys");
      key.properties.set("Enabled", Value::boolean(true, at), at);
      if (auto t = text(&k)) key.properties.set("Name", k, at);
      if (k.is_map()) {
        for (auto [from, to] : {std::pair{"name", "Name"}, {"value", "Value"}, {"description", "Description"},
                                {"enabled", "Enabled"}, {"customerId", "CustomerId"}})
          if (const model::Member* m = k.member(from)) key.properties.set(to, m->value, m->key_loc);
      }
      Value sk = Value::map(at);
      sk.set(api_id_key, api_id(at), at);
      sk.set("StageName", str(c_.stage_text(), at), at);
      key.properties.set("StageKeys", list_of({std::move(sk)}, at), at);
      key.depends_on.push_back(naming::kRestDeployment);
      Generated& pk = c_.add("ApiGatewayUsagePlanKey" + naming::upper_first(group) + std::to_string(n),
                             "AWS::ApiGateway::UsagePlanKey", at, "provider.apiGateway.apiKeys");
      pk.properties.set("KeyId", ref(id, at), at);
      pk.properties.set("KeyType", str("API_KEY", at), at);
      pk.properties.set("UsagePlanId", ref(plan_id, at), at);
    };
    for (const Value& k : keys->value.items()) {
      // {free: [key, ...]}: keys of one named usage plan.
      if (k.is_map() && k.members().size() == 1 && k.members()[0].value.is_list()) {
        const std::string& group = k.members()[0].key;
        std::string plan_id = "ApiGatewayUsagePlan" + naming::upper_first(group);
        if (!c_.find(plan_id)) plan_id = plan_ids.empty() ? "ApiGatewayUsagePlan" : plan_ids.front();
        for (const Value& item : k.members()[0].value.items()) make_key(item, group, plan_id);
        continue;
      }
      make_key(k, "", plan_ids.empty() ? "ApiGatewayUsagePlan" : plan_ids.front());
    }
  }

  Compiler& c_;
  const Value* ag_ = nullptr;
  const Value* external_ = nullptr;
  Location loc_;
  std::vector<std::string> methods_;
};

}  // namespace

void compile_rest_api(Compiler& c) { RestApi(c).compile(); }

}  // namespace kl::serverless::detail
