// Auth.ResourcePolicy of a SAM REST API -> the RestApi's `Policy` document, built as the
// translator builds x-amazon-apigateway-policy: custom statements as written, and for each
// allow/deny list an Allow on the API's routes plus the Deny that carves the list out.
#include "sam/detail.h"

namespace kl::sam::detail {
namespace {

std::string arn_path(const std::string& path) {
  // execute-api resources use * for path parameters: /items/{id} -> /items/*
  std::string out;
  bool in_param = false;
  for (char c : path) {
    if (c == '{') {
      in_param = true;
      out += '*';
    } else if (c == '}') {
      in_param = false;
    } else if (!in_param) {
      out += c;
    }
  }
  return out;
}

Value statement(const char* effect, const Value& resources, Location loc) {
  Value s = Value::map(loc);
  s.set("Effect", str(effect, loc), loc);
  s.set("Principal", str("*", loc), loc);
  s.set("Action", str("execute-api:Invoke", loc), loc);
  s.set("Resource", resources, loc);
  return s;
}

Value as_list(const Value& v) {
  if (v.is_list()) return v;
  Value l = Value::list(v.loc());
  l.push(v);
  return l;
}

Value condition(const char* op, const char* key, const Value& values, Location loc) {
  Value inner = Value::map(loc);
  inner.set(key, as_list(values), loc);
  Value c = Value::map(loc);
  c.set(op, std::move(inner), loc);
  return c;
}

}  // namespace

/// Declared here rather than in detail.h: only api.cc needs it.
std::optional<Value> resource_policy(Ctx& ctx, const Value& rp, const std::vector<Route>& routes,
                                     const std::string& stage, Location loc) {
  if (!rp.is_map()) {
    ctx.warn(rp.loc(), "'ResourcePolicy' must be a map");
    return std::nullopt;
  }
  Value resources = Value::list(loc);
  for (const Route& r : routes) {
    std::string verb = r.method == "x-amazon-apigateway-any-method" ? "*" : r.method;
    for (char& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    resources.push(str("execute-api:/" + stage + "/" + verb + arn_path(r.path), r.loc));
  }
  if (resources.items().empty()) resources.push(str("execute-api:/*/*/*", loc));

  Value statements = Value::list(loc);
  auto allow_and_deny = [&](const char* key, const char* op, const char* cond_key, bool whitelist) {
    const model::Member* m = rp.member(key);
    if (!m) return;
    Location at = m->key_loc;
    if (whitelist) statements.push(statement("Allow", resources, at));
    Value deny = statement("Deny", resources, at);
    deny.set("Condition", condition(op, cond_key, m->value, at), at);
    if (!whitelist) statements.push(statement("Allow", resources, at));
    statements.push(std::move(deny));
  };
  allow_and_deny("IpRangeWhitelist", "NotIpAddress", "aws:SourceIp", true);
  allow_and_deny("IpRangeBlacklist", "IpAddress", "aws:SourceIp", false);
  allow_and_deny("SourceVpcWhitelist", "StringNotEquals", "aws:SourceVpc", true);
  allow_and_deny("SourceVpcBlacklist", "StringEquals", "aws:SourceVpc", false);
  auto accounts = [&](const char* key, const char* effect) {
    const model::Member* m = rp.member(key);
    if (!m) return;
    Value s = statement(effect, resources, m->key_loc);
    Value principal = Value::map(m->key_loc);
    principal.set("AWS", as_list(m->value), m->key_loc);
    s.set("Principal", std::move(principal), m->key_loc);
    statements.push(std::move(s));
  };
  accounts("AwsAccountWhitelist", "Allow");
  accounts("AwsAccountBlacklist", "Deny");
  if (const Value* custom = rp.get("CustomStatements")) {
    if (custom->is_list())
      for (const Value& s : custom->items()) statements.push(s);
    else
      statements.push(*custom);
  }
  Value doc = Value::map(loc);
  doc.set("Version", str("2012-10-17", loc), loc);
  doc.set("Statement", std::move(statements), loc);
  return doc;
}

}  // namespace kl::sam::detail
