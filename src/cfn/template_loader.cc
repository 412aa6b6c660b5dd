#include "cfn/template_loader.h"

#include "cfn/resolver.h"

namespace kl::cfn {

using model::Location;
using model::Resource;
using model::Value;

namespace {

bool typed_resource(const Value& v) {
  const Value* t = v.get("Type");
  if (!t || !t->is_string()) return false;
  const std::string& s = t->str();
  return s.rfind("AWS::", 0) == 0 || s.rfind("Custom::", 0) == 0 || s.rfind("Alexa::", 0) == 0;
}

void add_depends_on(Resource& r, const Value& deps) {
  if (deps.is_string()) {
    r.edges.push_back({model::EdgeKind::DependsOn, deps.str(), "DependsOn"});
  } else if (deps.is_list()) {
    for (const Value& d : deps.items())
      if (d.is_string()) r.edges.push_back({model::EdgeKind::DependsOn, d.str(), "DependsOn"});
  }
}

}  // namespace

bool uses_sam_transform(const Value& doc) {
  const Value* t = doc.get("Transform");
  if (!t) return false;
  auto is_sam = [](const Value& v) {
    return v.is_string() && v.str().rfind("AWS::Serverless", 0) == 0;
  };
  if (is_sam(*t)) return true;
  if (t->is_list())
    for (const Value& item : t->items())
      if (is_sam(item)) return true;
  return false;
}

bool looks_like_template(const Value& doc) {
  if (!doc.is_map()) return false;
  if (doc.get("AWSTemplateFormatVersion")) return true;
  if (uses_sam_transform(doc)) return true;
  const Value* res = doc.get("Resources");
  if (!res || !res->is_map() || res->members().empty()) return false;
  for (const auto& m : res->members())
    if (typed_resource(m.value)) return true;
  return false;
}

model::Model load_template(Value doc, const std::string& file, const LoadOptions& opts,
                           model::Diagnostics& diags) {
  model::Model out;
  out.file = file;
  out.source = uses_sam_transform(doc) ? model::SourceKind::Sam : model::SourceKind::CloudFormation;
  Resolver resolver(doc, opts.parameters, diags);
  out.parameters = resolver.parameters();

  const Value* resources = doc.get("Resources");
  if (!resources || resources->is_null()) {
    model::add_error(diags, resources ? resources->loc() : doc.loc(),
                     "template has no 'Resources'");
  } else if (!resources->is_map()) {
    model::add_error(diags, resources->loc(),
                     std::string("'Resources' must be a map, not a ") +
                         model::kind_name(resources->kind()));
  } else {
    for (const auto& m : resources->members()) {
      const Value& def = m.value;
      if (!def.is_map()) {
        model::add_error(diags, m.key_loc, "resource '" + m.key + "' must be a map");
        continue;
      }
      const Value* type = def.get("Type");
      if (!type || !type->is_string()) {
        model::add_error(diags, m.key_loc, "resource '" + m.key + "' has no 'Type' string");
        continue;
      }
      auto r = std::make_unique<Resource>();
      r->id = m.key;
      r->type = type->str();
      r->loc = m.key_loc;
      if (const Value* cond = def.get("Condition"); cond && cond->is_string()) {
        Tri t = resolver.condition(cond->str());
        if (t == Tri::False) continue;  // not deployed with these parameters
        if (t == Tri::Unknown) r->condition = cond->str();
      }
      if (const Value* props = def.get("Properties")) {
        if (props->is_map()) {
          std::vector<std::string> refs;
          r->properties = resolver.resolve(*props, &refs);
          for (auto& id : refs) r->edges.push_back({model::EdgeKind::Ref, id, "Properties"});
        } else if (!props->is_null()) {
          model::add_error(diags, props->loc(),
                           "'Properties' of '" + m.key + "' must be a map, not a " +
                               model::kind_name(props->kind()));
          r->properties = Value::map(props->loc());
        }
      }
      if (const Value* md = def.get("Metadata")) r->metadata = *md;
      if (const Value* deps = def.get("DependsOn")) add_depends_on(*r, *deps);
      if (out.find(r->id)) {
        model::add_error(diags, m.key_loc, "duplicate resource '" + m.key + "'");
        continue;
      }
      out.add(std::move(r));
    }
  }
  if (const Value* globals = doc.get("Globals"); globals && globals->is_map())
    out.sam_globals = resolver.resolve(*globals);
  out.raw = std::move(doc);
  return out;
}

}  // namespace kl::cfn
