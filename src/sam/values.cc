// Small helpers of the SAM expansion: values that carry the user's locations.
#include <cstdio>

#include "sam/detail.h"

namespace kl::sam::detail {

Resource& Ctx::emit(std::string id, std::string type, Location loc, std::string from) {
  auto r = std::make_unique<Resource>();
  r->id = std::move(id);
  r->type = std::move(type);
  r->loc = loc;
  r->properties = Value::map(loc);
  r->generated_from = std::move(from);
  if (out.find(r->id))
    warn(loc, "SAM would generate '" + r->id + "', which the template already defines");
  return out.add(std::move(r));
}

Value str(std::string s, Location loc) { return Value::string(std::move(s), loc); }
Value boolean(bool b, Location loc) { return Value::boolean(b, loc); }

Value ref_to(const std::string& id, Location loc) {
  Value v = Value::unknown("Ref to resource '" + id + "'", loc);
  v.set_ref(id);
  return v;
}

Value get_att(const std::string& id, const std::string& attr, Location loc) {
  return model::get_att_value(id, attr, loc);
}

void relocate(Value& v, Location loc) {
  v.set_loc(loc);
  for (Value& item : v.items()) relocate(item, loc);
  for (model::Member& m : v.members()) {
    m.key_loc = loc;
    relocate(m.value, loc);
  }
}

const Value* as_map(const Value* v) { return v && v->is_map() ? v : nullptr; }

const Value* field(const Value* v, std::string_view key) { return v ? v->get(key) : nullptr; }

Location key_loc(const Value* v, std::string_view key, Location fallback) {
  const model::Member* m = v ? v->member(key) : nullptr;
  return m && m->key_loc.known() ? m->key_loc : fallback;
}

std::optional<std::string> literal(const Value* v) {
  if (!v || !v->is_string() || model::parameter_ref(*v)) return std::nullopt;
  return v->str();
}

std::optional<std::string> known(const Value* v) {
  if (!v || !(v->is_string() || v->is_number())) return std::nullopt;
  return v->str();
}

bool maybe_true(const Value* v) {
  if (!v) return false;
  if (v->is_either()) return maybe_true(&v->items()[0]) || maybe_true(&v->items()[1]);
  if (v->is_bool()) return v->boolean_value();
  return v->is_string() && (v->str() == "true" || v->str() == "True");
}

bool maybe_text(const Value* v, std::string_view s) {
  if (!v) return false;
  if (v->is_either()) return maybe_text(&v->items()[0], s) || maybe_text(&v->items()[1], s);
  if (!v->is_string() || v->str().size() != s.size()) return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(v->str()[i])) !=
        std::tolower(static_cast<unsigned char>(s[i])))
      return false;
  return true;
}

std::string hash10(std::string_view text) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return std::string(buf, 10);
}

Value tag_list(const Value* sam_tags, const std::string& created_by_key, Location loc) {
  Value list = Value::list(loc);
  Value sam = Value::map(loc);
  sam.set("Key", str(created_by_key, loc), loc);
  sam.set("Value", str("SAM", loc), loc);
  list.push(std::move(sam));
  if (sam_tags && sam_tags->is_map()) {
    for (const model::Member& m : sam_tags->members()) {
      Value tag = Value::map(m.key_loc);
      tag.set("Key", str(m.key, m.key_loc), m.key_loc);
      tag.set("Value", m.value, m.key_loc);
      list.push(std::move(tag));
    }
  }
  return list;
}

Value s3_location(const Value& uri, const char* bucket_key, const char* key_key,
                  const char* version_key) {
  Location loc = uri.loc();
  Value out = Value::map(loc);
  if (uri.is_string() && uri.str().rfind("s3://", 0) == 0) {
    std::string rest = uri.str().substr(5);
    size_t slash = rest.find('/');
    out.set(bucket_key, str(rest.substr(0, slash), loc), loc);
    std::string key = slash == std::string::npos ? "" : rest.substr(slash + 1);
    std::string version;
    if (size_t q = key.find("?versionId="); q != std::string::npos) {
      version = key.substr(q + 11);
      key.resize(q);
    }
    out.set(key_key, str(key, loc), loc);
    if (!version.empty()) out.set(version_key, str(version, loc), loc);
    return out;
  }
  if (uri.is_map()) {
    copy_prop(uri, out, "Bucket", bucket_key);
    copy_prop(uri, out, "Key", key_key);
    copy_prop(uri, out, "Version", version_key);
    return out;
  }
  if (uri.is_string())
    return Value::unknown("local code '" + uri.str() + "' is uploaded by 'sam package'", loc);
  return uri;
}

namespace {
void collect_refs(const Value& v, std::set<std::string>& ids) {
  if (!v.ref().empty())  // most nodes have none: skip building the string
    if (std::string r = model::resource_ref(v); !r.empty()) ids.insert(std::move(r));
  for (const Value& item : v.items()) collect_refs(item, ids);
  for (const model::Member& m : v.members()) collect_refs(m.value, ids);
}
}  // namespace

void add_ref_edges(Resource& r, const Value& v, const std::string& via) {
  std::set<std::string> ids;
  collect_refs(v, ids);
  for (const std::string& id : ids) {
    bool dup = false;
    for (const model::Edge& e : r.edges) dup = dup || (e.kind == model::EdgeKind::Ref && e.target == id);
    if (!dup) r.edges.push_back({model::EdgeKind::Ref, id, via});
  }
}

void copy_prop(const Value& from, Value& to, std::string_view key, std::string_view as) {
  const model::Member* m = from.member(key);
  if (!m) return;
  to.set(std::string(as.empty() ? key : as), m->value, m->key_loc);
}

}  // namespace kl::sam::detail
