#include "iam/sam_policy_templates.h"

#include <algorithm>

#include "cfn/substitute.h"
#include "iam/embedded_data.h"

namespace kl::iam {
namespace {

using model::Value;

constexpr std::string_view kFile = "sam_policy_templates.json";

const Value& templates() {
  static const Value empty = Value::map();
  const Value* t = detail::embedded_json(kFile).get("templates");
  return t && t->is_map() ? *t : empty;
}

/// Text of a known scalar (strings, numbers, booleans), or nullopt.
struct Expander {
  const Value& declared;    // the template's Parameters
  const Value& values;      // what the function gave
  const PseudoParameters& pseudo;
  model::Location at;
  std::vector<std::string> missing;

  Value pseudo_value(const std::string& name, model::Location loc) const {
    if (name == "AWS::Partition") return Value::string(pseudo.partition, loc);
    if (name == "AWS::URLSuffix") return Value::string("amazonaws.com", loc);
    if (name == "AWS::Region" && pseudo.region) return Value::string(*pseudo.region, loc);
    if (name == "AWS::AccountId" && pseudo.account_id) return Value::string(*pseudo.account_id, loc);
    return Value::unknown("pseudo parameter '" + name + "'", loc);
  }

  Value parameter(const std::string& name, model::Location loc) {
    if (declared.get(name)) {
      if (const Value* v = values.is_map() ? values.get(name) : nullptr) {
        Value copy = *v;
        if (at.known()) copy.set_loc(at);
        return copy;
      }
      if (std::find(missing.begin(), missing.end(), name) == missing.end()) missing.push_back(name);
      return Value::unknown("no value for SAM policy template parameter '" + name + "'", loc);
    }
    if (name.rfind("AWS::", 0) == 0) return pseudo_value(name, loc);
    return Value::unknown("Ref '" + name + "' in a SAM policy template", loc);
  }

  // Fn::Sub after the template's Refs were substituted: "${x}" from the variables map, the
  // pseudo parameters, or Unknown. Like the loader, any unknown piece makes the whole
  // string Unknown; its text keeps the known parts and names the unknown ones.
  Value sub(const Value& arg, model::Location loc) {
    const Value* text = &arg;
    const Value* vars = nullptr;
    if (arg.is_list() && !arg.items().empty()) {
      text = &arg.items()[0];
      if (arg.items().size() > 1) vars = &arg.items()[1];
    }
    if (!text->is_string()) return Value::unknown("malformed Fn::Sub in a SAM policy template", loc);
    return cfn::substitute(text->str(), loc, [&](const std::string& name) {
      return vars && vars->is_map() && vars->get(name) ? expand(*vars->get(name))
                                                       : parameter(name, loc);
    });
  }

  Value expand(const Value& v) {
    model::Location loc = at.known() ? at : v.loc();
    if (v.is_map() && v.members().size() == 1) {
      const model::Member& m = v.members()[0];
      if (m.key == "Ref" && m.value.is_string()) return parameter(m.value.str(), loc);
      if (m.key == "Fn::Sub") return sub(m.value, loc);
    }
    // Containers are rebuilt child by child: copying `v` and then expanding each copied
    // child would copy every subtree once per level above it.
    if (v.is_list()) {
      Value out = Value::list(loc);
      out.items().reserve(v.items().size());
      for (const Value& item : v.items()) out.push(expand(item));
      return out;
    }
    if (v.is_map()) {
      Value out = Value::map(loc);
      out.members().reserve(v.members().size());
      for (const model::Member& m : v.members())
        out.members().emplace_back(m.key, at.known() ? at : m.key_loc, expand(m.value));
      return out;
    }
    if (v.is_either() && v.items().size() == 2)
      return Value::either(v.str(), expand(v.items()[0]), expand(v.items()[1]), loc);
    Value out = v;
    out.set_loc(loc);
    return out;
  }

};

}  // namespace

const std::vector<std::string>& sam_policy_template_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const model::Member& m : templates().members()) out.push_back(m.key);
    std::sort(out.begin(), out.end());
    return out;
  }();
  return names;
}

bool is_sam_policy_template(std::string_view name) { return templates().get(name) != nullptr; }

std::vector<std::string> sam_policy_template_parameters(std::string_view name) {
  std::vector<std::string> out;
  const Value* t = templates().get(name);
  const Value* params = t ? t->get("Parameters") : nullptr;
  if (params && params->is_map())
    for (const model::Member& m : params->members()) out.push_back(m.key);
  return out;
}

std::optional<SamExpansion> expand_sam_policy_template(std::string_view name, const Value& parameters,
                                                       const PseudoParameters& pseudo, model::Location at) {
  const Value* t = templates().get(name);
  if (!t) return std::nullopt;
  static const Value no_params = Value::map();
  const Value* declared = t->get("Parameters");
  const Value* definition = t->get("Definition");
  Expander ex{declared && declared->is_map() ? *declared : no_params, parameters, pseudo, at, {}};
  SamExpansion result;
  Value doc = Value::map(at);
  doc.set("Version", Value::string("2012-10-17", at), at);
  const Value* statements = definition ? definition->get("Statement") : nullptr;
  doc.set("Statement", statements ? ex.expand(*statements) : Value::list(at), at);
  result.document = std::move(doc);
  result.missing_parameters = std::move(ex.missing);
  return result;
}

std::string sam_policy_templates_source() { return model::text_or_empty(detail::embedded_json(kFile).get("source")); }
std::string sam_policy_templates_retrieved() { return model::text_or_empty(detail::embedded_json(kFile).get("retrieved")); }

}  // namespace kl::iam
