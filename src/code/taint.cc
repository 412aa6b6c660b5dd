#include "code/taint.h"

#include <cstdio>

namespace kl::code {
namespace {
// Traces longer than this keep their first steps and the last ones: a value shuffled
// through a loop must not grow without end.
constexpr size_t kMaxTrace = 16;
constexpr int kMaxDepth = 8;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}
}  // namespace

std::string rule_id(CodeRule r) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "KL-CODE-%03u", static_cast<unsigned>(r));
  return buf;
}

const TVal* TVal::field(const std::string& key) const {
  if (!fields) return nullptr;
  auto it = fields->find(key);
  return it == fields->end() ? nullptr : &it->second;
}

const TVal* TVal::field_icase(const std::string& key) const {
  if (!fields) return nullptr;
  for (const auto& [k, v] : *fields)
    if (iequals(k, key)) return &v;
  return nullptr;
}

const TVal* TVal::find_tainted(CodeRule r, int depth) const {
  if (tainted_for(r)) return this;
  if (!fields || depth > kMaxDepth) return nullptr;
  for (const auto& [k, v] : *fields)
    if (const TVal* t = v.find_tainted(r, depth + 1)) return t;
  return nullptr;
}

const TVal* TVal::find_flag(uint16_t flag, int depth) const {
  if (flags & flag) return this;
  if (!fields || depth > kMaxDepth) return nullptr;
  for (const auto& [k, v] : *fields)
    if (const TVal* t = v.find_flag(flag, depth + 1)) return t;
  return nullptr;
}

TVal TVal::constant(std::string s, model::Location loc) {
  TVal v;
  v.prefix = std::move(s);
  v.exact = true;
  v.flags = kString;
  v.loc = loc;
  return v;
}

TVal TVal::source(Trace trace) {
  TVal v;
  v.taint = std::make_shared<const Trace>(std::move(trace));
  return v;
}

TVal join(const TVal& a, const TVal& b) {
  TVal out;
  if (a.taint && b.taint) {
    out.taint = a.taint;
    out.sanitized = a.sanitized & b.sanitized;
  } else if (a.taint) {
    out.taint = a.taint;
    out.sanitized = a.sanitized;
  } else if (b.taint) {
    out.taint = b.taint;
    out.sanitized = b.sanitized;
  }
  out.flags = static_cast<uint16_t>(a.flags | b.flags);
  out.tainted_key = a.tainted_key || b.tainted_key;
  out.loc = a.loc.known() ? a.loc : b.loc;
  return out;
}

TVal with_step(const TVal& v, model::Location loc, std::string what) {
  if (!v.taint) return v;
  TVal out = v;
  auto t = std::make_shared<Trace>(*v.taint);
  if (t->size() >= kMaxTrace) t->erase(t->begin() + kMaxTrace / 2);
  t->emplace_back(loc, std::move(what));
  out.taint = std::move(t);
  return out;
}

void keep_nested_disclosure(TVal& out, const TVal& arg, model::Location at) {
  for (uint16_t flag : {uint16_t{kEnvDump}, uint16_t{kStackTrace}}) {
    if ((arg.flags & flag) || !arg.fields || !arg.find_flag(flag)) continue;
    out.flags |= flag;
    out.loc = at;
  }
}

TVal sanitized(const TVal* v, uint32_t rules) {
  TVal out = v ? *v : TVal{};
  out.sanitized |= rules;
  out.fields = nullptr;
  return out;
}

}  // namespace kl::code
