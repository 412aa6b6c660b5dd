#include "code/analyze.h"

#include "code/analyzers.h"
#include "code/code_suppressions.h"
#include "code/syntax.h"
#include "rules/catalog.h"

namespace kl::code {
namespace {

/// Counts ERROR and MISSING nodes (bounded): many means this is not really source code.
size_t error_nodes(TSNode n, size_t limit) {
  size_t count = 0;
  TSTreeCursor cur = ts_tree_cursor_new(n);
  bool more = true;
  while (more && count < limit) {
    TSNode c = ts_tree_cursor_current_node(&cur);
    if (type_of(c) == "ERROR" || ts_node_is_missing(c)) ++count;
    if (ts_node_has_error(c) && ts_tree_cursor_goto_first_child(&cur)) continue;
    while (!ts_tree_cursor_goto_next_sibling(&cur)) {
      if (!ts_tree_cursor_goto_parent(&cur)) {
        more = false;
        break;
      }
    }
  }
  ts_tree_cursor_delete(&cur);
  return count;
}

rules::Finding to_finding(const CodeFinding& cf, const std::string& path, const HandlerDecl* decl,
                          const std::string& entry) {
  rules::Finding f;
  f.rule = rule_id(cf.rule);
  const rules::RuleInfo* info = rules::Catalog::embedded().find(f.rule);
  f.severity = cf.critical ? rules::Severity::Critical : (info ? info->severity : rules::Severity::High);
  std::string variant = cf.variant;
  if (!decl) variant = variant.empty() ? "unknown" : variant + "_unknown";
  f.variant = variant;
  f.resource = decl ? decl->resource : std::string();
  f.resource_type = decl ? decl->resource_type : std::string();
  f.args = {{"function", decl ? decl->resource : entry}, {"handler", entry}, {"sink", cf.sink}};
  f.loc = cf.loc;
  // The place, not the line: the handler and the sink's text.
  f.path = "Code." + entry + "." + cf.sink;
  if (!cf.trace.empty()) f.evidence = cf.trace.front().what;
  for (const Step& s : cf.trace) f.trace.push_back({s.loc, s.what});
  f.fingerprint = rules::fingerprint_of(f.rule, path, f.resource, f.path);
  return f;
}

}  // namespace

bool is_code_file(const std::string& path) { return language_for_path(path).has_value(); }

void analyze_code(const std::string& path, const std::string& text, const std::vector<HandlerDecl>* decls,
                  std::vector<rules::Finding>& out, model::Diagnostics& diags) {
  std::optional<Language> lang = language_for_path(path);
  if (!lang) return;
  model::FileId file = model::intern_file(path);
  if (text.size() > kMaxCodeBytes) {
    model::add_note(diags, {file, 1, 1},
                    "code file larger than " + std::to_string(kMaxCodeBytes / (1024 * 1024)) + " MiB; not analyzed");
    return;
  }
  std::optional<SyntaxTree> tree = SyntaxTree::parse(*lang, text);
  if (!tree) {
    model::add_note(diags, {file, 1, 1}, std::string("could not parse ") + language_name(*lang) + " source; not analyzed");
    return;
  }
  TSNode root = tree->root();
  if (ts_node_has_error(root)) {
    size_t errors = error_nodes(root, 1000);
    model::add_note(diags, {file, 1, 1},
                    std::string(language_name(*lang)) + " syntax errors (" + std::to_string(errors) +
                        (errors >= 1000 ? "+" : "") + " places); the analysis read what it could");
  }
  // Each entry point gets a fresh analyzer: two functions sharing a helper (or one module
  // declared by two functions) each get their own findings and traces.
  auto run = [&](const EntryPoint& ep, const HandlerDecl* d, const std::string& name) {
    Findings found;
    std::unique_ptr<LanguageAnalyzer> a = is_python(*lang) ? make_python_analyzer(*tree, file, found)
                                                           : make_javascript_analyzer(*tree, file, found);
    a->analyze(ep);
    for (const CodeFinding& cf : found.items()) out.push_back(to_finding(cf, path, d, name));
  };
  Findings none;
  std::unique_ptr<LanguageAnalyzer> finder = is_python(*lang) ? make_python_analyzer(*tree, file, none)
                                                              : make_javascript_analyzer(*tree, file, none);
  size_t first = out.size();
  if (decls) {
    for (const HandlerDecl& d : *decls)
      if (std::optional<EntryPoint> ep = finder->find_handler(d.function)) run(*ep, &d, d.handler);
  } else {
    for (const EntryPoint& ep : finder->handler_shaped()) run(ep, nullptr, ep.name);
  }
  std::vector<rules::Finding> mine(std::make_move_iterator(out.begin() + static_cast<std::ptrdiff_t>(first)),
                                   std::make_move_iterator(out.end()));
  out.resize(first);
  apply_inline_suppressions(text, file, is_python(*lang), mine);
  for (auto& f : mine) out.push_back(std::move(f));
}

}  // namespace kl::code
