// functions -> AWS::Lambda::Function, log groups, function URLs; the default role
// IamRoleLambdaExecution with provider.iam.role statements and managed policies.
#include "serverless/compile.h"
#include "serverless/naming.h"

namespace kl::serverless::detail {

using model::Location;
using model::Value;

namespace {

/// function.<key>, else provider.<key> (the provider-level default).
const Value* setting(const Compiler& c, const FunctionDef& f, std::string_view key) {
  if (const Value* v = f.def->get(key)) return v;
  return c.provider(key);
}

/// Where a role given as text or intrinsic points: an ARN stays a string, a bare name is a
/// logical id in `resources` (the framework turns it into Fn::GetAtt [Name, Arn]).
Value role_value(const Value& role, std::string* target) {
  if (role.is_string()) {
    if (role.str().rfind("arn:", 0) == 0) return role;
    *target = role.str();
    return get_att(role.str(), "Arn", role.loc());
  }
  if (role.is_map() && role.members().size() == 1) {
    const auto& m = role.members()[0];
    if (m.key == "Fn::GetAtt" && m.value.is_list() && !m.value.items().empty())
      if (auto t = text(&m.value.items()[0])) *target = *t;
    if (m.key == "Ref")
      if (auto t = text(&m.value)) *target = *t;
  }
  return role;
}

/// The role every function without its own `role` uses: provider.iam.role as text, or
/// the v2 spelling provider.role. nullptr = the framework's IamRoleLambdaExecution.
const Value* provider_custom_role(const Compiler& c) {
  if (const Value* r = c.provider("iam", "role"); r && !r->is_map() && !r->is_null()) return r;
  if (const Value* r = c.provider("role"); r && !r->is_null()) return r;
  return nullptr;
}

Value tracing_mode(const Value& t) {
  if (t.is_unknown()) return t;
  if (auto b = flag(&t)) return Value::string(*b ? "Active" : "PassThrough", t.loc());
  if (auto s = text(&t)) {
    if (lower(*s) == "active") return Value::string("Active", t.loc());
    if (lower(*s) == "passthrough") return Value::string("PassThrough", t.loc());
  }
  return t;  // as written: CloudFormation would reject it, rules see it as is
}

/// provider.environment merged with function.environment (the function wins), keeping
/// each variable's own line.
std::optional<Value> environment(const Compiler& c, const FunctionDef& f, Location loc) {
  const Value* pe = c.provider("environment");
  const Value* fe = f.def->get("environment");
  if ((!pe || pe->is_null()) && (!fe || fe->is_null())) return std::nullopt;
  Value vars = Value::map(fe && fe->is_map() ? fe->loc() : (pe ? pe->loc() : loc));
  for (const Value* e : {pe, fe}) {
    if (!e || e->is_null()) continue;
    if (e->is_unknown()) return Value(*e);  // a ${file(...)} we could not read: all unknown
    if (!e->is_map()) {
      model::add_error(c.diags, e->loc(),
                       std::string("'environment' must be a map, not a ") + model::kind_name(e->kind()));
      continue;
    }
    for (const auto& m : e->members()) vars.set(m.key, m.value, m.key_loc);
  }
  if (vars.members().empty()) return std::nullopt;
  return vars;
}

Value tags(const Compiler& c, const FunctionDef& f) {
  Value out = Value::list(f.loc);
  for (const Value* t : {c.provider("tags"), f.def->get("tags")}) {
    if (!t || !t->is_map()) continue;
    for (const auto& m : t->members()) {
      Value kv = Value::map(m.key_loc);
      kv.set("Key", Value::string(m.key, m.key_loc), m.key_loc);
      kv.set("Value", m.value, m.key_loc);
      out.push(std::move(kv));
    }
  }
  return out;
}

void compile_url(Compiler& c, const FunctionDef& f) {
  const model::Member* um = f.def->member("url");
  if (!um || um->value.is_null()) return;
  const Value& url = um->value;
  if (auto b = flag(&url); b && !*b) return;  // url: false
  Location loc = um->key_loc;
  Value auth_type = Value::string("NONE", loc);
  if (url.is_unknown()) {
    auth_type = Value::unknown("url: " + url.str(), loc);
  } else if (url.is_map()) {
    if (const model::Member* am = url.member("authorizer")) {
      if (am->value.is_unknown()) {
        auth_type = Value::unknown("url.authorizer: " + am->value.str(), am->key_loc);
      } else if (text(&am->value) && lower(*text(&am->value)) == "aws_iam") {
        auth_type = Value::string("AWS_IAM", am->key_loc);
      } else if (!am->value.is_null()) {
        model::add_error(c.diags, am->key_loc,
                         "url authorizer must be 'aws_iam', not '" + am->value.debug() + "'");
        auth_type = Value::unknown("unsupported url authorizer", am->key_loc);
      }
    }
  } else if (!flag(&url)) {
    model::add_error(c.diags, url.loc(),
                     std::string("'url' must be true or a map, not a ") + model::kind_name(url.kind()));
    return;
  }
  Generated& u = c.add(naming::function_url(f.name), "AWS::Lambda::Url", loc, f.name);
  bool none = auth_type.is_string() && auth_type.str() == "NONE";
  u.properties.set("AuthType", std::move(auth_type), loc);
  u.properties.set("TargetFunctionArn", get_att(f.logical_id, "Arn", loc), loc);
  if (url.is_map()) {
    if (const Value* cors = url.get("cors"); cors && !cors->is_null()) {
      if (flag(cors).value_or(false)) {
        Value cc = Value::map(cors->loc());
        cc.set("AllowOrigins", list_of({str("*", cors->loc())}, cors->loc()), cors->loc());
        u.properties.set("Cors", std::move(cc), key_loc(&url, "cors", loc));
      } else if (cors->is_map()) {
        Value cc = Value::map(cors->loc());
        static const std::pair<const char*, const char*> kCors[] = {
            {"allowedOrigins", "AllowOrigins"}, {"allowedHeaders", "AllowHeaders"},
            {"allowedMethods", "AllowMethods"}, {"allowCredentials", "AllowCredentials"},
            {"exposedResponseHeaders", "ExposeHeaders"}, {"maxAge", "MaxAge"}};
        for (auto [from, to] : kCors)
          if (const model::Member* m = cors->member(from)) cc.set(to, m->value, m->key_loc);
        u.properties.set("Cors", std::move(cc), key_loc(&url, "cors", loc));
      }
    }
    if (const model::Member* m = url.member("invokeMode")) u.properties.set("InvokeMode", m->value, m->key_loc);
  }
  u.depends_on.push_back(f.logical_id);
  if (none) {
    Generated& p = c.add(naming::function_url_permission(f.name), "AWS::Lambda::Permission", loc, f.name);
    p.properties.set("FunctionName", get_att(f.logical_id, "Arn", loc), loc);
    p.properties.set("Action", str("lambda:InvokeFunctionUrl", loc), loc);
    p.properties.set("Principal", str("*", loc), loc);
    p.properties.set("FunctionUrlAuthType", str("NONE", loc), loc);
  }
  if (Generated* fn = c.find(f.logical_id))
    fn->edges.push_back({model::EdgeKind::EventSource, u.id, "url"});
}

}  // namespace

void compile_functions(Compiler& c) {
  const Value* custom_role = provider_custom_role(c);
  for (FunctionDef& f : c.functions) {
    Generated& g = c.add(f.logical_id, "AWS::Lambda::Function", f.loc, f.name);
    Value& p = g.properties;
    p.set_loc(f.loc);

    if (const model::Member* n = f.def->member("name")) {
      p.set("FunctionName", n->value, n->key_loc);
    } else {
      p.set("FunctionName", c.stage ? str(c.stack_name() + "-" + f.name, f.loc)
                                    : Value::unknown("function name depends on the unknown stage", f.loc),
            f.loc);
    }
    if (const model::Member* image = f.def->member("image")) {
      p.set("PackageType", str("Image", image->key_loc), image->key_loc);
      Value code = Value::map(image->key_loc);
      code.set("ImageUri", image->value.is_map() && image->value.get("uri") ? *image->value.get("uri") : image->value,
               image->key_loc);
      p.set("Code", std::move(code), image->key_loc);
    } else {
      Value code = Value::map(f.loc);
      code.set("S3Bucket", Value::unknown("the framework's deployment bucket", f.loc), f.loc);
      code.set("S3Key", str(f.name + ".zip", f.loc), f.loc);
      p.set("Code", std::move(code), f.loc);
      if (const model::Member* h = f.def->member("handler")) p.set("Handler", h->value, h->key_loc);
      if (const Value* rt = setting(c, f, "runtime")) {
        const Value* owner = f.def->get("runtime") ? f.def : c.conf.get("provider");
        p.set("Runtime", *rt, key_loc(owner, "runtime", rt->loc()));
      }
    }
    auto copy = [&](std::string_view from, const char* to, const Value* fallback_default) {
      const Value* owner = f.def->get(from) ? f.def : c.conf.get("provider");
      if (const Value* v = setting(c, f, from)) p.set(to, *v, key_loc(owner, from, v->loc()));
      else if (fallback_default) p.set(to, *fallback_default, f.loc);
    };
    Value mem = Value::number("1024", f.loc), timeout = Value::number("6", f.loc);
    copy("memorySize", "MemorySize", &mem);
    copy("timeout", "Timeout", &timeout);
    if (const model::Member* d = f.def->member("description")) p.set("Description", d->value, d->key_loc);

    // Role: function.role, else the provider's custom role, else IamRoleLambdaExecution.
    const model::Member* fr = f.def->member("role");
    const Value* role = fr ? &fr->value : custom_role;
    std::string role_target;
    if (role) {
      f.default_role = false;
      p.set("Role", role_value(*role, &role_target), fr ? fr->key_loc : role->loc());
    } else {
      role_target = naming::kRole;
      p.set("Role", get_att(naming::kRole, "Arn", c.provider_loc), f.loc);
    }
    if (!role_target.empty()) {
      g.edges.push_back({model::EdgeKind::Role, role_target, "Properties.Role"});
      if (f.default_role) g.depends_on.push_back(role_target);
    }

    if (auto env = environment(c, f, f.loc)) {
      Value e = Value::map(env->loc());
      Location l = env->loc();
      e.set("Variables", std::move(*env), l);
      p.set("Environment", std::move(e), l);
    }
    // Tracing: function.tracing, else provider.tracing.lambda.
    const Value* tr = f.def->get("tracing");
    Location tr_loc = key_loc(f.def, "tracing", f.loc);
    if (!tr) {
      tr = c.provider("tracing", "lambda");
      tr_loc = key_loc(c.provider("tracing"), "lambda", c.provider_loc);
    }
    if (tr && !tr->is_null() && !(flag(tr) == false)) {
      Value tc = Value::map(tr_loc);
      tc.set("Mode", tracing_mode(*tr), tr_loc);
      p.set("TracingConfig", std::move(tc), tr_loc);
    }
    if (const model::Member* rc = f.def->member("reservedConcurrency"))
      p.set("ReservedConcurrentExecutions", rc->value, rc->key_loc);
    if (const Value* vpc = setting(c, f, "vpc"); vpc && vpc->is_map()) {
      Value vc = Value::map(vpc->loc());
      if (const model::Member* m = vpc->member("securityGroupIds")) vc.set("SecurityGroupIds", m->value, m->key_loc);
      if (const model::Member* m = vpc->member("subnetIds")) vc.set("SubnetIds", m->value, m->key_loc);
      p.set("VpcConfig", std::move(vc), vpc->loc());
    }
    copy("layers", "Layers", nullptr);
    copy("kmsKeyArn", "KmsKeyArn", nullptr);
    if (const Value* a = setting(c, f, "architecture"))
      p.set("Architectures", list_of({*a}, a->loc()), a->loc());
    if (const model::Member* eph = f.def->member("ephemeralStorageSize")) {
      Value es = Value::map(eph->key_loc);
      es.set("Size", eph->value, eph->key_loc);
      p.set("EphemeralStorage", std::move(es), eph->key_loc);
    }
    if (const model::Member* onerr = f.def->member("onError")) {
      Value dl = Value::map(onerr->key_loc);
      dl.set("TargetArn", onerr->value, onerr->key_loc);
      p.set("DeadLetterConfig", std::move(dl), onerr->key_loc);
    }
    if (Value t = tags(c, f); !t.items().empty()) p.set("Tags", std::move(t), f.loc);

    // The log group, unless disabled.
    if (!flag(f.def->get("disableLogs")).value_or(false)) {
      std::string lg_id = naming::log_group(f.name);
      Generated& lg = c.add(lg_id, "AWS::Logs::LogGroup", f.loc, f.name);
      const Value* fn_name = c.find(f.logical_id)->properties.get("FunctionName");
      if (fn_name && fn_name->is_string())
        lg.properties.set("LogGroupName", str("/aws/lambda/" + fn_name->str(), f.loc), f.loc);
      else
        lg.properties.set("LogGroupName", Value::unknown("log group of an unknown function name", f.loc), f.loc);
      const Value* owner = f.def->get("logRetentionInDays") ? f.def : c.conf.get("provider");
      if (const Value* ret = setting(c, f, "logRetentionInDays"))
        lg.properties.set("RetentionInDays", *ret, key_loc(owner, "logRetentionInDays", ret->loc()));
      c.find(f.logical_id)->depends_on.push_back(lg_id);
    }
    compile_url(c, f);
  }
}

void compile_role(Compiler& c) {
  bool needed = false;
  for (const FunctionDef& f : c.functions) needed = needed || f.default_role;
  if (!needed) return;
  const Value* iam_role = c.provider("iam", "role");
  if (iam_role && !iam_role->is_map()) iam_role = nullptr;
  Location loc = c.provider_loc;
  if (c.provider("iam")) loc = c.provider_key_loc("iam");
  else if (c.provider("iamRoleStatements")) loc = c.provider_key_loc("iamRoleStatements");
  Generated& r = c.add(naming::kRole, "AWS::IAM::Role", loc, "provider.iam");
  Value& p = r.properties;
  p.set_loc(loc);

  Value trust_stmt = Value::map(loc);
  trust_stmt.set("Effect", str("Allow", loc), loc);
  Value principal = Value::map(loc);
  principal.set("Service", list_of({str("lambda.amazonaws.com", loc)}, loc), loc);
  trust_stmt.set("Principal", std::move(principal), loc);
  trust_stmt.set("Action", list_of({str("sts:AssumeRole", loc)}, loc), loc);
  Value trust = Value::map(loc);
  trust.set("Version", str("2012-10-17", loc), loc);
  trust.set("Statement", list_of({std::move(trust_stmt)}, loc), loc);
  p.set("AssumeRolePolicyDocument", std::move(trust), loc);

  // The framework's own statements: write the functions' logs.
  Value statements = Value::list(loc);
  std::string log_prefix = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/" +
                           c.stack_name() + "*";
  auto allow = [&](std::vector<std::string> actions, std::vector<Value> resources) {
    Value s = Value::map(loc);
    s.set("Effect", str("Allow", loc), loc);
    Value a = Value::list(loc);
    for (auto& x : actions) a.push(str(x, loc));
    s.set("Action", std::move(a), loc);
    s.set("Resource", list_of(std::move(resources), loc), loc);
    return s;
  };
  statements.push(allow({"logs:CreateLogStream", "logs:CreateLogGroup", "logs:TagResource"},
                        {sub(log_prefix + ":*", loc)}));
  statements.push(allow({"logs:PutLogEvents"}, {sub(log_prefix + ":*:*", loc)}));

  // The user's statements: provider.iam.role.statements (v3) or provider.iamRoleStatements.
  for (const Value* user : {iam_role ? iam_role->get("statements") : nullptr, c.provider("iamRoleStatements")}) {
    if (!user || user->is_null()) continue;
    if (user->is_list()) {
      for (const Value& s : user->items()) statements.push(s);
    } else if (user->is_unknown()) {
      statements.push(*user);
    } else {
      model::add_error(c.diags, user->loc(),
                       std::string("role statements must be a list, not a ") + model::kind_name(user->kind()));
    }
  }
  bool xray = false;
  for (const FunctionDef& f : c.functions) {
    const Value* tr = f.def->get("tracing");
    if (!tr) tr = c.provider("tracing", "lambda");
    xray = xray || (tr && !tr->is_null() && flag(tr) != false);
  }
  if (xray)
    statements.push(allow({"xray:PutTraceSegments", "xray:PutTelemetryRecords"}, {str("*", loc)}));
  for (const Value& s : c.role_statements) statements.push(s);

  Value doc = Value::map(loc);
  doc.set("Version", str("2012-10-17", loc), loc);
  doc.set("Statement", std::move(statements), loc);
  Value policy = Value::map(loc);
  policy.set("PolicyName", str(c.stack_name() + "-lambda", loc), loc);
  policy.set("PolicyDocument", std::move(doc), loc);
  p.set("Policies", list_of({std::move(policy)}, loc), loc);

  Value managed = Value::list(loc);
  for (const Value* m : {iam_role ? iam_role->get("managedPolicies") : nullptr, c.provider("iamManagedPolicies")}) {
    if (m && m->is_list())
      for (const Value& arn : m->items()) managed.push(arn);
    else if (m && !m->is_null())
      managed.push(*m);
  }
  bool vpc = false;
  for (const FunctionDef& f : c.functions) {
    const Value* v = f.def->get("vpc");
    if (!v) v = c.provider("vpc");
    vpc = vpc || (v && v->is_map());
  }
  if (vpc)
    managed.push(sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole", loc));
  if (!managed.items().empty()) p.set("ManagedPolicyArns", std::move(managed), loc);

  if (iam_role) {
    if (const model::Member* m = iam_role->member("path")) p.set("Path", m->value, m->key_loc);
    if (const model::Member* m = iam_role->member("name")) p.set("RoleName", m->value, m->key_loc);
    for (const char* k : {"permissionsBoundary", "permissionBoundary"})
      if (const model::Member* m = iam_role->member(k)) p.set("PermissionsBoundary", m->value, m->key_loc);
  }
  if (!p.get("Path")) p.set("Path", str("/", loc), loc);
  if (!p.get("RoleName"))
    p.set("RoleName", sub(c.stack_name() + "-${AWS::Region}-lambdaRole", loc), loc);
  if (const model::Member* m = c.conf.get("provider") ? c.conf.get("provider")->member("rolePermissionsBoundary") : nullptr)
    p.set("PermissionsBoundary", m->value, m->key_loc);
}

}  // namespace kl::serverless::detail
