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

}  // namespace kl::code
