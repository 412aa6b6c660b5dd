#include "secrets/detector.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "load/yaml_reader.h"

namespace kl::secrets {
namespace detail {
extern const std::vector<std::pair<std::string_view, std::string_view>> kDetectorSources;
}

namespace {

using model::Value;

std::vector<std::string> list_of(const Value* v) {
  std::vector<std::string> out;
  if (v && v->is_list()) {
    for (const Value& item : v->items())
      if (item.is_scalar() && !item.is_null()) out.push_back(item.scalar_text());
  } else if (v && v->is_scalar() && !v->is_null()) {
    out.push_back(v->scalar_text());
  }
  return out;
}

bool valid_id(const std::string& id) {
  if (id.empty()) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

}  // namespace

std::string Detector::rule_id() const {
  std::string out = "KL-SECRET-";
  for (char c : id) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::vector<Detector> parse_detectors(
    const std::vector<std::pair<std::string_view, std::string_view>>& sources,
    std::vector<std::string>& errors) {
  std::vector<Detector> out;
  std::set<std::string> ids;
  for (const auto& [name, text] : sources) {
    const std::string file = std::string("detectors/") + std::string(name);
    model::Diagnostics diags;
    auto doc = load::parse_yaml(text, model::intern_file(file), diags);
    for (const auto& d : diags) errors.push_back(d.str());
    if (!doc) continue;
    const Value* list = doc->get("detectors");
    if (!list || !list->is_list()) {
      errors.push_back(file + ": expected a 'detectors' list");
      continue;
    }
    for (const Value& v : list->items()) {
      Detector d;
      d.family = std::string(name.substr(0, name.find('.')));
      d.id = model::text_or_empty(v.get("id"));
      const std::string where = v.loc().str() + ": " + (d.id.empty() ? "detector" : d.id);
      if (!valid_id(d.id)) {
        errors.push_back(where + ": 'id' must be lower-case letters, digits and '-'");
        continue;
      }
      if (!ids.insert(d.id).second) errors.push_back(where + ": duplicate detector id");
      d.name = model::text_or_empty(v.get("name"));
      d.description = model::text_or_empty(v.get("description"));
      auto sev = rules::parse_severity(model::text_or_empty(v.get("severity")));
      if (!sev) errors.push_back(where + ": 'severity' must be critical, high, medium or low");
      else d.severity = *sev;
      d.pattern = model::text_or_empty(v.get("pattern"));
      d.confirm_pattern = model::text_or_empty(v.get("confirm_pattern"));
      if (d.name.empty() || d.description.empty() || d.pattern.empty())
        errors.push_back(where + ": needs 'name', 'description' and 'pattern'");
      if (std::string g = model::text_or_empty(v.get("secret_group")); !g.empty()) {
        d.secret_group = std::atoi(g.c_str());
        // The engine extracts groups 0..9.
        if (g.size() != 1 || g[0] < '0' || g[0] > '9')
          errors.push_back(where + ": 'secret_group' must be a group number from 0 to 9");
      }
      d.keywords = list_of(v.get("keywords"));
      for (auto& k : d.keywords)
        for (char& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (std::string a = model::text_or_empty(v.get("always_on")); !a.empty()) {
        d.always_on = a == "true";
        if (a != "true" && a != "false") errors.push_back(where + ": 'always_on' must be true or false");
      }
      if (std::string e = model::text_or_empty(v.get("entropy")); !e.empty()) d.entropy = std::atof(e.c_str());
      if (std::string r = model::text_or_empty(v.get("require_digit")); !r.empty()) {
        d.require_digit = r == "true";
        if (r != "true" && r != "false") errors.push_back(where + ": 'require_digit' must be true or false");
      }
      d.allow = list_of(v.get("allow"));
      if (std::string p = model::text_or_empty(v.get("priority")); !p.empty()) d.priority = std::atoi(p.c_str());
      d.decode = model::text_or_empty(v.get("decode"));
      if (!d.decode.empty() && d.decode != "aws-key-id")
        errors.push_back(where + ": unknown decode '" + d.decode + "'");
      if (const Value* ex = v.get("examples"); ex && ex->is_map()) {
        d.positive = list_of(ex->get("positive"));
        d.negative = list_of(ex->get("negative"));
      }
      if (d.positive.empty()) errors.push_back(where + ": needs at least one positive example");
      out.push_back(std::move(d));
    }
  }
  std::sort(out.begin(), out.end(), [](const Detector& a, const Detector& b) { return a.id < b.id; });
  return out;
}

const std::vector<std::pair<std::string_view, std::string_view>>& embedded_detector_sources() {
  return detail::kDetectorSources;
}

const std::vector<Detector>& embedded_detectors() {
  static const std::vector<Detector> detectors = [] {
    std::vector<std::string> errors;
    auto d = parse_detectors(detail::kDetectorSources, errors);
    if (!errors.empty()) {
      for (const auto& e : errors) std::fprintf(stderr, "kumolens: detectors: %s\n", e.c_str());
      std::abort();
    }
    return d;
  }();
  return detectors;
}

}  // namespace kl::secrets
