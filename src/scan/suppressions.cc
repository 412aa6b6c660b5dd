#include "scan/suppressions.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "config/foreign_ids.h"
#include "config/glob.h"
#include "config/rule_pattern.h"
#include "rules/rule.h"

namespace kl::scan {
namespace {

using model::Value;

std::string_view trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

/// Splits on commas and blanks, dropping empty parts.
std::vector<std::string> split_ids(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ',' || c == ' ' || c == '\t') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

/// Where the YAML comment of `line` starts ('#' at the start or after a blank, outside
/// quotes), or npos. Quotes count only where a scalar can start, so the apostrophe in
/// `Description: It's public # ...` does not hide the comment.
size_t comment_start(std::string_view line) {
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote) {
      if (c == quote) {
        if (quote == '\'' && i + 1 < line.size() && line[i + 1] == '\'') ++i;  // '' escape
        else quote = 0;
      } else if (c == '\\' && quote == '"') {
        ++i;
      }
      continue;
    }
    char prev = i ? line[i - 1] : ' ';
    bool token_start = prev == ' ' || prev == '\t' || prev == ':' || prev == '[' ||
                       prev == '{' || prev == ',' || prev == '-';
    if ((c == '"' || c == '\'') && token_start) quote = c;
    else if (c == '#' && (prev == ' ' || prev == '\t' || i == 0)) return i;
  }
  return std::string_view::npos;
}

void warn_unknown_rules(const Marker& m, model::Diagnostics& diags) {
  for (const auto& id : m.rules)
    if (auto problem = config::check_rule_pattern(id, "'" + m.source + "'"))
      model::add_warning(diags, m.loc, *problem);
}

/// Maps foreign ids onto kumolens rules; false when none of them has a counterpart.
bool map_foreign(config::ForeignTool tool, const std::vector<std::string>& ids, Marker& m) {
  for (const auto& id : ids)
    for (std::string_view rule : config::kumolens_rules_for(tool, id))
      if (std::find(m.rules.begin(), m.rules.end(), rule) == m.rules.end()) m.rules.emplace_back(rule);
  m.written = join(ids);
  return !m.rules.empty();
}

std::string scalar(const Value* v) {
  return v && v->is_scalar() && !v->is_null() ? v->scalar_text() : "";
}

/// The Resources map of the document as the user wrote it (CloudFormation, SAM, or
/// Serverless Framework's `resources.Resources`).
const Value* user_resources(const Value& raw) {
  if (const Value* r = raw.get("Resources"); r && r->is_map()) return r;
  if (const Value* sls = raw.get("resources"))
    if (const Value* r = sls->get("Resources"); r && r->is_map()) return r;
  return nullptr;
}

uint32_t last_line(const Value& v) {
  uint32_t out = v.loc().line;
  for (const auto& m : v.members()) out = std::max({out, m.key_loc.line, last_line(m.value)});
  for (const auto& item : v.items()) out = std::max(out, last_line(item));
  return out;
}

void collect_spans(const Value& v, std::vector<LineSpan>& out) {
  for (const auto& m : v.members()) {
    if (m.key_loc.known()) out.push_back({m.key_loc.line, std::max(m.key_loc.line, last_line(m.value))});
    collect_spans(m.value, out);
  }
  for (const auto& item : v.items()) {
    if (item.loc().known()) out.push_back({item.loc().line, last_line(item)});
    collect_spans(item, out);
  }
}

/// The resource the user wrote that contains `line`, for reporting KL-META-001.
model::Resource resource_at(const model::Model& m, uint32_t line) {
  model::Resource r;
  if (const Value* res = user_resources(m.raw)) {
    for (const auto& mem : res->members()) {
      if (line >= mem.key_loc.line && line <= last_line(mem.value)) {
        r.id = mem.key;
        r.type = scalar(mem.value.get("Type"));
        r.loc = mem.key_loc;
        break;
      }
    }
  }
  return r;
}

model::Resource resource_named(const model::Model& m, const std::string& id) {
  model::Resource r;
  r.id = id;
  if (const Value* res = user_resources(m.raw))
    if (const Value* def = res->get(id)) r.type = scalar(def->get("Type"));
  return r;
}

