#include "serverless/compile.h"

#include <cctype>

#include "serverless/naming.h"

namespace kl::serverless::detail {

using model::Location;
using model::Value;

namespace {

const Value kEmptyMap = Value::map();

void collect_events(Compiler& c, FunctionDef& f) {
  const model::Member* em = f.def->member("events");
  if (!em || em->value.is_null()) return;
  if (em->value.is_unknown()) {
    model::add_warning(c.diags, em->key_loc,
                       "events of '" + f.name + "' are unknown (" + em->value.str() + ")");
    return;
  }
  if (!em->value.is_list()) {
    model::add_error(c.diags, em->value.loc(),
                     "'events' of '" + f.name + "' must be a list, not a " +
                         model::kind_name(em->value.kind()));
    return;
  }
  for (const Value& item : em->value.items()) {
    if (!item.is_map() || item.members().size() != 1) {
      if (!item.is_unknown())
        model::add_error(c.diags, item.loc(),
                         "an event of '" + f.name + "' must be a map with one key, like 'http:'");
      continue;
    }
    const model::Member& m = item.members()[0];
    f.events.push_back({m.key, &m.value, m.key_loc});
  }
}

}  // namespace

Compiler::Compiler(const Value& conf_, model::Diagnostics& diags_) : conf(conf_), diags(diags_) {
  if (const model::Member* p = conf.member("provider")) provider_loc = p->key_loc;
  else provider_loc = conf.loc();
  if (const Value* s = conf.get("service")) {
    if (auto t = text(s)) service = *t;
    else if (auto n = text(s->get("name"))) service = *n;  // v1: service: {name: x}
    else if (s->is_unknown()) service = unknown_text(*s);
  }
}

Generated& Compiler::add(const std::string& id, const std::string& type, Location loc,
                         const std::string& from) {
  if (auto it = index_.find(id); it != index_.end()) return out[it->second];
  index_[id] = out.size();
  Generated g;
  g.id = id;
  g.type = type;
  g.loc = loc;
  g.generated_from = from;
  out.push_back(std::move(g));
  return out.back();
}

Generated* Compiler::find(const std::string& id) {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &out[it->second];
}

const Value* Compiler::provider(std::string_view key) const {
  const Value* p = conf.get("provider");
  return p ? p->get(key) : nullptr;
}

const Value* Compiler::provider(std::string_view a, std::string_view b) const {
  const Value* x = provider(a);
  return x ? x->get(b) : nullptr;
}

Location Compiler::provider_key_loc(std::string_view key) const {
  return key_loc(conf.get("provider"), key, provider_loc);
}

std::string Compiler::stack_name() const { return service + "-" + stage_text(); }

Value str(std::string s, Location loc) { return Value::string(std::move(s), loc); }

Value ref(const std::string& id, Location loc) {
  Value v = Value::map(loc);
  v.set("Ref", Value::string(id, loc), loc);
  return v;
}

Value get_att(const std::string& id, const std::string& attr, Location loc) {
  Value v = Value::map(loc);
  v.set("Fn::GetAtt", list_of({Value::string(id, loc), Value::string(attr, loc)}, loc), loc);
  return v;
}

Value sub(std::string text, Location loc) {
  Value v = Value::map(loc);
  v.set("Fn::Sub", Value::string(std::move(text), loc), loc);
  return v;
}

Value list_of(std::vector<Value> items, Location loc) {
  Value l = Value::list(loc);
  for (auto& i : items) l.push(std::move(i));
  return l;
}

Location key_loc(const Value* map, std::string_view key, Location fallback) {
  if (map)
    if (const model::Member* m = map->member(key)) return m->key_loc;
  return fallback;
}

std::optional<std::string> text(const Value* v) {
  if (v && (v->is_string() || v->is_number() || v->is_bool())) return v->scalar_text();
  return std::nullopt;
}

std::optional<bool> flag(const Value* v) {
  if (!v) return std::nullopt;
  if (v->is_bool()) return v->boolean_value();
  if (v->is_string() && (v->str() == "true" || v->str() == "false")) return v->str() == "true";
  return std::nullopt;
}

std::string unknown_text(const Value& v) {
  const std::string& s = v.str();
  if (s.rfind("'", 0) == 0) {
    size_t end = s.find("':", 1);
    if (end != std::string::npos) return s.substr(1, end - 1);
  }
  if (s.rfind("${", 0) == 0) {
    int depth = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '{') ++depth;
      else if (s[i] == '}' && --depth == 0) return s.substr(0, i + 1);
    }
  }
  return s;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

void collect_functions(Compiler& c) {
  const model::Member* fm = c.conf.member("functions");
  if (!fm || fm->value.is_null()) return;
  // `functions` is a map, or a list of maps merged in order (often `- ${file(...)}`).
  std::vector<const Value*> maps;
  if (fm->value.is_map()) {
    maps.push_back(&fm->value);
  } else if (fm->value.is_list()) {
    for (const Value& item : fm->value.items()) {
      if (item.is_map()) maps.push_back(&item);
      else if (!item.is_unknown())
        model::add_error(c.diags, item.loc(),
                         std::string("items of 'functions' must be maps, not a ") +
                             model::kind_name(item.kind()));
    }
  } else if (fm->value.is_unknown()) {
    model::add_warning(c.diags, fm->key_loc, "'functions' is unknown (" + fm->value.str() + ")");
    return;
  } else {
    model::add_error(c.diags, fm->value.loc(),
                     std::string("'functions' must be a map, not a ") +
                         model::kind_name(fm->value.kind()));
    return;
  }
  for (const Value* m : maps) {
    for (const auto& member : m->members()) {
      const Value* def = &member.value;
      if (!def->is_map()) {
        if (!def->is_null())
          model::add_error(c.diags, member.key_loc,
                           "function '" + member.key + "' must be a map, not a " +
                               model::kind_name(def->kind()));
        def = &kEmptyMap;
      }
      bool dup = false;
      for (const FunctionDef& f : c.functions) dup = dup || f.name == member.key;
      if (dup) {
        model::add_error(c.diags, member.key_loc, "duplicate function '" + member.key + "'");
        continue;
      }
      FunctionDef f{member.key, member.key_loc, def, naming::lambda(member.key), true, {}};
      collect_events(c, f);
      c.functions.push_back(std::move(f));
    }
  }
}

}  // namespace kl::serverless::detail
