#include "rules/access.h"

#include <cctype>
#include <cstdlib>

namespace kl::rules {

using model::Value;

namespace {

void collect(const Value* v, model::Location loc, const std::string_view* path, size_t n,
             std::vector<Possible>& out, int depth) {
  if (depth > 64) {
    // Beyond this the branches are not followed; the answer is Unknown, never "absent".
    static const Value kTooDeep = Value::unknown("Fn::If nested too deeply to follow");
    out.push_back({&kTooDeep, loc});
    return;
  }
  if (v && v->is_either()) {
    for (const Value& branch : v->items()) collect(&branch, v->loc(), path, n, out, depth + 1);
    return;
  }
  if (v && v->is_absent()) v = nullptr;
  // Below an Unknown value everything is unknown too, never absent: a rule must not read
  // `AdminCreateUserConfig: !ImportValue x` as "AllowAdminCreateUserOnly is not set".
  if (n == 0 || !v || v->is_unknown()) {
    out.push_back({v, v && v->loc().known() ? v->loc() : loc});
    return;
  }
  const Value* child = v->is_map() ? v->get(path[0]) : nullptr;
  model::Location here = v->loc().known() ? v->loc() : loc;
  if (child) {
    if (const model::Member* m = v->member(path[0]); m && m->key_loc.known()) here = m->key_loc;
  }
  collect(child, here, path + 1, n - 1, out, depth + 1);
}

}  // namespace

std::vector<Possible> possible_values(const Value& root,
                                      std::initializer_list<std::string_view> path) {
  std::vector<Possible> out;
  collect(&root, root.loc(), path.begin(), path.size(), out, 0);
  return out;
}

std::vector<const Value*> alternatives(const Value* v) {
  std::vector<const Value*> out;
  if (!v) {
    out.push_back(nullptr);
    return out;
  }
  for (const Possible& p : possible_values(*v, {})) out.push_back(p.value);
  return out;
}

Truth truth(const Value* v) {
  if (!v || v->is_absent()) return Truth::Absent;
  if (v->is_unknown() || v->is_either()) return Truth::Unknown;
  if (v->is_bool()) return v->boolean_value() ? Truth::True : Truth::False;
  if (v->is_string()) {
    if (iequals(v->str(), "true")) return Truth::True;
    if (iequals(v->str(), "false")) return Truth::False;
  }
  return Truth::Invalid;
}

std::optional<std::string> text(const Value* v) {
  if (!v) return std::nullopt;
  if (v->is_string() || v->is_number()) return v->str();
  if (v->is_bool()) return v->scalar_text();
  return std::nullopt;
}

std::optional<double> number(const Value* v) {
  if (!v) return std::nullopt;
  if (v->is_number()) return v->number_value();
  if (v->is_string() && !v->str().empty()) {
    char* end = nullptr;
    double d = std::strtod(v->str().c_str(), &end);
    if (end && *end == '\0') return d;
  }
  return std::nullopt;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  // ASCII folding, as std::tolower does in the "C" locale kumolens runs in, without a
  // library call per character.
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool icontains(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  if (needle.size() > haystack.size()) return false;
  for (size_t i = 0; i + needle.size() <= haystack.size(); ++i)
    if (iequals(haystack.substr(i, needle.size()), needle)) return true;
  return false;
}

bool text_is(const Value* v, std::string_view expected) {
  auto t = text(v);
  return t && iequals(*t, expected);
}

bool admin_like(std::string_view s) {
  static const char* const kWords[] = {"admin", "internal", "staff", "backoffice", "manage",
                                       "管理"};
  for (const char* w : kWords)
    if (icontains(s, w)) return true;
  // "ops" only as a word of its own (OpsApi, ops-pool, internal_ops), not in "shops".
  std::string word;
  auto flush = [&] {
    bool hit = iequals(word, "ops");
    word.clear();
    return hit;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool upper_starts_word = std::isupper(c) && i > 0 && std::islower(static_cast<unsigned char>(s[i - 1]));
    if (!std::isalnum(c) || upper_starts_word) {
      if (flush()) return true;
      if (!std::isalnum(c)) continue;
    }
    word += static_cast<char>(c);
  }
  return flush();
}

const model::Resource* referenced(const model::Model& model, const Value* v) {
  if (!v) return nullptr;
  std::string id = model::resource_ref(*v);
  if (id.empty()) return nullptr;
  return model.find(id);
}

}  // namespace kl::rules