void report_no_reason(const Marker& mk, const model::Resource& r, const model::Model& model,
                      std::vector<rules::Finding>& out) {
  rules::RuleContext ctx(model, out);
  // The path names the marker, not its line, so the fingerprint survives edits above it.
  ctx.report(kMetaNoReason, r, mk.loc, "suppression:" + mk.source + ":" + mk.written,
             {{"how", mk.source}, {"rules", mk.written}}, {.severity = std::nullopt, .variant = "", .evidence = mk.source + " " + mk.written});
}

/// The finding's file relative to the config's directory ("" when outside it).
std::string relative_to(const std::string& file, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path abs = fs::absolute(file, ec).lexically_normal();
  if (ec) return "";
  std::string rel = abs.lexically_relative(dir).generic_string();
  if (rel.empty() || starts_with(rel, "..")) return "";
  return rel;
}

bool config_matches(const config::IgnoreEntry& e, const rules::Finding& f, const std::string& rel) {
  if (!e.rules.empty() &&
      std::none_of(e.rules.begin(), e.rules.end(),
                   [&](const std::string& p) { return config::rule_matches(p, f.rule); }))
    return false;
  if (!e.resource.empty() && e.resource != f.resource) return false;
  if (!e.path.empty() && (rel.empty() || !config::glob_match_path(e.path, rel))) return false;
  return true;
}

}  // namespace

/// Config ignores and severity overrides, for findings of any origin.
void apply_config(const config::Config& cfg, std::vector<rules::Finding>& findings) {
  std::map<model::FileId, std::string> rel_cache;
  for (rules::Finding& f : findings) {
    if (!f.suppressed && !cfg.ignores.empty()) {
      auto it = rel_cache.find(f.loc.file);
      if (it == rel_cache.end())
        it = rel_cache.emplace(f.loc.file, relative_to(model::file_path(f.loc.file), cfg.dir)).first;
      const config::IgnoreEntry* best = nullptr;
      for (const auto& e : cfg.ignores) {
        if (!config_matches(e, f, it->second)) continue;
        if (!best || (best->reason.empty() && !e.reason.empty())) best = &e;
      }
      if (best) f.suppressed = rules::Suppression{"config", best->reason, best->loc};
    }
    if (auto s = cfg.severity.find(f.rule); s != cfg.severity.end()) f.severity = s->second;
  }
}

