#include "rules/openapi_routes.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>

#include "rules/access.h"

namespace kl::rules {

using model::Value;

namespace {

/// What one security scheme does on API Gateway.
enum class Scheme { Ignored, Unknown, ApiKey, Iam, Authorizer };

/// A route's (or one requirement's) verdict. Lower rank = less safe; combining alternatives
/// (OR of requirements, Fn::If branches) keeps the least safe one.
struct Verdict {
  RouteAccess access = RouteAccess::Unknown;
  RouteGuard guard = RouteGuard::None;
  std::string why;

  int rank() const {
    switch (access) {
      case RouteAccess::Open: return 0;
      case RouteAccess::Unknown: return 1;
      case RouteAccess::Guarded: return guard == RouteGuard::ApiKey ? 2 : 3;
    }
    return 1;
  }
};

void keep_worse(std::optional<Verdict>& acc, Verdict v) {
  if (!acc || v.rank() < acc->rank()) acc = std::move(v);
}

Verdict open(std::string why) { return {RouteAccess::Open, RouteGuard::None, std::move(why)}; }
Verdict unknown(std::string why) { return {RouteAccess::Unknown, RouteGuard::None, std::move(why)}; }

/// The scheme named `name` in swagger 2.0 `securityDefinitions` or OpenAPI 3
/// `components.securitySchemes`, each branch of an Fn::If classified; the least safe wins.
Scheme classify_definition(const Value* def, ApiFlavor flavor) {
  Scheme worst = Scheme::Authorizer;
  for (const Value* d : alternatives(def)) {
    Scheme s;
    if (!d || !d->is_map()) {
      s = Scheme::Unknown;  // Unknown, or not a definition at all: nothing to conclude
    } else if (d->get("x-amazon-apigateway-authorizer")) {
      s = Scheme::Authorizer;
    } else {
      const Value* authtype = d->get("x-amazon-apigateway-authtype");
      const Value* type = d->get("type");
      const Value* name = d->get("name");
      const Value* in = d->get("in");
      auto unresolved = [](const Value* v) { return v && (v->is_unknown() || v->is_either()); };
      if (text_is(authtype, "awsSigv4")) {
        s = Scheme::Iam;
      } else if (unresolved(authtype) || unresolved(type)) {
        s = Scheme::Unknown;
      } else if (flavor == ApiFlavor::Rest && text_is(type, "apiKey")) {
        if (unresolved(name) || unresolved(in)) s = Scheme::Unknown;
        else if (text_is(name, "x-api-key") && (!in || text_is(in, "header"))) s = Scheme::ApiKey;
        else s = Scheme::Ignored;
      } else {
        // oauth2, http bearer, openIdConnect, ... without an API Gateway extension are
        // accepted by the import and then not enforced.
        s = Scheme::Ignored;
      }
    }
    worst = std::min(worst, s);
  }
  return worst;
}

Scheme classify_scheme(const std::string& name, const Value& body, ApiFlavor flavor) {
  const Value* found = nullptr;
  bool unreadable = false;  // some definitions are Unknown: the scheme may be among them
  auto look = [&](const Value* container) {
    for (const Value* c : alternatives(container)) {
      if (c && (c->is_unknown() || (!c->is_map() && !c->is_null()))) unreadable = true;
      if (c && c->is_map() && !found) found = c->get(name);
    }
  };
  look(body.get("securityDefinitions"));
  for (const Value* comp : alternatives(body.get("components"))) {
    if (comp && comp->is_unknown()) unreadable = true;
    if (comp && comp->is_map()) look(comp->get("securitySchemes"));
  }
  if (found) return classify_definition(found, flavor);
  if (unreadable) return Scheme::Unknown;
  // A requirement naming no defined scheme guards nothing: API Gateway imports it and
  // enforces nothing. SAM relies on that: `Auth: {Authorizer: NONE}` under a default
  // authorizer becomes `security: [{NONE: []}]`.
  return Scheme::Ignored;
}

/// The verdict of one concrete security list (Fn::If branches already chosen). API Gateway
/// does not implement OpenAPI's "any one requirement object" (OR): it applies every scheme
/// the list names — SAM writes `[{CognitoAuth: []}, {api_key: []}]` for an authorizer plus
/// ApiKeyRequired, and both hold. So the strongest scheme anywhere in the list decides.
Verdict list_verdict(const std::vector<const Value*>& reqs, const Value& body, ApiFlavor flavor) {
  Scheme best = Scheme::Ignored;
  std::string name, unresolved;
  bool empty_requirement = false;
  for (const Value* r : reqs) {
    if (!r) continue;  // an item that is AWS::NoValue on this branch
    if (!r->is_map()) {
      if (best < Scheme::Unknown) {
        best = Scheme::Unknown;
        unresolved = r->is_unknown() ? "security requirement is " + r->str() : "malformed security requirement";
      }
      continue;
    }
    if (r->members().empty()) empty_requirement = true;
    for (const model::Member& m : r->members()) {
      Scheme sc = classify_scheme(m.key, body, flavor);
      if (sc > best || name.empty()) {
        if (sc >= best) {
          best = sc;
          unresolved.clear();
        }
        name = m.key;
      }
    }
  }
  switch (best) {
    case Scheme::Authorizer: return {RouteAccess::Guarded, RouteGuard::Authorizer, "authorizer '" + name + "'"};
    case Scheme::Iam: return {RouteAccess::Guarded, RouteGuard::Iam, "IAM (SigV4) '" + name + "'"};
    case Scheme::ApiKey: return {RouteAccess::Guarded, RouteGuard::ApiKey, "API key '" + name + "'"};
    case Scheme::Unknown:
      return unknown(unresolved.empty() ? "scheme '" + name + "' is not known" : unresolved);
    case Scheme::Ignored: break;
  }
  if (!name.empty()) return open("scheme '" + name + "' is not enforced by API Gateway");
  if (empty_requirement) return open("an empty security requirement {} lets anonymous callers in");
  return open("security: []");
}

/// Every combination of the Fn::If branches of a list's items (bounded: beyond 64
/// combinations the branches are not enumerated and the verdict is Unknown).
void each_selection(const std::vector<std::vector<const Value*>>& choices, size_t i,
                    std::vector<const Value*>& picked, const std::function<void()>& fn) {
  if (i == choices.size()) {
    fn();
    return;
  }
  for (const Value* c : choices[i]) {
    picked.push_back(c);
    each_selection(choices, i + 1, picked, fn);
    picked.pop_back();
  }
}

Verdict security_verdict(const Value* security, const Value& body, ApiFlavor flavor) {
  if (!security) return open("no security");
  std::optional<Verdict> worst;
  for (const Value* s : alternatives(security)) {
    if (!s) {
      keep_worse(worst, open("no security"));
    } else if (s->is_unknown()) {
      keep_worse(worst, unknown("security is " + s->str()));
    } else if (!s->is_list()) {
      keep_worse(worst, unknown("security is not a list"));
    } else if (s->items().empty()) {
      keep_worse(worst, open("security: []"));
    } else {
      std::vector<std::vector<const Value*>> choices;
      size_t combos = 1;
      for (const Value& req : s->items()) {
        choices.push_back(alternatives(&req));
        combos *= choices.back().size();
        if (combos > 64) break;
      }
      if (combos > 64) {
        keep_worse(worst, unknown("too many Fn::If branches in security"));
        continue;
      }
      std::vector<const Value*> picked;
      each_selection(choices, 0, picked, [&] { keep_worse(worst, list_verdict(picked, body, flavor)); });
    }
  }
  return worst ? *worst : open("no security");
}

/// The HTTP method an operation key stands for; "" for other path-item keys
/// (parameters, summary, servers, $ref, extensions).
std::string method_of(const std::string& key) {
  static const char* const kMethods[] = {"get", "put", "post", "delete", "options", "head", "patch"};
  for (const char* m : kMethods) {
    if (iequals(key, m)) {
      std::string out = key;
      for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return out;
    }
  }
  if (iequals(key, "x-amazon-apigateway-any-method")) return "ANY";
  return "";
}

}  // namespace

std::string route_name(const ApiRoute& r) { return r.method + " " + r.path; }

RouteAccess security_access(const Value* security, const Value& body, ApiFlavor flavor,
                            RouteGuard* guard, std::string* why) {
  Verdict v = security_verdict(security, body, flavor);
  if (guard) *guard = v.guard;
  if (why) *why = v.why;
  return v.access;
}

std::vector<ApiRoute> openapi_routes(const Value& body, ApiFlavor flavor) {
  std::vector<ApiRoute> routes;
  std::map<std::string, size_t> index;  // "GET /x" -> position in routes
  for (const Value* doc : alternatives(&body)) {
    if (!doc || !doc->is_map()) continue;
    const Value* top_security = doc->get("security");
    for (const Value* paths : alternatives(doc->get("paths"))) {
      if (!paths || !paths->is_map()) continue;
      for (const model::Member& pm : paths->members()) {
        for (const Value* item : alternatives(&pm.value)) {
          if (!item || !item->is_map()) continue;
          for (const model::Member& om : item->members()) {
            std::string method = method_of(om.key);
            if (method.empty() || method == "OPTIONS") continue;
            for (const Value* op : alternatives(&om.value)) {
              if (!op) continue;  // AWS::NoValue: no operation on this branch
              std::optional<Verdict> worst;
              if (!op->is_map()) {
                keep_worse(worst, unknown(op->is_unknown() ? "operation is " + op->str()
                                                           : "malformed operation"));
              } else {
                // The operation's own `security` replaces the document's; a branch where it
                // is not set falls back to the document's.
                for (const Value* sec : alternatives(op->get("security")))
                  keep_worse(worst, security_verdict(sec ? sec : top_security, *doc, flavor));
              }
              ApiRoute r;
              r.method = method;
              r.path = pm.key;
              r.loc = om.key_loc.known()   ? om.key_loc
                      : op->loc().known()  ? op->loc()
                      : pm.key_loc.known() ? pm.key_loc
                                           : doc->loc();
              r.where = "paths." + pm.key + "." + om.key;
              r.access = worst->access;
              r.guard = worst->guard;
              r.why = worst->why;
              std::string key = route_name(r);
              auto it = index.find(key);
              if (it == index.end()) {
                index.emplace(key, routes.size());
                routes.push_back(std::move(r));
              } else if (Verdict{r.access, r.guard, ""}.rank() <
                         Verdict{routes[it->second].access, routes[it->second].guard, ""}.rank()) {
                ApiRoute& old = routes[it->second];
                old.access = r.access;
                old.guard = r.guard;
                old.why = r.why;
              }
            }
          }
        }
      }
    }
  }
  return routes;
}

}  // namespace kl::rules
