#include "code/interp.h"

namespace kl::code {

const TVal* Call::kwarg(std::string_view name) const {
  for (const auto& [k, v] : kwargs)
    if (k == name) return &v;
  return nullptr;
}

const TVal* Call::arg(size_t i, std::string_view name) const {
  if (i < args.size()) return &args[i];
  if (!name.empty()) return kwarg(name);
  return nullptr;
}

void Findings::add(CodeFinding f) {
  if (!seen_.insert({static_cast<unsigned>(f.rule), f.loc.line}).second) return;
  items_.push_back(std::move(f));
}

void report_value(Findings& out, CodeRule rule, model::Location loc, const TVal& v, std::string sink,
                  std::string variant, bool critical) {
  CodeFinding f;
  f.rule = rule;
  f.loc = loc;
  f.variant = std::move(variant);
  f.critical = critical;
  if (v.taint) f.trace = *v.taint;
  f.trace.emplace_back(loc, "reaches " + sink);
  f.sink = std::move(sink);
  out.add(std::move(f));
}

bool report_if_tainted(Findings& out, CodeRule rule, const Call& c, const TVal* v, std::string sink,
                       std::string variant) {
  if (!v) return false;
  const TVal* t = v->find_tainted(rule);
  if (!t) return false;
  report_value(out, rule, c.loc, *t, std::move(sink), std::move(variant));
  return true;
}

void apply_guards(const std::vector<GuardEffect>& effects, Env& env) {
  for (const GuardEffect& e : effects) {
    auto it = env.find(e.name);
    if (it == env.end()) continue;
    if (e.clears == kAllRules) {
      it->second.taint = nullptr;
      it->second.fields = nullptr;
    } else {
      it->second.sanitized |= e.clears;
    }
  }
}

void merge_env(Env& into, const Env& other) {
  for (const auto& [k, v] : other) {
    auto it = into.find(k);
    if (it == into.end()) {
      into.emplace(k, v);
    } else if (v.tainted() || v.flags != it->second.flags || v.fields != it->second.fields) {
      TVal j = join(it->second, v);
      j.qname = it->second.qname.empty() ? v.qname : it->second.qname;
      j.fields = it->second.fields ? it->second.fields : v.fields;
      if (it->second.prefix && v.prefix && *it->second.prefix == *v.prefix) {
        j.prefix = v.prefix;
        j.exact = v.exact && it->second.exact;
      }
      it->second = std::move(j);
    }
  }
}

}  // namespace kl::code