std::vector<Marker> comment_markers(std::string_view text, model::FileId file,
                                    model::Diagnostics& diags) {
  std::vector<Marker> out;
  if (text.find("kumolens:ignore") == std::string_view::npos &&
      text.find("checkov:skip") == std::string_view::npos)
    return out;

  // One pass to split lines and classify them: blank, comment only, or code.
  enum class Kind { Blank, Comment, Code };
  std::vector<std::string_view> lines;
  std::vector<Kind> kinds;
  for (size_t pos = 0; pos <= text.size();) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    std::string_view t = trim(line);
    lines.push_back(line);
    kinds.push_back(t.empty() ? Kind::Blank : t[0] == '#' ? Kind::Comment : Kind::Code);
    pos = nl + 1;
  }

  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    size_t c = comment_start(line);
    if (c == std::string_view::npos) continue;
    std::string_view comment = trim(line.substr(c + 1));
    Marker m;
    m.loc = {file, static_cast<uint32_t>(i + 1), static_cast<uint32_t>(c + 1)};
    if (starts_with(comment, "kumolens:ignore")) {
      std::string_view rest = comment.substr(15);
      if (!rest.empty() && rest[0] != ' ' && rest[0] != '\t' && rest[0] != '=') continue;
      if (!rest.empty() && rest[0] == '=') rest.remove_prefix(1);
      size_t dash = rest.find("--");
      m.rules = split_ids(dash == std::string_view::npos ? rest : rest.substr(0, dash));
      if (dash != std::string_view::npos) m.reason = std::string(trim(rest.substr(dash + 2)));
      m.how = "inline comment";
      m.source = "# kumolens:ignore";
      m.written = join(m.rules);
      if (m.rules.empty()) {
        model::add_warning(diags, m.loc, "'kumolens:ignore' names no rule; write a rule id, 'KL-AREA-*' or 'all'");
        continue;
      }
      warn_unknown_rules(m, diags);
    } else if (starts_with(comment, "checkov:skip=")) {
      std::string_view rest = comment.substr(13);
      size_t colon = rest.find(':');
      std::vector<std::string> ids = split_ids(colon == std::string_view::npos ? rest : rest.substr(0, colon));
      if (colon != std::string_view::npos) m.reason = std::string(trim(rest.substr(colon + 1)));
      m.how = "checkov";
      m.source = "# checkov:skip";
      if (!map_foreign(config::ForeignTool::Checkov, ids, m)) continue;
    } else {
      continue;
    }
    // A comment after code annotates its own line; a comment line annotates the next code
    // line, across further comment lines but not across a blank line.
    if (kinds[i] == Kind::Code) {
      m.target_line = static_cast<uint32_t>(i + 1);
    } else {
      for (size_t j = i + 1; j < lines.size(); ++j) {
        if (kinds[j] == Kind::Comment) continue;
        if (kinds[j] == Kind::Code) m.target_line = static_cast<uint32_t>(j + 1);
        break;
      }
      if (!m.target_line) {
        model::add_warning(diags, m.loc,
                           "'" + m.source.substr(2) + "' is not directly above a resource or property; it suppresses nothing");
        continue;
      }
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<Marker> metadata_markers(const model::Model& model, model::Diagnostics& diags) {
  std::vector<Marker> out;
  const Value* resources = user_resources(model.raw);
  if (!resources) return out;
  for (const auto& res : resources->members()) {
    const Value* md = res.value.get("Metadata");
    if (!md || !md->is_map()) continue;
    auto each = [&](const Value* list, auto&& fn) {
      if (!list) return;
      if (list->is_list())
        for (const Value& item : list->items()) fn(item);
      else if (list->is_map() || list->is_scalar())
        fn(*list);  // a single entry written without the list
    };
    if (const Value* kl = md->get("kumolens")) {
      each(kl->get("ignore"), [&](const Value& item) {
        Marker m;
        m.how = "Metadata.kumolens";
        m.source = "Metadata.kumolens.ignore";
        m.loc = item.loc();
        m.resource = res.key;
        std::string id = item.is_map() ? scalar(item.get("id")) : scalar(&item);
        if (id.empty() && item.is_map()) id = scalar(item.get("rule"));
        m.rules = split_ids(id);
        m.written = join(m.rules);
        if (item.is_map()) m.reason = scalar(item.get("reason"));
        if (m.rules.empty()) {
          model::add_warning(diags, m.loc, "a Metadata.kumolens.ignore entry needs an 'id'");
          return;
        }
        warn_unknown_rules(m, diags);
        out.push_back(std::move(m));
      });
    }
    auto foreign = [&](const Value* list, config::ForeignTool tool, const char* source,
                       const char* reason_key) {
      each(list, [&](const Value& item) {
        Marker m;
        m.how = config::foreign_tool_name(tool);
        m.source = source;
        m.loc = item.loc();
        m.resource = res.key;
        std::string id = item.is_map() ? scalar(item.get("id")) : scalar(&item);
        if (item.is_map()) m.reason = scalar(item.get(reason_key));
        if (map_foreign(tool, split_ids(id), m)) out.push_back(std::move(m));
      });
    };
    if (const Value* ck = md->get("checkov"))
      foreign(ck->get("skip"), config::ForeignTool::Checkov, "Metadata.checkov.skip", "comment");
    if (const Value* nag = md->get("cfn_nag"))
      foreign(nag->get("rules_to_suppress"), config::ForeignTool::CfnNag,
              "Metadata.cfn_nag.rules_to_suppress", "reason");
  }
  return out;
}

namespace {

/// Lines that belong to the text of a multi-line string (a `ZipFile: |` handler, a
/// folded description): a `#` there is the string's content, not a YAML comment.
void collect_scalar_lines(const Value& v, std::vector<LineSpan>& out, int depth) {
  if (depth > 600) return;
  if (v.is_string()) {
    uint32_t newlines = static_cast<uint32_t>(std::count(v.str().begin(), v.str().end(), '\n'));
    if (newlines && v.loc().line) out.push_back({v.loc().line + 1, v.loc().line + newlines + 1});
    return;
  }
  for (const Value& item : v.items()) collect_scalar_lines(item, out, depth + 1);
  for (const auto& m : v.members()) collect_scalar_lines(m.value, out, depth + 1);
}

}  // namespace

std::vector<LineSpan> block_spans(const model::Value& doc) {
  std::vector<LineSpan> out;
  collect_spans(doc, out);
  return out;
}

void apply_suppressions(const model::Model& model, std::string_view text, bool has_comments,
                        const config::Config& cfg, std::vector<rules::Finding>& findings,
                        model::Diagnostics& diags) {
  model::FileId file = model::intern_file(model.file);
  std::vector<Marker> comments;
  if (has_comments) {
    model::Diagnostics marker_diags;
    comments = comment_markers(text, file, marker_diags);
    std::vector<LineSpan> inside_strings;
    if (!comments.empty()) collect_scalar_lines(model.raw, inside_strings, 0);
    auto in_string = [&](uint32_t line) {
      return std::any_of(inside_strings.begin(), inside_strings.end(),
                         [&](const LineSpan& s) { return line >= s.start && line <= s.end; });
    };
    std::erase_if(comments, [&](const Marker& m) { return in_string(m.loc.line); });
    for (auto& d : marker_diags)
      if (!in_string(d.loc.line)) diags.push_back(std::move(d));
  }
  std::vector<Marker> metadata = metadata_markers(model, diags);

  // For each comment, the lines it covers: its target line and every block starting there.
  std::vector<std::vector<LineSpan>> covered(comments.size());
  if (!comments.empty()) {
    std::vector<LineSpan> spans = block_spans(model.raw);
    for (size_t i = 0; i < comments.size(); ++i) {
      uint32_t t = comments[i].target_line;
      covered[i].push_back({t, t});
      for (const LineSpan& s : spans)
        if (s.start == t) covered[i].push_back(s);
    }
  }

  for (rules::Finding& f : findings) {
    if (f.rule == kMetaNoReason) continue;  // only the config may silence KL-META-001
    auto names = [&](const Marker& m) {
      return std::any_of(m.rules.begin(), m.rules.end(),
                         [&](const std::string& p) { return config::rule_matches(p, f.rule); });
    };
    const Marker* best = nullptr;
    auto consider = [&](const Marker& m) {
      if (!best || (best->reason.empty() && !m.reason.empty())) best = &m;
    };
    for (size_t i = 0; i < comments.size(); ++i) {
      if (f.loc.file != file || !names(comments[i])) continue;
      for (const LineSpan& s : covered[i])
        if (f.loc.line >= s.start && f.loc.line <= s.end) {
          consider(comments[i]);
          break;
        }
    }
    for (const Marker& m : metadata)
      if (m.resource == f.resource && names(m)) consider(m);
    if (best) f.suppressed = rules::Suppression{best->how, best->reason, best->loc};
  }

  // A suppression without a reason is itself a finding, at the line it is written on.
  for (const Marker& m : comments)
    if (m.reason.empty()) report_no_reason(m, resource_at(model, m.target_line), model, findings);
  for (const Marker& m : metadata)
    if (m.reason.empty()) report_no_reason(m, resource_named(model, m.resource), model, findings);

  apply_config(cfg, findings);
}

std::vector<rules::Finding> config_meta_findings(const config::Config& cfg) {
  std::vector<rules::Finding> out;
  model::Model none;
  none.file = cfg.file;
  for (const auto& e : cfg.ignores) {
    if (!e.reason.empty()) continue;
    Marker m;
    m.source = ".kumolens.yaml ignore";
    m.loc = e.loc;
    std::vector<std::string> what = e.rules;
    if (!e.resource.empty()) what.push_back("resource " + e.resource);
    if (!e.path.empty()) what.push_back("path " + e.path);
    m.written = join(what);
    model::Resource r;
    r.id = e.resource;
    report_no_reason(m, r, none, out);
  }
  apply_config(cfg, out);
  return out;
}

}  // namespace kl::scan
