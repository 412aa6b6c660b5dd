#include "rules/iam_support.h"

#include <algorithm>

#include "iam/parse.h"
#include "rules/access.h"
#include "iam/pseudo_parameters.h"

namespace kl::rules {

std::optional<iam::Policy> read_policy(const model::Value& doc) {
  model::Diagnostics ignored;
  model::Value pinned = doc;
  iam::pin_pseudo_parameters(pinned);
  return iam::parse_policy(pinned, ignored);
}

std::vector<PolicyDocument> policy_documents(const model::Resource& resource, const char* property) {
  std::vector<PolicyDocument> out;
  for (const Possible& p : possible_values(resource.properties, {property})) {
    if (!p.value || p.value->is_unknown()) continue;
    for (model::Value& doc : document_variants(*p.value))
      if (auto policy = read_policy(doc)) out.push_back({std::move(doc), std::move(*policy), p.loc});
  }
  return out;
}

namespace {

size_t count_either(const model::Value& v, size_t stop) {
  size_t n = v.is_either() ? 1 : 0;
  for (const model::Value& x : v.items()) {
    if (n > stop) return n;
    n += count_either(x, stop);
  }
  for (const model::Member& m : v.members()) {
    if (n > stop) return n;
    n += count_either(m.value, stop);
  }
  return n;
}

bool has_either(const model::Value& v) {
  if (v.is_either()) return true;
  for (const model::Value& x : v.items())
    if (has_either(x)) return true;
  for (const model::Member& m : v.members())
    if (has_either(m.value)) return true;
  return false;
}

// Every variant of `v` (bounded by `limit`); Absent stands for "not set".
std::vector<model::Value> variants(const model::Value& v, size_t limit) {
  if (v.is_either()) {
    std::vector<model::Value> out;
    for (const model::Value& branch : v.items())
      for (model::Value& x : variants(branch, limit))
        if (out.size() < limit) out.push_back(std::move(x));
    return out;
  }
  if (!has_either(v)) return {v};
  std::vector<model::Value> out = {v};
  auto combine = [&](auto get_child, size_t count) {
    for (size_t i = 0; i < count; ++i) {
      std::vector<model::Value> next;
      for (const model::Value& partial : out) {
        for (model::Value& child : variants(get_child(partial, i), limit)) {
          if (next.size() >= limit) break;
          model::Value copy = partial;
          get_child(copy, i) = std::move(child);
          next.push_back(std::move(copy));
        }
      }
      out = std::move(next);
    }
  };
  if (v.is_list()) {
    combine([](auto& x, size_t i) -> auto& { return x.items()[i]; }, v.items().size());
    for (model::Value& x : out)  // an Absent item is no item
      x.items().erase(std::remove_if(x.items().begin(), x.items().end(),
                                     [](const model::Value& item) { return item.is_absent(); }),
                      x.items().end());
  } else if (v.is_map()) {
    combine([](auto& x, size_t i) -> auto& { return x.members()[i].value; }, v.members().size());
    for (model::Value& x : out)
      x.members().erase(std::remove_if(x.members().begin(), x.members().end(),
                                       [](const model::Member& m) { return m.value.is_absent(); }),
                        x.members().end());
  }
  return out;
}

}  // namespace

std::vector<model::Value> document_variants(const model::Value& doc, size_t limit) {
  // A handful of Fn::If are read branch by branch; more would multiply copies of the
  // document, so such a document is read as it is (its Either parts are then Unknown).
  constexpr size_t kMaxEithers = 4;
  if (count_either(doc, kMaxEithers) > kMaxEithers) return {doc};
  return variants(doc, limit);
}

const model::Value* statement_value(const model::Value& doc, size_t i) {
  const model::Value* st = doc.is_map() ? doc.get("Statement") : nullptr;
  if (!st) return nullptr;
  if (st->is_map()) return i == 0 ? st : nullptr;
  if (st->is_list() && i < st->items().size()) return &st->items()[i];
  return nullptr;
}

std::string resource_text(const model::Value* stmt, const std::string& fallback) {
  const model::Value* r = stmt ? stmt->get("Resource") : nullptr;
  if (r && r->is_list() && !r->items().empty()) {
    // The most specific one reads best: an object ARN over the bucket ARN.
    const model::Value* pick = &r->items()[0];
    for (const model::Value& x : r->items())
      if (x.str().find("/*") != std::string::npos) pick = &x;
    r = pick;
  }
  if (!r) return fallback;
  if (r->is_string()) return r->str();
  if (r->is_unknown()) {
    const std::string& why = r->str();  // "Fn::Sub 'arn:aws:s3:::${Site}/*'"
    size_t open = why.find('\'');
    size_t close = why.rfind('\'');
    if (why.rfind("Fn::Sub", 0) == 0 && open != std::string::npos && close > open)
      return why.substr(open + 1, close - open - 1);
  }
  return fallback;
}

std::string who_text(const iam::OpenGrant& g) {
  if (g.not_principal) return "anyone but the NotPrincipal";
  return g.any_account ? "any AWS account" : "anyone";
}

std::string open_witness(const iam::OpenGrant& g, const std::string& resource) {
  std::string out = who_text(g) + " can " + g.action + " on " + resource;
  if (g.caller_conditions.empty()) return out + " from anywhere";
  out += " (when ";
  for (size_t i = 0; i < g.caller_conditions.size(); ++i) out += (i ? " and " : "") + g.caller_conditions[i];
  return out + ", which any caller can meet)";
}

model::Location statement_loc(const model::Value& doc, size_t i, model::Location fallback) {
  const model::Value* s = statement_value(doc, i);
  if (!s) return fallback;
  for (const char* key : {"Principal", "NotPrincipal"})
    if (const model::Member* m = s->member(key)) return m->key_loc.known() ? m->key_loc : s->loc();
  return s->loc().known() ? s->loc() : fallback;
}

}  // namespace kl::rules
