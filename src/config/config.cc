#include "config/config.h"

#include <algorithm>
#include <filesystem>

#include <re2/re2.h>

#include "config/rule_pattern.h"
#include "load/source_file.h"
#include "load/yaml_reader.h"
#include "rules/catalog.h"

namespace kl::config {
namespace {

namespace fs = std::filesystem;
using model::Value;

/// The closest of `known` to `key`, for "did you mean"; "" when none is close.
std::string closest(std::string_view key, std::initializer_list<std::string_view> known) {
  std::string best;
  size_t best_d = 3;
  for (std::string_view k : known) {
    // Levenshtein distance; the keys are a handful of short words.
    std::vector<size_t> prev(k.size() + 1), cur(k.size() + 1);
    for (size_t j = 0; j <= k.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= key.size(); ++i) {
      cur[0] = i;
      for (size_t j = 1; j <= k.size(); ++j)
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (key[i - 1] == k[j - 1] ? 0u : 1u)});
      std::swap(prev, cur);
    }
    if (prev[k.size()] < best_d) {
      best_d = prev[k.size()];
      best = std::string(k);
    }
  }
  return best;
}

class Parser {
 public:
  Parser(model::Diagnostics& diags) : diags_(diags) {}

  void error(const model::Location& loc, std::string msg) {
    model::add_error(diags_, loc, std::move(msg));
    ok_ = false;
  }
  bool ok() const { return ok_; }

  /// Reports keys of `map` not in `known`, with a suggestion.
  void check_keys(const Value& map, std::string_view where,
                  std::initializer_list<std::string_view> known) {
    for (const auto& m : map.members()) {
      bool found = false;
      for (std::string_view k : known) found = found || m.key == k;
      if (found) continue;
      std::string msg = "unknown key '" + m.key + "' in " + std::string(where);
      std::string s = closest(m.key, known);
      if (!s.empty()) msg += "; did you mean '" + s + "'?";
      error(m.key_loc, msg);
    }
  }

  std::optional<std::string> scalar(const Value* v, std::string_view what) {
    if (v && v->is_scalar() && !v->is_null()) return v->scalar_text();
    if (v) error(v->loc(), std::string(what) + " must be a string, not a " + model::kind_name(v->kind()));
    return std::nullopt;
  }

  void check_rule(const std::string& id, const model::Location& loc) {
    if (auto problem = check_rule_pattern(id, "'ignore'")) error(loc, *problem);
  }

  void read_ignore(const Value& list, Config& c) {
    if (!list.is_list()) {
      error(list.loc(), std::string("'ignore' must be a list, not a ") + model::kind_name(list.kind()));
      return;
    }
    for (const Value& item : list.items()) {
      if (!item.is_map()) {
        error(item.loc(), "an 'ignore' entry must be a map with 'rule', 'path', 'resource' and 'reason'");
        continue;
      }
      check_keys(item, "an 'ignore' entry", {"rule", "path", "resource", "reason"});
      IgnoreEntry e;
      e.loc = item.loc();
      if (const Value* r = item.get("rule")) {
        if (r->is_list()) {
          for (const Value& id : r->items())
            if (auto s = scalar(&id, "a rule id")) {
              check_rule(*s, id.loc());
              e.rules.push_back(*s);
            }
        } else if (auto s = scalar(r, "'rule'")) {
          check_rule(*s, r->loc());
          e.rules.push_back(*s);
        }
      }
      if (const Value* p = item.get("path")) e.path = scalar(p, "'path'").value_or("");
      if (const Value* r = item.get("resource")) e.resource = scalar(r, "'resource'").value_or("");
      if (const Value* r = item.get("reason")) e.reason = scalar(r, "'reason'").value_or("");
      if (e.rules.empty() && e.path.empty() && e.resource.empty()) {
        error(item.loc(), "an 'ignore' entry needs at least one of 'rule', 'path' or 'resource'");
        continue;
      }
      c.ignores.push_back(std::move(e));
    }
  }

  void read_severity(const Value& map, Config& c) {
    if (!map.is_map()) {
      error(map.loc(), std::string("'severity' must be a map of rule ids to severities, not a ") +
                           model::kind_name(map.kind()));
      return;
    }
    for (const auto& m : map.members()) {
      if (!rules::Catalog::embedded().find(m.key)) {
        auto problem = check_rule_pattern(m.key, "'severity'");
        error(m.key_loc, problem ? *problem : "'severity' takes rule ids, not patterns like '" + m.key + "'");
        continue;
      }
      auto text = scalar(&m.value, "a severity");
      if (!text) continue;
      auto sev = rules::parse_severity(*text);
      if (!sev) {
        error(m.value.loc(), "unknown severity '" + *text +
                                 "'; expected critical, high, medium, low or info");
        continue;
      }
      c.severity[m.key] = *sev;
    }
  }

