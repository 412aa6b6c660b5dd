#include "serverless/loader.h"

#include <filesystem>

#include "cfn/template_loader.h"
#include "serverless/compile.h"
#include "serverless/variables.h"

namespace kl::serverless {

using model::Location;
using model::Value;

namespace {

std::string base_name(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

/// lodash merge as the framework applies `resources` over what it generated: maps merge
/// key by key, anything else is replaced.
void deep_merge(Value& into, const Value& from) {
  if (!into.is_map() || !from.is_map()) {
    into = from;
    return;
  }
  for (const auto& m : from.members()) {
    if (Value* existing = into.get(m.key)) deep_merge(*existing, m.value);
    else into.set(m.key, m.value, m.key_loc);
  }
}

Value generated_definition(const detail::Generated& g) {
  Value def = Value::map(g.loc);
  def.set("Type", Value::string(g.type, g.loc), g.loc);
  def.set("Properties", g.properties, g.loc);
  if (!g.depends_on.empty()) {
    Value deps = Value::list(g.loc);
    for (const auto& d : g.depends_on) deps.push(Value::string(d, g.loc));
    def.set("DependsOn", std::move(deps), g.loc);
  }
  return def;
}

/// The CloudFormation document the framework would deploy: the generated resources with
/// `resources` (a map, or a list of maps) merged over them.
Value stack_document(const Value& conf, detail::Compiler& c, model::Diagnostics& diags) {
  Value doc = Value::map(conf.loc());
  Value& res = doc.set("Resources", Value::map(conf.loc()), conf.loc());
  for (const auto& g : c.out) res.set(g.id, generated_definition(g), g.loc);

  const model::Member* rm = conf.member("resources");
  if (!rm || rm->value.is_null()) return doc;
  std::vector<const Value*> parts;
  if (rm->value.is_map()) {
    parts.push_back(&rm->value);
  } else if (rm->value.is_list()) {
    for (const Value& item : rm->value.items()) {
      if (item.is_map()) parts.push_back(&item);
      else if (item.is_unknown())
        model::add_warning(diags, item.loc(), "part of 'resources' is unknown (" + item.str() + ")");
      else if (!item.is_null())
        model::add_error(diags, item.loc(), std::string("items of 'resources' must be maps, not a ") +
                                                model::kind_name(item.kind()));
    }
  } else if (rm->value.is_unknown()) {
    model::add_warning(diags, rm->key_loc, "'resources' is unknown (" + rm->value.str() + ")");
  } else {
    model::add_error(diags, rm->value.loc(), std::string("'resources' must be a map, not a ") +
                                                 model::kind_name(rm->value.kind()));
  }
  for (const Value* part : parts) {
    for (const auto& section : part->members()) {
      if (section.key == "Outputs" || section.key == "Description") continue;
      const Value& v = section.value;
      if (v.is_null()) continue;
      if (!v.is_map()) {
        model::add_error(diags, v.loc(), "'resources." + section.key + "' must be a map, not a " +
                                             model::kind_name(v.kind()));
        continue;
      }
      if (section.key == "Resources") {
        for (const auto& r : v.members()) {
          if (Value* existing = res.get(r.key)) deep_merge(*existing, r.value);  // overrides
          else res.set(r.key, r.value, r.key_loc);
        }
      } else if (section.key == "extensions") {
        for (const auto& r : v.members()) {
          if (Value* existing = c.find(r.key) ? res.get(r.key) : nullptr) deep_merge(*existing, r.value);
          else model::add_error(diags, r.key_loc, "'resources.extensions' names '" + r.key +
                                                      "', which the framework does not generate");
        }
      } else if (section.key == "Conditions" || section.key == "Mappings" || section.key == "Parameters") {
        Value* into = doc.get(section.key);
        if (!into) into = &doc.set(section.key, Value::map(v.loc()), section.key_loc);
        for (const auto& m : v.members()) into->set(m.key, m.value, m.key_loc);
      }
    }
  }
  return doc;
}

}  // namespace

bool looks_like_serverless(const std::string& path, const Value& doc) {
  std::string name = base_name(path);
  if (name != "serverless.yml" && name != "serverless.yaml" && name != "serverless.json") return false;
  return doc.is_map() && doc.get("service") && doc.get("provider");
}

model::Model load(Value doc, const std::string& path, const LoadOptions& opts,
                  model::Diagnostics& diags) {
  model::Model m;
  m.file = path;
  m.source = model::SourceKind::Serverless;

  VariableOptions vo;
  vo.options = opts.options;
  vo.base_dir = std::filesystem::path(path).parent_path().string();
  vo.reader = opts.reader;
  vo.parse = opts.parse;
  VariableResolver variables(doc, std::move(vo), diags);
  Value conf = variables.resolve_document();

  const model::Member* pm = conf.member("provider");
  if (pm && !pm->value.is_map()) {
    if (pm->value.is_unknown())
      model::add_warning(diags, pm->key_loc, "'provider' is unknown (" + pm->value.str() + ")");
    else
      model::add_error(diags, pm->value.loc(), std::string("'provider' must be a map, not a ") +
                                                   model::kind_name(pm->value.kind()));
    conf.set("provider", Value::map(pm->value.loc()), pm->key_loc);
  }
  if (const Value* name = conf.get("provider") ? conf.get("provider")->get("name") : nullptr;
      name && name->is_string() && name->str() != "aws") {
    model::add_note(diags, name->loc(), "provider '" + name->str() + "' is not 'aws'; skipped");
    m.raw = std::move(doc);
    return m;
  }

  detail::Compiler c(conf, diags);
  c.stage = variables.stage();
  c.region = variables.region();
  detail::collect_functions(c);
  detail::compile_functions(c);
  detail::compile_rest_api(c);
  detail::compile_http_api(c);
  detail::compile_other_events(c);
  detail::compile_role(c);

  Value stack = stack_document(conf, c, diags);
  cfn::LoadOptions lo;
  lo.parameters = opts.options;
  // The framework deploys to provider.region (default us-east-1): Fn::Sub texts can say so.
  if (c.region && !lo.parameters.count("AWS::Region")) lo.parameters["AWS::Region"] = *c.region;
  model::Model loaded = cfn::load_template(std::move(stack), path, lo, diags);
  m.resources = std::move(loaded.resources);
  m.parameters = std::move(loaded.parameters);
  // Re-add through the index so find() works on the moved resources.
  std::vector<std::unique_ptr<model::Resource>> all = std::move(m.resources);
  m.resources.clear();
  for (auto& r : all) {
    if (const detail::Generated* g = c.find(r->id)) {
      r->generated_from = g->generated_from;
      for (const auto& e : g->edges) r->edges.push_back(e);
    }
    m.add(std::move(r));
  }
  m.raw = std::move(doc);
  return m;
}

}  // namespace kl::serverless
