#include "rules/catalog.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "load/yaml_reader.h"
#include "secrets/catalog_entries.h"

namespace kl::rules {
namespace detail {
extern const std::vector<std::pair<std::string_view, std::string_view>> kCatalogSources;
}

namespace {

using model::Value;

Text read_text(const Value* v) {
  Text t;
  if (!v) return t;
  if (v->is_map()) {
    t.en = model::text_or_empty(v->get("en"));
    t.ja = model::text_or_empty(v->get("ja"));
  } else {
    t.en = model::text_or_empty(v);
  }
  return t;
}

std::vector<std::string> read_list(const Value* v) {
  std::vector<std::string> out;
  if (!v) return out;
  if (v->is_list()) {
    for (const Value& item : v->items())
      if (item.is_scalar()) out.push_back(item.scalar_text());
  } else if (v->is_scalar() && !v->is_null()) {
    out.push_back(v->scalar_text());
  }
  return out;
}

// Edit distance where swapping two neighbouring letters counts as one edit (optimal string
// alignment): "KL-LMA-001" is one typo away from KL-LAM-001, not two like KL-KMS-001.
size_t edit_distance(std::string_view a, std::string_view b) {
  auto same = [](char x, char y) { return std::toupper(x) == std::toupper(y); };
  std::vector<size_t> before(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (same(a[i - 1], b[j - 1]) ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
      if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]))
        cur[j] = std::min(cur[j], before[j - 2] + 1);
    }
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

Catalog Catalog::parse(const std::vector<std::pair<std::string_view, std::string_view>>& sources,
                       std::vector<std::string>& errors) {
  Catalog c;
  for (const auto& [name, text] : sources) {
    model::Diagnostics diags;
    auto doc = load::parse_yaml(text, model::intern_file(std::string("catalog/") + std::string(name)), diags);
    for (const auto& d : diags) errors.push_back(d.str());
    if (!doc) continue;
    std::string service(name.substr(0, name.find('.')));
    const Value* rules = doc->get("rules");
    if (!rules || !rules->is_list()) {
      errors.push_back(std::string(name) + ": expected a 'rules' list");
      continue;
    }
    for (const Value& r : rules->items()) {
      RuleInfo info;
      info.service = service;
      info.id = model::text_or_empty(r.get("id"));
      auto sev = parse_severity(model::text_or_empty(r.get("severity")));
      if (info.id.empty() || !sev) {
        errors.push_back(r.loc().str() + ": rule needs an 'id' and a valid 'severity'");
        continue;
      }
      info.severity = *sev;
      info.title = read_text(r.get("title"));
      if (const Value* msg = r.get("message")) info.messages[""] = read_text(msg);
      if (const Value* vars = r.get("variants"); vars && vars->is_map())
        for (const auto& m : vars->members()) info.messages[m.key] = read_text(&m.value);
      info.remediation = read_text(r.get("remediation"));
      info.rationale = model::text_or_empty(r.get("rationale"));
      info.example_bad = model::text_or_empty(r.get("example_bad"));
      info.example_good = model::text_or_empty(r.get("example_good"));
      info.references = read_list(r.get("references"));
      if (const Value* maps = r.get("mappings"); maps && maps->is_map())
        for (const auto& m : maps->members()) info.mappings[m.key] = read_list(&m.value);
      for (const auto& existing : c.rules_)
        if (existing.id == info.id) errors.push_back("duplicate rule id '" + info.id + "'");
      if (info.title.en.empty() || info.title.ja.empty())
        errors.push_back(info.id + ": title needs 'en' and 'ja'");
      if (info.messages[""].en.empty() || info.messages[""].ja.empty())
        errors.push_back(info.id + ": message needs 'en' and 'ja'");
      if (info.remediation.en.empty() || info.remediation.ja.empty())
        errors.push_back(info.id + ": remediation needs 'en' and 'ja'");
      c.rules_.push_back(std::move(info));
    }
  }
  std::sort(c.rules_.begin(), c.rules_.end(),
            [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
  return c;
}

const Catalog& Catalog::embedded() {
  static const Catalog catalog = [] {
    std::vector<std::string> errors;
    Catalog c = parse(detail::kCatalogSources, errors);
    // KL-SECRET-*: generated from the secret detectors.
    for (RuleInfo& r : secrets::catalog_entries()) {
      if (c.find(r.id)) errors.push_back("duplicate rule id '" + r.id + "'");
      c.rules_.push_back(std::move(r));
    }
    std::sort(c.rules_.begin(), c.rules_.end(),
              [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
    if (!errors.empty()) {
      for (const auto& e : errors) std::fprintf(stderr, "kumolens: catalog: %s\n", e.c_str());
      std::abort();
    }
    return c;
  }();
  return catalog;
}

const RuleInfo* Catalog::find(std::string_view id) const {
  // rules_ is sorted by id (see parse), and ids are unique.
  auto it = std::lower_bound(rules_.begin(), rules_.end(), id,
                             [](const RuleInfo& r, std::string_view key) { return r.id < key; });
  return it != rules_.end() && it->id == id ? &*it : nullptr;
}

std::string Catalog::suggest(std::string_view id) const {
  std::string best;
  size_t best_d = 4;
  for (const auto& r : rules_) {
    size_t d = edit_distance(id, r.id);
    if (d < best_d) {
      best_d = d;
      best = r.id;
    }
  }
  return best;
}

std::string format_message(const std::string& tmpl,
                           const std::vector<std::pair<std::string, std::string>>& args) {
  std::string out;
  out.reserve(tmpl.size() + 32);
  size_t i = 0;
  while (i < tmpl.size()) {
    // Copy the text up to the next placeholder in one go.
    size_t open = tmpl.find('{', i);
    if (open == std::string::npos) open = tmpl.size();
    out.append(tmpl, i, open - i);
    i = open;
    if (i == tmpl.size()) break;
    if (tmpl[i] == '{') {
      size_t close = tmpl.find('}', i);
      if (close != std::string::npos) {
        std::string_view name(tmpl.data() + i + 1, close - i - 1);
        bool found = false;
        for (const auto& [k, v] : args) {
          if (k == name) {
            out += v;
            found = true;
            break;
          }
        }
        if (found) {
          i = close + 1;
          continue;
        }
      }
    }
    out += tmpl[i++];
  }
  return out;
}

}  // namespace kl::rules
