#include "cfn/resolver.h"

#include "cfn/substitute.h"

#include <cstdlib>

namespace kl::cfn {

using model::Kind;
using model::Location;
using model::Value;

namespace {

constexpr int kMaxDepth = 600;

const char* const kIntrinsics[] = {
    "Ref",          "Fn::GetAtt", "Fn::Sub",    "Fn::Join",   "Fn::Select", "Fn::Split",
    "Fn::FindInMap", "Fn::If",    "Fn::ImportValue", "Fn::GetAZs", "Fn::Base64", "Fn::Cidr",
    "Fn::Transform", "Fn::Length", "Fn::ToJsonString", "Fn::Equals", "Fn::And", "Fn::Or",
    "Fn::Not"};

bool is_false_text(const Value& v) {
  return (v.is_bool() && !v.boolean_value()) || (v.is_string() && (v.str() == "false" || v.str() == "False"));
}
bool is_true_text(const Value& v) {
  return (v.is_bool() && v.boolean_value()) || (v.is_string() && (v.str() == "true" || v.str() == "True"));
}

/// "a,b" -> ["a", "b"] (each trimmed of surrounding spaces, as CloudFormation does).
Value split_list(const std::string& text, const std::string& delim, Location loc, bool trim) {
  Value out = Value::list(loc);
  if (delim.empty()) {
    out.push(Value::string(text, loc));
    return out;
  }
  size_t start = 0;
  while (true) {
    size_t pos = text.find(delim, start);
    std::string part = text.substr(start, pos == std::string::npos ? std::string::npos : pos - start);
    if (trim) {
      size_t b = part.find_first_not_of(' ');
      size_t e = part.find_last_not_of(' ');
      part = b == std::string::npos ? "" : part.substr(b, e - b + 1);
    }
    out.push(Value::string(std::move(part), loc));
    if (pos == std::string::npos) break;
    start = pos + delim.size();
  }
  return out;
}

}  // namespace

bool is_intrinsic_key(std::string_view key) {
  for (const char* k : kIntrinsics)
    if (key == k) return true;
  return false;
}

Resolver::Resolver(const Value& doc, const std::map<std::string, std::string>& overrides,
                   model::Diagnostics& diags)
    : doc_(doc), diags_(diags) {
  if (const Value* resources = doc.get("Resources"); resources && resources->is_map())
    for (const auto& m : resources->members()) {
      resource_ids_.insert(m.key);
      if (const Value* t = m.value.get("Type"); t && t->is_string() && t->str().rfind("AWS::Serverless::", 0) == 0)
        sam_ids_.push_back(m.key);
    }
  conditions_ = doc.get("Conditions");
  mappings_ = doc.get("Mappings");
  if (const Value* params = doc.get("Parameters"); params && params->is_map()) {
    for (const auto& m : params->members()) {
      model::Parameter p;
      p.name = m.key;
      p.loc = m.key_loc;
      p.definition = m.value;
      std::string type;
      if (const Value* t = m.value.get("Type"); t && t->is_string()) type = t->str();
      if (const Value* ne = m.value.get("NoEcho")) p.no_echo = is_true_text(*ne);
      Value val;
      auto ov = overrides.find(m.key);
      const Value* def = m.value.get("Default");
      Location loc = def ? def->loc() : m.key_loc;
      if (ov != overrides.end()) {
        val = Value::string(ov->second, loc);
      } else if (type.rfind("AWS::SSM::Parameter::Value", 0) == 0) {
        val = Value::unknown("parameter '" + m.key + "' is read from SSM at deploy time", loc);
      } else if (def && known_text(*def)) {
        val = Value::string(*known_text(*def), loc);
        if (def->is_number() || def->is_bool()) val = *def;
      } else if (def && def->is_list()) {
        val = *def;
      } else {
        val = Value::unknown("parameter '" + m.key + "' has no default", loc);
      }
      bool is_list_type = type.rfind("List<", 0) == 0 || type == "CommaDelimitedList";
      if (is_list_type && val.is_string()) val = split_list(val.str(), ",", loc, true);
      parameter_values_[m.key] = std::move(val);
      parameters_[m.key] = std::move(p);
    }
  }
  // Pseudo parameters the user may still override (e.g. AWS::Region=eu-west-1).
  for (const auto& [name, text] : overrides)
    if (name.rfind("AWS::", 0) == 0) parameter_values_[name] = Value::string(text);
}

const Value* Resolver::parameter_value(const std::string& name) const {
  auto it = parameter_values_.find(name);
  return it == parameter_values_.end() ? nullptr : &it->second;
}

void Resolver::bad(Location loc, const std::string& msg) { model::add_warning(diags_, loc, msg); }

Value Resolver::resolve(const Value& v, std::vector<std::string>* refs) {
  if (depth_ > kMaxDepth) return Value::unknown("nesting too deep to resolve", v.loc());
  struct DepthGuard {
    int& d;
    explicit DepthGuard(int& x) : d(x) { ++d; }
    ~DepthGuard() { --d; }
  } guard(depth_);

  switch (v.kind()) {
    case Kind::Map: {
      if (v.members().size() == 1 && is_intrinsic_key(v.members()[0].key))
        return resolve_fn(v.members()[0].key, v.members()[0].value, v.loc(), refs);
      Value out = Value::map(v.loc());
      out.members().reserve(v.members().size());
      for (const auto& m : v.members()) {
        Value r = resolve(m.value, refs);
        if (r.is_absent()) continue;  // AWS::NoValue removes the property
        out.members().emplace_back(m.key, m.key_loc, std::move(r));  // built in place
      }
      return out;
    }
    case Kind::List: {
      Value out = Value::list(v.loc());
      out.items().reserve(v.items().size());
      for (const Value& item : v.items()) {
        Value r = resolve(item, refs);
        if (r.is_absent()) continue;
        out.push(std::move(r));
      }
      return out;
    }
    default:
      return v;
  }
}

Value Resolver::resolve_fn(const std::string& fn, const Value& arg, Location loc,
                           std::vector<std::string>* refs) {
  if (fn == "Ref") return ref(arg, loc, refs);
  if (fn == "Fn::GetAtt") return get_att(arg, loc, refs);
  if (fn == "Fn::Sub") return sub(arg, loc, refs);
  if (fn == "Fn::Join") return join(arg, loc, refs);
  if (fn == "Fn::Select") return select(arg, loc, refs);
  if (fn == "Fn::Split") return split(arg, loc, refs);
  if (fn == "Fn::FindInMap") return find_in_map(arg, loc, refs);
  if (fn == "Fn::If") return fn_if(arg, loc, refs);
  if (fn == "Fn::Base64") {
    // Keep the encoded text itself: rules and secret detectors care about what it says.
    return resolve(arg, refs);
  }
  if (fn == "Fn::Length") {
    Value list = resolve(arg, refs);
    if (list.is_list()) return Value::number(std::to_string(list.items().size()), loc);
    return Value::unknown("Fn::Length of an unknown list", loc);
  }
  if (fn == "Fn::ImportValue") {
    Value name = resolve(arg, refs);
    std::string what = known_text(name).value_or("an unknown export");
    return Value::unknown("Fn::ImportValue '" + what + "' comes from another stack", loc);
  }
  if (fn == "Fn::GetAZs") return Value::unknown("Fn::GetAZs is known only at deploy time", loc);
  if (fn == "Fn::Cidr") return Value::unknown("Fn::Cidr is computed at deploy time", loc);
  if (fn == "Fn::Transform") return Value::unknown("Fn::Transform runs a macro at deploy time", loc);
  if (fn == "Fn::ToJsonString") return Value::unknown("Fn::ToJsonString", loc);
  // Condition functions outside Conditions: evaluate to a boolean when possible.
  Tri t = eval_condition(Value::map(loc).set(fn, arg, loc), 0);
  if (t == Tri::Unknown) return Value::unknown(fn + " with unknown inputs", loc);
  return Value::boolean(t == Tri::True, loc);
}

Value Resolver::ref(const Value& arg, Location loc, std::vector<std::string>* refs) {
  // A plain name (nearly always) is read where it is rather than copied.
  Value resolved;
  const Value* target = &arg;
  if (!arg.is_string()) {
    resolved = resolve(arg, refs);
    target = &resolved;
  }
  if (!target->is_string()) {
    bad(loc, "Ref needs a name");
    return Value::unknown("Ref to a non-name", loc);
  }
  const std::string& name = target->str();
  if (auto it = parameter_values_.find(name); it != parameter_values_.end()) {
    Value v = it->second;
    v.set_loc(loc);
    if (parameters_.count(name)) v.set_ref(model::kParameterRefPrefix + name);
    return v;
  }
  if (resource_ids_.count(name)) {
    if (refs) refs->push_back(name);
    Value v = Value::unknown("Ref to resource '" + name + "'", loc);
    v.set_ref(name);
    return v;
  }
  if (name == "AWS::NoValue") return Value::absent(loc);
  if (name == "AWS::Partition") return Value::string("aws", loc);
  if (name == "AWS::URLSuffix") return Value::string("amazonaws.com", loc);
  if (name.rfind("AWS::", 0) == 0)
    return Value::unknown("pseudo parameter '" + name + "'", loc);
  if (sam_generated(name)) {
    Value v = Value::unknown("Ref to '" + name + "', generated by SAM", loc);
    v.set_ref(name);
    return v;
  }
  bad(loc, "Ref to '" + name + "', which is neither a parameter nor a resource");
  return Value::unknown("unresolved Ref '" + name + "'", loc);
}

bool Resolver::sam_generated(const std::string& name) const {
  // The implicit APIs exist once a function has an Api / HttpApi event.
  if (!sam_ids_.empty() && (name.rfind("ServerlessRestApi", 0) == 0 || name.rfind("ServerlessHttpApi", 0) == 0))
    return true;
  for (const std::string& id : sam_ids_)
    if (name.size() > id.size() && name.compare(0, id.size(), id) == 0) return true;
  return false;
}

Value Resolver::get_att(const Value& arg, Location loc, std::vector<std::string>* refs) {
  std::string id, attr;
  if (arg.is_string()) {
    size_t dot = arg.str().find('.');
    id = arg.str().substr(0, dot);
    attr = dot == std::string::npos ? "" : arg.str().substr(dot + 1);
  } else if (arg.is_list() && arg.items().size() == 2) {
    Value first = resolve(arg.items()[0], refs);
    Value second = resolve(arg.items()[1], refs);
    id = known_text(first).value_or("");
    attr = known_text(second).value_or("?");
  }
  if (id.empty()) {
    bad(loc, "Fn::GetAtt needs a resource and an attribute");
    return Value::unknown("malformed Fn::GetAtt", loc);
  }
  if (!resource_ids_.count(id) && !sam_generated(id))
    bad(loc, "Fn::GetAtt names '" + id + "', which is not a resource");
  if (refs) refs->push_back(id);
  return model::get_att_value(id, attr, loc);
}

Value Resolver::sub(const Value& arg, Location loc, std::vector<std::string>* refs) {
  const Value* tmpl = &arg;
  const Value* vars = nullptr;
  if (arg.is_list()) {
    if (arg.items().empty()) {
      bad(loc, "Fn::Sub needs a string");
      return Value::unknown("malformed Fn::Sub", loc);
    }
    tmpl = &arg.items()[0];
    if (arg.items().size() > 1) vars = &arg.items()[1];
  }
  // A Serverless variable that could not be resolved: already Unknown with its reason.
  if (tmpl->is_unknown()) return *tmpl;
  if (!tmpl->is_string()) {
    bad(loc, "Fn::Sub needs a string");
    return Value::unknown("malformed Fn::Sub", loc);
  }
  return substitute(tmpl->str(), loc, [&](const std::string& name) {
    if (vars && vars->is_map() && vars->get(name)) return resolve(*vars->get(name), refs);
    if (name.find('.') != std::string::npos && name.rfind("AWS::", 0) != 0)
      return get_att(Value::string(name, loc), loc, refs);
    return ref(Value::string(name, loc), loc, refs);
  });
}

Value Resolver::join(const Value& arg, Location loc, std::vector<std::string>* refs) {
  if (!arg.is_list() || arg.items().size() != 2) {
    bad(loc, "Fn::Join needs a delimiter and a list");
    return Value::unknown("malformed Fn::Join", loc);
  }
  Value delim = resolve(arg.items()[0], refs);
  Value list = resolve(arg.items()[1], refs);
  auto d = known_text(delim);
  if (!d || !list.is_list()) return Value::unknown("Fn::Join of unknown values", loc);
  std::string out;
  bool known = true;
  std::string first_ref;
  for (size_t i = 0; i < list.items().size(); ++i) {
    if (i) out += *d;
    const Value& item = list.items()[i];
    if (auto t = known_text(item)) {
      out += *t;
    } else {
      known = false;
      if (first_ref.empty()) first_ref = model::resource_ref(item);
      out += placeholder(item, "?");
    }
  }
  if (known) return Value::string(std::move(out), loc);
  Value v = Value::unknown("Fn::Join '" + out + "'", loc);
  v.set_ref(first_ref);
  return v;
}

Value Resolver::select(const Value& arg, Location loc, std::vector<std::string>* refs) {
  if (!arg.is_list() || arg.items().size() != 2) {
    bad(loc, "Fn::Select needs an index and a list");
    return Value::unknown("malformed Fn::Select", loc);
  }
  Value index = resolve(arg.items()[0], refs);
  Value list = resolve(arg.items()[1], refs);
  auto t = known_text(index);
  if (!t || !list.is_list()) return Value::unknown("Fn::Select from unknown values", loc);
  char* end = nullptr;
  long i = std::strtol(t->c_str(), &end, 10);
  if (end == t->c_str() || i < 0 || static_cast<size_t>(i) >= list.items().size()) {
    bad(loc, "Fn::Select index " + *t + " is out of range");
    return Value::unknown("Fn::Select out of range", loc);
  }
  return list.items()[static_cast<size_t>(i)];
}

Value Resolver::split(const Value& arg, Location loc, std::vector<std::string>* refs) {
  if (!arg.is_list() || arg.items().size() != 2) {
    bad(loc, "Fn::Split needs a delimiter and a string");
    return Value::unknown("malformed Fn::Split", loc);
  }
  Value delim = resolve(arg.items()[0], refs);
  Value text = resolve(arg.items()[1], refs);
  auto d = known_text(delim);
  auto t = known_text(text);
  if (!d || !t) return Value::unknown("Fn::Split of an unknown string", loc);
  return split_list(*t, *d, loc, false);
}

Value Resolver::find_in_map(const Value& arg, Location loc, std::vector<std::string>* refs) {
  if (!arg.is_list() || arg.items().size() < 3) {
    bad(loc, "Fn::FindInMap needs a map name and two keys");
    return Value::unknown("malformed Fn::FindInMap", loc);
  }
  std::string keys[3];
  for (int i = 0; i < 3; ++i) {
    Value k = resolve(arg.items()[static_cast<size_t>(i)], refs);
    auto t = known_text(k);
    if (!t) return Value::unknown("Fn::FindInMap with an unknown key", loc);
    keys[i] = *t;
  }
  const Value* found = nullptr;
  if (mappings_ && mappings_->is_map())
    if (const Value* m = mappings_->get(keys[0]))
      if (const Value* top = m->get(keys[1])) found = top->get(keys[2]);
  if (found) {
    // Mappings hold literals (CloudFormation rejects intrinsics there). An Fn::FindInMap
    // inside one would otherwise recurse, and two of them double the work per level.
    if (in_mapping_value_) return Value::unknown("Fn::FindInMap inside a mapping value", loc);
    in_mapping_value_ = true;
    Value v = resolve(*found, refs);
    in_mapping_value_ = false;
    return v;
  }
  if (arg.items().size() == 4)
    if (const Value* def = arg.items()[3].get("DefaultValue")) return resolve(*def, refs);
  bad(loc, "Fn::FindInMap finds no '" + keys[0] + "." + keys[1] + "." + keys[2] + "'");
  return Value::unknown("Fn::FindInMap entry not found", loc);
}

Value Resolver::fn_if(const Value& arg, Location loc, std::vector<std::string>* refs) {
  if (!arg.is_list() || arg.items().size() != 3 || !arg.items()[0].is_string()) {
    bad(loc, "Fn::If needs a condition name and two values");
    return Value::unknown("malformed Fn::If", loc);
  }
  const std::string& name = arg.items()[0].str();
  Tri t = condition(name);
  if (t == Tri::True) return resolve(arg.items()[1], refs);
  if (t == Tri::False) return resolve(arg.items()[2], refs);
  return Value::either(name, resolve(arg.items()[1], refs), resolve(arg.items()[2], refs), loc);
}

Tri Resolver::condition(const std::string& name) {
  if (auto it = condition_cache_.find(name); it != condition_cache_.end()) return it->second;
  const Value* expr = conditions_ ? conditions_->get(name) : nullptr;
  if (!expr) {
    model::add_warning(diags_, conditions_ ? conditions_->loc() : doc_.loc(),
                       "condition '" + name + "' is not defined");
    return Tri::Unknown;
  }
  if (conditions_in_progress_.count(name)) {
    model::add_warning(diags_, expr->loc(), "condition '" + name + "' refers to itself");
    return Tri::Unknown;
  }
  conditions_in_progress_.insert(name);
  Tri t = eval_condition(*expr, 0);
  conditions_in_progress_.erase(name);
  condition_cache_[name] = t;
  return t;
}

Tri Resolver::eval_condition(const Value& expr, int depth) {
  if (depth > 64) return Tri::Unknown;
  if (is_true_text(expr)) return Tri::True;
  if (is_false_text(expr)) return Tri::False;
  if (!expr.is_map() || expr.members().size() != 1) return Tri::Unknown;
  const std::string& fn = expr.members()[0].key;
  const Value& arg = expr.members()[0].value;
  if (fn == "Condition" && arg.is_string()) return condition(arg.str());
  if (fn == "Fn::Equals") {
    if (!arg.is_list() || arg.items().size() != 2) return Tri::Unknown;
    Value a = resolve(arg.items()[0]);
    Value b = resolve(arg.items()[1]);
    auto ta = known_text(a), tb = known_text(b);
    if (!ta || !tb) return Tri::Unknown;
    return *ta == *tb ? Tri::True : Tri::False;
  }
  if (fn == "Fn::Not") {
    const Value* inner = arg.is_list() && !arg.items().empty() ? &arg.items()[0] : &arg;
    Tri t = eval_condition(*inner, depth + 1);
    return t == Tri::Unknown ? t : (t == Tri::True ? Tri::False : Tri::True);
  }
  if (fn == "Fn::And" || fn == "Fn::Or") {
    if (!arg.is_list()) return Tri::Unknown;
    bool is_and = fn == "Fn::And";
    bool any_unknown = false;
    for (const Value& c : arg.items()) {
      Tri t = eval_condition(c, depth + 1);
      if (t == Tri::Unknown) any_unknown = true;
      else if (is_and && t == Tri::False) return Tri::False;
      else if (!is_and && t == Tri::True) return Tri::True;
    }
    if (any_unknown) return Tri::Unknown;
    return is_and ? Tri::True : Tri::False;
  }
  return Tri::Unknown;
}

}  // namespace kl::cfn
