// The SAM expansion's driver: functions first (their events collect API routes), then the
// explicit and implicit APIs those routes belong to, then the changes SAM makes to the
// user's own resources (S3 notifications, Cognito triggers) and the renames of resources
// whose generated id differs from the user's (layers).
#include "sam/expand.h"

#include "sam/detail.h"

namespace kl::sam {

using detail::Ctx;
using model::Resource;
using model::Value;

namespace {

bool is_sam_type(const std::string& type) { return type.rfind("AWS::Serverless::", 0) == 0; }

void apply_patch(Ctx& ctx, const detail::Patch& p) {
  Resource* r = ctx.out.find(p.target);
  if (!r) return;
  Value* at = &r->properties;
  for (size_t i = 0; i < p.path.size(); ++i) {
    bool last = i + 1 == p.path.size();
    if (!at->is_map()) {
      ctx.warn(p.loc, "cannot add '" + p.path[i] + "' to '" + p.target + "': not a map");
      return;
    }
    if (last && !p.append) {
      at->set(p.path[i], p.value, p.loc);
      return;
    }
    Value* next = at->get(p.path[i]);
    if (!next) next = &at->set(p.path[i], last ? Value::list(p.loc) : Value::map(p.loc), p.loc);
    at = next;
  }
  if (!at->is_list()) {
    ctx.warn(p.loc, "cannot add to '" + p.path.back() + "' of '" + p.target + "': not a list");
    return;
  }
  at->push(p.value);
}

void rename_refs(Value& v, const std::map<std::string, std::string>& renamed) {
  if (auto it = renamed.find(v.ref()); it != renamed.end()) v.set_ref(it->second);
  for (Value& item : v.items()) rename_refs(item, renamed);
  for (model::Member& m : v.members()) rename_refs(m.value, renamed);
}

}  // namespace

void expand(model::Model& model, model::Diagnostics& diags) {
  bool any = false;
  for (const auto& r : model.resources) any = any || is_sam_type(r->type);
  if (!any) return;

  std::vector<std::unique_ptr<Resource>> old = std::move(model.resources);
  model::Model out;
  out.file = model.file;
  out.source = model.source;
  out.parameters = std::move(model.parameters);
  out.raw = std::move(model.raw);
  out.sam_globals = std::move(model.sam_globals);
  Value globals = out.sam_globals.is_map() ? out.sam_globals : Value::map();

  Ctx ctx{out, diags, globals};
  for (const auto& r : old) {
    ctx.user[r->id] = r.get();
    if (r->type == "AWS::Serverless::Api") ctx.sam_rest_apis.insert(r->id);
    if (r->type == "AWS::Serverless::HttpApi") ctx.sam_http_apis.insert(r->id);
  }

  std::vector<const Resource*> rest_apis, http_apis;
  for (auto& r : old) {
    const std::string& t = r->type;
    if (!is_sam_type(t)) {
      out.add(std::move(r));
    } else if (t == "AWS::Serverless::Function") {
      detail::expand_function(ctx, *r);
    } else if (t == "AWS::Serverless::Api") {
      rest_apis.push_back(r.get());
    } else if (t == "AWS::Serverless::HttpApi") {
      http_apis.push_back(r.get());
    } else if (t == "AWS::Serverless::SimpleTable") {
      detail::expand_simple_table(ctx, *r);
    } else if (t == "AWS::Serverless::LayerVersion") {
      detail::expand_layer(ctx, *r);
    } else if (t == "AWS::Serverless::StateMachine") {
      detail::expand_state_machine(ctx, *r);
    } else {
      // AWS::Serverless::Application (a nested stack whose content is not here) and
      // newer SAM types stay as written, so rules still see them.
      if (t != "AWS::Serverless::Application")
        ctx.note(r->loc, "'" + t + "' of '" + r->id + "' is not expanded yet");
      out.add(std::move(r));
    }
  }
  for (const Resource* api : rest_apis) detail::expand_rest_api(ctx, api, api->id);
  for (const Resource* api : http_apis) detail::expand_http_api(ctx, api, api->id);
  if (ctx.rest_routes.count(detail::kImplicitRestApi))
    detail::expand_rest_api(ctx, nullptr, detail::kImplicitRestApi);
  if (ctx.http_routes.count(detail::kImplicitHttpApi))
    detail::expand_http_api(ctx, nullptr, detail::kImplicitHttpApi);

  for (const detail::Patch& p : ctx.patches) apply_patch(ctx, p);
  if (!ctx.renamed.empty()) {
    for (auto& r : out.resources) {
      rename_refs(r->properties, ctx.renamed);
      for (model::Edge& e : r->edges)
        if (auto it = ctx.renamed.find(e.target); it != ctx.renamed.end()) e.target = it->second;
    }
  }
  model = std::move(out);
}

}  // namespace kl::sam
