// A user's DefinitionBody as SAM deploys it: the API's DefaultAuthorizer and
// ApiKeyRequired applied to the user's operations (as the translator's
// set_path_default_authorizer / set_path_default_apikey_required), the authorizer
// definitions added, and the event routes merged in where SAM merges them.
#include "sam/openapi.h"

namespace kl::sam::detail {
namespace {

bool is_method(std::string_view key) {
  for (const char* m : {"get", "put", "post", "delete", "options", "head", "patch",
                        "x-amazon-apigateway-any-method"})
    if (key == m) return true;
  return false;
}

/// The default authorizer on one operation of a user's DefinitionBody, as the translator's
/// set_path_default_authorizer: kept when the operation names an authorizer of the API (or
/// AWS_IAM) or says NONE, added after its other requirements otherwise.
void default_authorizer(Value& op, Location at, const std::string& def, const Value& auth, Usage& used) {
  const Value* authorizers = as_map(auth.get("Authorizers"));
  auto is_authorizer = [&](const std::string& k) {
    return k == "AWS_IAM" || (authorizers && authorizers->get(k));
  };
  Value* sec = op.get("security");
  if (sec && !sec->is_list()) return;
  if (sec)
    for (const Value& req : sec->items())
      for (const model::Member& m : req.members())
        if (m.key == "NONE" || is_authorizer(m.key)) {
          if (m.key == "AWS_IAM") used.iam = true;
          return;
        }
  if (!sec) sec = &op.set("security", Value::list(at), at);
  const Value* scopes = field(field(authorizers, def), "AuthorizationScopes");
  sec->push(requirement(def, def == "AWS_IAM" ? nullptr : scopes, at));
  if (def == "AWS_IAM") used.iam = true;
}

void api_key_required(Value& op, Location at, Usage& used) {
  Value* sec = op.get("security");
  if (sec && !sec->is_list()) return;
  if (sec)
    for (const Value& req : sec->items())
      if (req.get("api_key")) {
        used.api_key = true;
        return;
      }
  if (!sec) sec = &op.set("security", Value::list(at), at);
  sec->push(requirement("api_key", nullptr, at));
  used.api_key = true;
}

}  // namespace

Value user_body(const Value& body, const std::vector<Route>& routes, const Value& auth, bool http,
                bool merge_routes, Location loc) {
  Value doc = body;
  Value* paths_v = doc.get("paths");
  if (!paths_v) paths_v = &doc.set("paths", Value::map(loc), loc);
  if (!paths_v->is_map()) return doc;
  Usage used;
  if (merge_routes) {
    // HTTP APIs add event routes the body lacks; REST APIs with MergeDefinitions let the
    // generated operations replace the user's.
    Value generated = paths(routes, auth, http, used, loc);
    for (model::Member& p : generated.members()) {
      Value* item = paths_v->get(p.key);
      if (!item) {
        paths_v->set(p.key, std::move(p.value), p.key_loc);
        continue;
      }
      if (!item->is_map()) continue;
      for (model::Member& op : p.value.members())
        if (!http || !item->get(op.key)) item->set(op.key, std::move(op.value), op.key_loc);
    }
  }
  std::optional<std::string> def = literal(auth.get("DefaultAuthorizer"));
  bool keys = !http && maybe_true(auth.get("ApiKeyRequired"));
  for (model::Member& p : paths_v->members()) {
    if (!p.value.is_map()) continue;
    for (model::Member& op : p.value.members()) {
      if (!is_method(op.key) || !op.value.is_map()) continue;
      // What SAM adds is reported at the method key, the operation's own line.
      if (def && *def != "NONE") default_authorizer(op.value, op.key_loc, *def, auth, used);
      if (keys) api_key_required(op.value, op.key_loc, used);
      if (const Value* sec = op.value.get("security"); sec && sec->is_list())
        for (const Value& req : sec->items())
          if (req.get("AWS_IAM")) used.iam = true;
    }
  }
  if (!as_map(auth.get("Authorizers")) && !used.iam && !used.api_key && !def) return doc;
  if (http || doc.get("openapi")) {  // OpenAPI 3 keeps schemes under components
    Value* components = doc.get("components");
    if (!components) components = &doc.set("components", Value::map(loc), loc);
    if (!components->is_map()) return doc;
    Value* schemes = components->get("securitySchemes");
    if (!schemes) schemes = &components->set("securitySchemes", Value::map(loc), loc);
    if (schemes->is_map()) add_definitions(*schemes, auth, used, http, loc);
  } else {
    Value* defs = doc.get("securityDefinitions");
    if (!defs) defs = &doc.set("securityDefinitions", Value::map(loc), loc);
    if (defs->is_map()) add_definitions(*defs, auth, used, false, loc);
  }
  return doc;
}

Value opaque_body(Ctx& ctx, const Value& body, const std::string& api_id) {
  if (body.is_unknown()) return body;
  ctx.warn(body.loc(), "'DefinitionBody' of '" + api_id + "' must be a map");
  return Value::unknown("DefinitionBody is not a map", body.loc());
}

}  // namespace kl::sam::detail