  void read_parameters(const Value& map, Config& c) {
    if (!map.is_map()) {
      error(map.loc(), std::string("'parameters' must be a map, not a ") + model::kind_name(map.kind()));
      return;
    }
    for (const auto& m : map.members())
      if (auto s = scalar(&m.value, "a parameter value")) c.parameters[m.key] = *s;
  }

  void read_fail_on(const Value& v, Config& c) {
    auto s = scalar(&v, "'fail-on'");
    if (!s) return;
    if (*s != "none" && !rules::parse_severity(*s)) {
      error(v.loc(), "unknown severity '" + *s + "' for 'fail-on'; expected critical, high, medium, low, info or none");
      return;
    }
    c.fail_on = *s;
  }

  std::vector<std::string> string_list(const Value& v, std::string_view what) {
    std::vector<std::string> out;
    if (!v.is_list()) {
      error(v.loc(), std::string(what) + " must be a list, not a " + model::kind_name(v.kind()));
      return out;
    }
    for (const Value& item : v.items())
      if (auto s = scalar(&item, std::string(what) + " entries")) out.push_back(*s);
    return out;
  }

  void read_secrets(const Value& map, Config& c) {
    if (!map.is_map()) {
      error(map.loc(), std::string("'secrets' must be a map, not a ") + model::kind_name(map.kind()));
      return;
    }
    check_keys(map, "'secrets'", {"allow-paths", "allow-regexes"});
    if (const Value* v = map.get("allow-paths")) c.secrets.allow_paths = string_list(*v, "'allow-paths'");
    if (const Value* v = map.get("allow-regexes")) {
      for (const Value& item : v->is_list() ? v->items() : std::vector<Value>{}) {
        auto s = scalar(&item, "'allow-regexes' entries");
        if (!s) continue;
        RE2::Options o;
        o.set_log_errors(false);
        RE2 re(*s, o);
        if (!re.ok()) {
          error(item.loc(), "invalid regex in 'allow-regexes': " + re.error());
          continue;
        }
        c.secrets.allow_regexes.push_back(*s);
      }
      if (!v->is_list()) error(v->loc(), std::string("'allow-regexes' must be a list, not a ") + model::kind_name(v->kind()));
    }
  }

 private:
  model::Diagnostics& diags_;
  bool ok_ = true;
};

}  // namespace

std::optional<Config> parse_config(std::string_view text, const std::string& file,
                                   model::Diagnostics& diags) {
  model::FileId fid = model::intern_file(file);
  size_t before = diags.size();
  auto doc = load::parse_yaml(text, fid, diags);
  if (!doc) {
    if (diags.size() == before) model::add_error(diags, {fid, 1, 1}, "cannot parse '" + file + "'");
    return std::nullopt;
  }
  Config c;
  c.file = file;
  std::error_code ec;
  fs::path abs = fs::absolute(file, ec);
  c.dir = (ec ? fs::path(file) : abs).lexically_normal().parent_path().string();
  if (doc->is_null()) return c;  // an empty file is a valid, empty configuration
  Parser p(diags);
  if (!doc->is_map()) {
    p.error(doc->loc(), std::string("the configuration must be a map, not a ") + model::kind_name(doc->kind()));
    return std::nullopt;
  }
  p.check_keys(*doc, "'" + file + "'", {"ignore", "severity", "parameters", "fail-on", "secrets"});
  if (const Value* v = doc->get("ignore")) p.read_ignore(*v, c);
  if (const Value* v = doc->get("severity")) p.read_severity(*v, c);
  if (const Value* v = doc->get("parameters")) p.read_parameters(*v, c);
  if (const Value* v = doc->get("fail-on")) p.read_fail_on(*v, c);
  if (const Value* v = doc->get("secrets")) p.read_secrets(*v, c);
  if (!p.ok()) return std::nullopt;
  return c;
}

std::optional<Config> load_config(const std::string& file, model::Diagnostics& diags) {
  size_t before = diags.size();
  auto text = load::read_source(file, {}, diags);
  if (!text) {
    // read_source only warns about a large or binary file; for the config it is an error.
    bool has_error = false;
    for (size_t i = before; i < diags.size(); ++i) {
      has_error = has_error || diags[i].level == model::DiagLevel::Error;
      diags[i].level = model::DiagLevel::Error;
    }
    if (!has_error && diags.size() == before)
      model::add_error(diags, {model::intern_file(file), 0, 0}, "cannot read '" + file + "'");
    return std::nullopt;
  }
  return parse_config(*text, file, diags);
}

std::optional<std::string> find_config(const std::string& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start.empty() ? "." : start, ec);
  if (ec) return std::nullopt;
  dir = dir.lexically_normal();
  if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
  while (true) {
    fs::path candidate = dir / kConfigFileName;
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
    fs::path parent = dir.parent_path();
    if (parent == dir || parent.empty()) return std::nullopt;
    dir = parent;
  }
}

}  // namespace kl::config
