// Taint analysis of JavaScript and TypeScript handlers, the same abstract interpreter as
// python_analyzer.cc over tree-sitter-javascript/-typescript trees: CommonJS and ES
// modules (require, import, exports.x, module.exports = {...}, export const/function),
// destructuring, template literals, object spread, arrow functions and callbacks. TypeScript
// type syntax is skipped (as, !, satisfies, annotations). Calls are judged by
// javascript_sinks.cc.
#include <cctype>
#include <unordered_map>
#include <unordered_set>

#include "code/analyzers.h"
#include "code/guards.h"
#include "code/sinks.h"

namespace kl::code {
namespace {

// JavaScript globals the tables know by name; any other unknown name is ordinary data.
const std::unordered_set<std::string> kGlobals = {
    "eval", "Function", "fetch", "setTimeout", "setInterval", "JSON", "process", "console", "parseInt",
    "parseFloat", "Number", "String", "Boolean", "Math", "Object", "Array", "Date", "encodeURIComponent",
    "encodeURI", "decodeURIComponent", "Buffer", "Promise", "structuredClone", "isNaN", "crypto", "URL"};

struct Frame {
  std::string name;
  bool entry = false;
  bool has_return = false;
  TVal ret;
  std::string callback;  // the handler's third parameter (callback-style handlers)
};

bool is_function_node(TSNode n) {
  std::string_view t = type_of(n);
  return t == "function_declaration" || t == "function_expression" || t == "function" || t == "arrow_function" ||
         t == "generator_function_declaration" || t == "generator_function" || t == "method_definition";
}

std::string module_name(std::string m) {
  if (m.rfind("node:", 0) == 0) m.erase(0, 5);
  if (m == "fs/promises") return "fs.promises";
  if (m == "fs-extra" || m == "graceful-fs") return "fs";
  return m;
}

class JavaScriptAnalyzer : public LanguageAnalyzer {
 public:
  JavaScriptAnalyzer(const SyntaxTree& tree, model::FileId file, Findings& out)
      : src_(tree.text()), root_(tree.root()), file_(file), out_(out) {
    scan_module();
  }

  std::vector<EntryPoint> handler_shaped() override {
    std::vector<EntryPoint> eps;
    for (const auto& [name, fn] : exports_) {
      size_t n = param_nodes(fn).size();
      // A handler that ignores its event (`exports.handler = async () => ...`) can still
      // send the environment back; with no parameter only the name says it is a handler.
      if ((n >= 1 && n <= 3) || (n == 0 && handler_named(name))) eps.push_back({fn, name});
    }
    return eps;
  }

  static bool handler_named(const std::string& name) {
    std::string lower;
    for (char ch : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return lower.find("handler") != std::string::npos || lower == "main";
  }

  std::optional<EntryPoint> find_handler(const std::string& name) override {
    if (auto it = exports_.find(name); it != exports_.end()) return EntryPoint{it->second, name};
    if (auto it = functions_.find(name); it != functions_.end()) return EntryPoint{it->second, name};
    return std::nullopt;
  }

  void analyze(const EntryPoint& ep) override {
    std::vector<TSNode> ps = param_nodes(ep.fn);
    std::vector<TVal> args;
    Frame frame{ep.name, true, false, {}, {}};
    if (!ps.empty()) {
      Trace t;
      std::string pname(text_of(param_pattern(ps[0]), src_));
      if (pname.size() > 40) pname = pname.substr(0, 40) + "...";
      t.emplace_back(location_of(ps[0], file_), "event enters as parameter '" + pname + "' of '" + ep.name + "'");
      args.push_back(TVal::source(std::move(t)));
    }
    if (ps.size() >= 3) frame.callback = std::string(text_of(ps[2], src_));
    run_function(ep.fn, args, frame, 0);
  }

 private:
  // ---- module level --------------------------------------------------------------------

  void scan_module() {
    for (uint32_t i = 0; i < named_count(root_); ++i) top_level(named_child(root_, i), false);
    // `exports.handler = handler` and `module.exports = { handler }` name functions
    // declared elsewhere in the file.
    for (auto& [name, node] : pending_exports_) {
      TSNode fn = resolve_function(node);
      if (!is_null(fn)) exports_[name] = fn;
    }
  }

  TSNode resolve_function(TSNode n) {
    for (int hops = 0; hops < 4 && !is_null(n); ++hops) {
      n = unwrap(n);
      if (is_function_node(n)) return n;
      if (is(n, "identifier") || is(n, "shorthand_property_identifier")) {
        auto it = functions_.find(std::string(text_of(n, src_)));
        if (it == functions_.end()) return {};
        return it->second;
      }
      if (is(n, "call_expression")) {
        // wrapped handlers: middy(handler), Sentry.wrapHandler(async (event) => ...)
        TSNode args = field(n, "arguments");
        if (named_count(args) == 0) return {};
        n = named_child(args, 0);
        continue;
      }
      return {};
    }
    return {};
  }

  static TSNode unwrap(TSNode n) {
    while (is(n, "parenthesized_expression") || is(n, "as_expression") || is(n, "satisfies_expression") ||
           is(n, "non_null_expression") || is(n, "type_assertion") || is(n, "await_expression")) {
      if (named_count(n) == 0) break;
      n = named_child(n, 0);
    }
    return n;
  }

  void top_level(TSNode s, bool exported) {
    std::string_view t = type_of(s);
    if (t == "import_statement") {
      import(s);
    } else if (t == "function_declaration" || t == "generator_function_declaration") {
      std::string name(text_of(field(s, "name"), src_));
      functions_[name] = s;
      if (exported) exports_[name] = s;
    } else if (t == "lexical_declaration" || t == "variable_declaration") {
      for (uint32_t i = 0; i < named_count(s); ++i) {
        TSNode d = named_child(s, i);
        if (!is(d, "variable_declarator")) continue;
        TSNode name = field(d, "name");
        TSNode value = unwrap(field(d, "value"));
        if (is(name, "identifier")) {
          std::string n(text_of(name, src_));
          if (is_function_node(value)) {
            functions_[n] = value;
            if (exported) exports_[n] = value;
            continue;
          }
          if (exported) pending_exports_.emplace_back(n, value);
        }
        if (!is_null(value)) {
          Frame f{"<module>", false, false, {}, {}};
          Findings discard;
          Findings* saved = sink_;
          sink_ = &discard;  // module code runs at cold start, not on an event
          TVal v = eval(value, globals_, f, 0);
          sink_ = saved;
          bind(name, v, globals_, location_of(d, file_), false);
        }
      }
    } else if (t == "export_statement") {
      TSNode decl = field(s, "declaration");
      if (!is_null(decl)) {
        top_level(decl, true);
        return;
      }
      TSNode value = field(s, "value");  // export default ...
      if (!is_null(value)) pending_exports_.emplace_back("default", value);
      for (uint32_t i = 0; i < named_count(s); ++i) {
        TSNode c = named_child(s, i);
        if (!is(c, "export_clause")) continue;
        for (uint32_t j = 0; j < named_count(c); ++j) {
          TSNode spec = named_child(c, j);
          TSNode name = field(spec, "name"), alias = field(spec, "alias");
          pending_exports_.emplace_back(std::string(text_of(is_null(alias) ? name : alias, src_)), name);
        }
      }
    } else if (t == "expression_statement") {
      TSNode e = named_child(s, 0);
      if (!is(e, "assignment_expression")) return;
      TSNode left = field(e, "left"), right = field(e, "right");
      std::string lt(text_of(left, src_));
      if (lt == "module.exports" || lt == "exports") {
        right = unwrap(right);
        if (is(right, "object")) {
          for (uint32_t i = 0; i < named_count(right); ++i) {
            TSNode p = named_child(right, i);
            if (is(p, "pair")) pending_exports_.emplace_back(key_text(field(p, "key")), field(p, "value"));
            else if (is(p, "shorthand_property_identifier")) pending_exports_.emplace_back(std::string(text_of(p, src_)), p);
            else if (is(p, "method_definition")) exports_[std::string(text_of(field(p, "name"), src_))] = p;
          }
        } else {
          pending_exports_.emplace_back("default", right);
        }
      } else if (lt.rfind("module.exports.", 0) == 0 || lt.rfind("exports.", 0) == 0) {
        std::string name = lt.substr(lt.rfind('.') + 1);
        TSNode fn = unwrap(right);
        if (is_function_node(fn)) {
          exports_[name] = fn;
          functions_.emplace(name, fn);
        } else {
          pending_exports_.emplace_back(name, right);
        }
      }
    }
  }

  std::string key_text(TSNode k) {
    if (auto s = literal_string(k, src_)) return *s;
    return std::string(text_of(k, src_));
  }

  void import(TSNode s) {
    TSNode source = field(s, "source");
    auto mod = literal_string(source, src_);
    if (!mod) return;
    std::string m = module_name(*mod);
    for (uint32_t i = 0; i < named_count(s); ++i) {
      TSNode clause = named_child(s, i);
      if (!is(clause, "import_clause")) continue;
      for (uint32_t j = 0; j < named_count(clause); ++j) {
        TSNode c = named_child(clause, j);
        if (is(c, "identifier")) {
          aliases_[std::string(text_of(c, src_))] = m;  // default import
        } else if (is(c, "namespace_import")) {
          for (uint32_t k = 0; k < named_count(c); ++k)
            if (is(named_child(c, k), "identifier")) aliases_[std::string(text_of(named_child(c, k), src_))] = m;
        } else if (is(c, "named_imports")) {
          for (uint32_t k = 0; k < named_count(c); ++k) {
            TSNode spec = named_child(c, k);
            if (!is(spec, "import_specifier")) continue;
            TSNode name = field(spec, "name"), alias = field(spec, "alias");
            std::string imported = key_text(name);
            aliases_[std::string(text_of(is_null(alias) ? name : alias, src_))] =
                imported == "default" ? m : m + "." + imported;
          }
        }
      }
    }
  }

  // ---- functions -----------------------------------------------------------------------

  std::vector<TSNode> param_nodes(TSNode fn) {
    std::vector<TSNode> out;
    if (is_null(fn)) return out;
    TSNode single = field(fn, "parameter");
    if (!is_null(single)) {
      out.push_back(single);
      return out;
    }
    TSNode ps = field(fn, "parameters");
    for (uint32_t i = 0; i < named_count(ps); ++i) {
      TSNode p = named_child(ps, i);
      if (is(p, "comment")) continue;
      out.push_back(p);
    }
    return out;
  }

  /// The pattern of a parameter (TypeScript wraps it with its type).
  static TSNode param_pattern(TSNode p) {
    if (is(p, "required_parameter") || is(p, "optional_parameter")) {
      TSNode pat = field(p, "pattern");
      return is_null(pat) ? named_child(p, 0) : pat;
    }
    return p;
  }

  void run_function(TSNode fn, const std::vector<TVal>& args, Frame& frame, int depth, const Env* closure = nullptr) {
    Env env;
    if (closure) env = *closure;
    std::vector<TSNode> ps = param_nodes(fn);
    for (size_t i = 0; i < ps.size(); ++i) {
      TSNode p = param_pattern(ps[i]);
      TVal v = i < args.size() ? args[i] : TVal{};
      if (is(p, "assignment_pattern")) {
        if (i >= args.size()) v = eval(field(p, "right"), env, frame, depth + 1);
        p = field(p, "left");
      } else if (is(p, "rest_pattern")) {
        TVal all;
        for (size_t k = i; k < args.size(); ++k) all = join(all, args[k]);
        v = all;
        p = named_child(p, 0);
      }
      bind(p, v, env, location_of(p, file_), true, /*quiet=*/true);
    }
    TSNode body = field(fn, "body");
    if (is(body, "statement_block")) {
      exec_block(body, env, frame, depth + 1);
    } else if (!is_null(body)) {  // arrow function with an expression body
      TVal v = eval(body, env, frame, depth + 1);
      do_return(v, location_of(body, file_), frame);
    }
  }

  TVal call_local(TSNode fn, const std::string& name, const Call& c, int depth) {
    uint32_t key = ts_node_start_byte(fn);
    if (active_.count(key) || call_depth_ >= Budget::kMaxCallDepth) return fallback_join(c);
    uint64_t mask = 0;
    for (size_t i = 0; i < c.args.size() && i < 64; ++i)
      if (c.args[i].tainted() || c.args[i].fields) mask |= 1ull << i;
    auto memo_key = std::make_pair(key, mask);
    if (auto it = memo_.find(memo_key); it != memo_.end()) return it->second;
    std::vector<TSNode> ps = param_nodes(fn);
    std::vector<TVal> args;
    for (size_t i = 0; i < c.args.size(); ++i) {
      std::string pn = i < ps.size() ? std::string(text_of(param_pattern(ps[i]), src_)) : std::string();
      if (pn.size() > 40 || pn.find('\n') != std::string::npos) pn.clear();
      args.push_back(with_step(c.args[i], c.loc, "passed to '" + name + "'" + (pn.empty() ? "" : " as '" + pn + "'")));
    }
    Frame f{name, false, false, {}, {}};
    active_.insert(key);
    ++call_depth_;
    run_function(fn, args, f, depth + 1);
    --call_depth_;
    active_.erase(key);
    TVal r = with_step(f.ret, c.loc, "returned by '" + name + "'");
    memo_[memo_key] = r;
    return r;
  }

  void do_return(const TVal& v, model::Location loc, Frame& frame) {
    if (frame.entry) check_response(v, loc, *sink_);
    if (!frame.has_return) {
      frame.ret = v;
      frame.has_return = true;
    } else {
      TVal j = join(frame.ret, v);
      j.fields = frame.ret.fields ? frame.ret.fields : v.fields;
      j.flags |= (frame.ret.flags | v.flags) & kParsed;
      frame.ret = j;
    }
  }

  // ---- binding -------------------------------------------------------------------------

  /// Binds a pattern (identifier, object or array destructuring) to `v`.
  void bind(TSNode pat, const TVal& v, Env& env, model::Location loc, bool declare, bool quiet = false) {
    (void)declare;
    std::string_view t = type_of(pat);
    if (t == "identifier" || t == "shorthand_property_identifier_pattern") {
      std::string name(text_of(pat, src_));
      env[name] = quiet ? v : with_step(v, loc, "assigned to '" + name + "'");
      return;
    }
    if (t == "object_pattern") {
      for (uint32_t i = 0; i < named_count(pat); ++i) {
        TSNode p = named_child(pat, i);
        std::string_view pt = type_of(p);
        if (pt == "shorthand_property_identifier_pattern") {
          std::string key(text_of(p, src_));
          bind(p, member_of(v, key), env, loc, declare, quiet);
        } else if (pt == "pair_pattern") {
          bind(field(p, "value"), member_of(v, key_text(field(p, "key"))), env, loc, declare, quiet);
        } else if (pt == "object_assignment_pattern") {
          TSNode left = field(p, "left");
          TVal m = member_of(v, std::string(text_of(left, src_)));
          bind(left, m, env, loc, declare, quiet);
        } else if (pt == "rest_pattern") {
          bind(named_child(p, 0), v, env, loc, declare, quiet);
        }
      }
      return;
    }
    if (t == "array_pattern") {
      for (uint32_t i = 0; i < named_count(pat); ++i) {
        TSNode p = named_child(pat, i);
        if (is(p, "rest_pattern")) p = named_child(p, 0);
        if (is(p, "assignment_pattern")) p = field(p, "left");
        bind(p, member(v, "*"), env, loc, declare, quiet);
      }
      return;
    }
    if (t == "assignment_pattern") {
      bind(field(pat, "left"), v, env, loc, declare, quiet);
      return;
    }
    if (t == "member_expression" || t == "subscript_expression") {
      TSNode obj = field(pat, "object");
      if (!is(obj, "identifier")) return;
      std::string name(text_of(obj, src_));
      auto it = env.find(name);
      if (it == env.end()) return;
      TVal& o = it->second;
      std::string key;
      bool tainted_key = false;
      if (t == "member_expression") {
        key = std::string(text_of(field(pat, "property"), src_));
      } else {
        TSNode idx = field(pat, "index");
        if (auto s = literal_string(idx, src_)) key = *s;
        else {
          key = "*";
          Frame f;
          tainted_key = eval(idx, env, f, 1).tainted();
        }
      }
      auto fields = o.fields ? std::make_shared<std::map<std::string, TVal>>(*o.fields)
                             : std::make_shared<std::map<std::string, TVal>>();
      TVal fv = v;
      fv.loc = loc;
      (*fields)[key] = fv;
      o.fields = std::move(fields);
      if (tainted_key) o.tainted_key = true;
    }
  }

  /// A member of `v` read by name (destructuring, `.x`, `['x']`).
  static TVal member(const TVal& v, const std::string& key) {
    if (const TVal* f = v.field(key)) return *f;
    TVal out;
    if (v.flags & kEnvDump) return out;  // process.env.X: one value
    if (v.flags & kError) {
      if (key == "stack") out.flags = kStackTrace;
      return out;
    }
    out.taint = v.taint;
    out.sanitized = v.sanitized;
    return out;
  }

  // ---- statements ----------------------------------------------------------------------

  bool exec_block(TSNode block, Env& env, Frame& frame, int depth) {
    if (is_null(block)) return false;
    if (!is(block, "statement_block") && !is(block, "program")) return exec_stmt(block, env, frame, depth);
    for (uint32_t i = 0; i < named_count(block); ++i)
      if (exec_stmt(named_child(block, i), env, frame, depth)) return true;
    return false;
  }

  bool exec_stmt(TSNode s, Env& env, Frame& frame, int depth) {
    if (depth > Budget::kMaxNesting || budget_.exhausted()) return false;
    ++budget_.steps;
    std::string_view t = type_of(s);
    if (t == "statement_block") return exec_block(s, env, frame, depth + 1);
    if (t == "expression_statement") {
      for (uint32_t i = 0; i < named_count(s); ++i) eval(named_child(s, i), env, frame, depth + 1);
      return false;
    }
    if (t == "lexical_declaration" || t == "variable_declaration") {
      for (uint32_t i = 0; i < named_count(s); ++i) {
        TSNode d = named_child(s, i);
        if (!is(d, "variable_declarator")) continue;
        TSNode name = field(d, "name");
        TSNode value = field(d, "value");
        TSNode fn = unwrap(value);
        if (is(name, "identifier") && is_function_node(fn)) {
          functions_[std::string(text_of(name, src_))] = fn;
          continue;
        }
        TVal v = is_null(value) ? TVal{} : eval(value, env, frame, depth + 1);
        bind(name, v, env, location_of(d, file_), true);
      }
      return false;
    }
    if (t == "return_statement") {
      TVal v;
      if (named_count(s) > 0) v = eval(named_child(s, 0), env, frame, depth + 1);
      do_return(v, location_of(s, file_), frame);
      return true;
    }
    if (t == "throw_statement") {
      for (uint32_t i = 0; i < named_count(s); ++i) eval(named_child(s, i), env, frame, depth + 1);
      return true;
    }
    if (t == "break_statement" || t == "continue_statement") return true;
    if (t == "if_statement") {
      TSNode cond = field(s, "condition");
      eval(cond, env, frame, depth + 1);
      Guard g = javascript_guard(cond, src_);
      Env then_env = env;
      apply_guards(g.when_true, then_env);
      bool then_ends = exec_block(field(s, "consequence"), then_env, frame, depth + 1);
      Env else_env = env;
      apply_guards(g.when_false, else_env);
      bool else_ends = false;
      TSNode alt = field(s, "alternative");
      if (!is_null(alt)) {
        TSNode body = is(alt, "else_clause") ? named_child(alt, 0) : alt;
        else_ends = exec_block(body, else_env, frame, depth + 1);
      }
      if (then_ends && else_ends) return true;
      if (then_ends) env = std::move(else_env);
      else if (else_ends) env = std::move(then_env);
      else {
        env = std::move(then_env);
        merge_env(env, else_env);
      }
      return false;
    }
    if (t == "for_in_statement") {
      TVal it = eval(field(s, "right"), env, frame, depth + 1);
      Env body = env;
      bind(field(s, "left"), member(it, "*"), body, location_of(s, file_), true);
      for (int pass = 0; pass < 2; ++pass) exec_block(field(s, "body"), body, frame, depth + 1);
      merge_env(env, body);
      return false;
    }
    if (t == "for_statement" || t == "while_statement" || t == "do_statement") {
      Env body = env;
      TSNode init = field(s, "initializer");
      if (!is_null(init)) exec_stmt(init, body, frame, depth + 1);
      eval(field(s, "condition"), body, frame, depth + 1);
      for (int pass = 0; pass < 2; ++pass) {
        exec_block(field(s, "body"), body, frame, depth + 1);
        eval(field(s, "increment"), body, frame, depth + 1);
      }
      merge_env(env, body);
      return false;
    }
    if (t == "try_statement") {
      Env before = env;
      bool body_ends = exec_block(field(s, "body"), env, frame, depth + 1);
      TSNode handler = field(s, "handler");
      bool handler_ends = true;
      if (!is_null(handler)) {
        Env h = before;
        merge_env(h, env);
        TSNode param = field(handler, "parameter");
        if (!is_null(param)) {
          TVal err;
          err.flags = kError;
          bind(param, err, h, location_of(param, file_), true, true);
        }
        handler_ends = exec_block(field(handler, "body"), h, frame, depth + 1);
        if (!handler_ends) {
          if (body_ends) env = std::move(h);
          else merge_env(env, h);
        }
      }
      TSNode fin = field(s, "finalizer");
      if (!is_null(fin)) exec_block(field(fin, "body"), env, frame, depth + 1);
      return body_ends && handler_ends;
    }
    if (t == "switch_statement") {
      eval(field(s, "value"), env, frame, depth + 1);
      TSNode body = field(s, "body");
      Env merged = env;
      for (uint32_t i = 0; i < named_count(body); ++i) {
        TSNode c = named_child(body, i);
        Env branch = env;
        for (uint32_t j = 0; j < named_count(c); ++j) {
          TSNode st = named_child(c, j);
          if (ts_node_start_byte(st) == ts_node_start_byte(field(c, "value"))) continue;
          if (exec_stmt(st, branch, frame, depth + 1)) break;
        }
        merge_env(merged, branch);
      }
      env = std::move(merged);
      return false;
    }
    if (t == "function_declaration" || t == "generator_function_declaration") {
      functions_[std::string(text_of(field(s, "name"), src_))] = s;
      return false;
    }
    if (t == "labeled_statement") return exec_stmt(field(s, "body"), env, frame, depth + 1);
    if (t == "import_statement") {
      import(s);
      return false;
    }
    if (t == "comment" || t == "empty_statement" || t == "class_declaration" || t == "interface_declaration" ||
        t == "type_alias_declaration" || t == "enum_declaration" || t == "debugger_statement")
      return false;
    eval(s, env, frame, depth + 1);
    return false;
  }

  // ---- expressions ---------------------------------------------------------------------

  TVal lookup(const std::string& name, const Env& env) {
    if (auto it = env.find(name); it != env.end()) return it->second;
    if (auto it = globals_.find(name); it != globals_.end()) return it->second;
    TVal v;
    if (auto it = aliases_.find(name); it != aliases_.end()) v.qname = it->second;
    else if (kGlobals.count(name)) v.qname = name;  // eval, fetch, process, JSON...
    return v;
  }

  static TVal fallback_join(const Call& c) {
    TVal out;
    for (const TVal& a : c.args) out = join(out, a);
    out.flags &= static_cast<uint16_t>(kEnvDump | kStackTrace);
    for (const TVal& a : c.args) keep_nested_disclosure(out, a, c.loc);
    out.fields = nullptr;
    out.tainted_key = false;
    return out;
  }

  TVal eval(TSNode n, Env& env, Frame& frame, int depth) {
    if (is_null(n) || depth > Budget::kMaxNesting || budget_.exhausted()) return {};
    ++budget_.steps;
    std::string_view t = type_of(n);
    model::Location loc = location_of(n, file_);
    if (t == "identifier" || t == "shorthand_property_identifier") return lookup(std::string(text_of(n, src_)), env);
    if (t == "string") {
      TVal v = TVal::constant(literal_string(n, src_).value_or(""), loc);
      return v;
    }
    if (t == "template_string") return eval_template(n, env, frame, depth);
    if (t == "number" || t == "true" || t == "false" || t == "null") {
      TVal v = TVal::constant(std::string(text_of(n, src_)), loc);
      v.flags = 0;
      return v;
    }
    if (t == "parenthesized_expression" || t == "await_expression" || t == "as_expression" ||
        t == "satisfies_expression" || t == "non_null_expression" || t == "type_assertion" ||
        t == "spread_element")
      return named_count(n) ? eval(named_child(n, 0), env, frame, depth + 1) : TVal{};
    if (t == "sequence_expression") {
      TVal last;
      for (uint32_t i = 0; i < named_count(n); ++i) last = eval(named_child(n, i), env, frame, depth + 1);
      return last;
    }
    if (t == "member_expression") {
      TVal obj = eval(field(n, "object"), env, frame, depth + 1);
      std::string prop(text_of(field(n, "property"), src_));
      return member_of(obj, prop);
    }
    if (t == "subscript_expression") {
      TVal obj = eval(field(n, "object"), env, frame, depth + 1);
      TSNode idx = field(n, "index");
      auto key = literal_string(idx, src_);
      TVal kv;
      if (!key) kv = eval(idx, env, frame, depth + 1);
      if (!key && kv.prefix && kv.exact) key = *kv.prefix;
      if (key) return member_of(obj, *key);
      return member(obj, "*");
    }
    if (t == "call_expression" || t == "new_expression") return eval_call(n, env, frame, depth);
    if (t == "binary_expression") {
      std::string_view op = text_of(field(n, "operator"), src_);
      TVal l = eval(field(n, "left"), env, frame, depth + 1);
      TVal r = eval(field(n, "right"), env, frame, depth + 1);
      if (op == "+") {
        TVal out = join(l, r);
        out.flags = static_cast<uint16_t>((out.flags & (kEnvDump | kStackTrace)) | kString);
        if (l.prefix && (l.flags & kString)) {
          if (l.exact && r.prefix) {
            out.prefix = *l.prefix + *r.prefix;
            out.exact = r.exact;
          } else {
            out.prefix = l.prefix;
          }
        }
        return out;
      }
      if (op == "||" || op == "??" || op == "&&") {
        TVal out = join(l, r);
        out.fields = l.fields ? l.fields : r.fields;
        out.flags |= (l.flags | r.flags) & kParsed;
        return out;
      }
      return {};  // comparisons, arithmetic: booleans and numbers
    }
    if (t == "ternary_expression") {
      eval(field(n, "condition"), env, frame, depth + 1);
      return join(eval(field(n, "consequence"), env, frame, depth + 1),
                  eval(field(n, "alternative"), env, frame, depth + 1));
    }
    if (t == "unary_expression" || t == "update_expression") {
      eval(field(n, "argument"), env, frame, depth + 1);
      return {};
    }
    if (t == "object") return eval_object(n, env, frame, depth);
    if (t == "array") {
      TVal out;
      for (uint32_t i = 0; i < named_count(n); ++i) out = join(out, eval(named_child(n, i), env, frame, depth + 1));
      out.loc = loc;
      return out;
    }
    if (t == "assignment_expression") {
      TVal v = eval(field(n, "right"), env, frame, depth + 1);
      bind(field(n, "left"), v, env, loc, false);
      return v;
    }
    if (t == "augmented_assignment_expression") {
      TSNode left = field(n, "left");
      TVal old = eval(left, env, frame, depth + 1);
      TVal v = eval(field(n, "right"), env, frame, depth + 1);
      TVal j = join(old, v);
      j.prefix = old.prefix;
      j.exact = false;
      j.flags |= old.flags & kString;
      bind(left, j, env, loc, false);
      return j;
    }
    if (is_function_node(n)) {
      // A callback: run its body now, seeing the variables around it.
      run_callback(n, {}, env, frame, depth);
      return {};
    }
    return {};
  }

  TVal member_of(const TVal& obj, const std::string& prop) {
    if (const TVal* f = obj.field(prop)) return *f;
    if (!obj.tainted() && !obj.qname.empty() && !obj.fields && !(obj.flags & (kEnvDump | kError))) {
      std::string q = obj.qname + "." + prop;
      if (auto m = javascript_attribute_model(q)) return *m;
      TVal v;
      v.qname = q;
      return v;
    }
    return member(obj, prop);
  }

  void run_callback(TSNode fn, std::vector<TVal> args, Env& env, Frame& frame, int depth) {
    uint32_t key = ts_node_start_byte(fn);
    if (active_.count(key) || depth > Budget::kMaxNesting) return;
    active_.insert(key);
    Frame f{frame.name, false, false, {}, frame.callback};
    run_function(fn, args, f, depth + 1, &env);
    active_.erase(key);
  }

  TVal eval_template(TSNode n, Env& env, Frame& frame, int depth) {
    std::string text;
    bool exact = true;
    TVal out;
    for (uint32_t i = 0; i < named_count(n); ++i) {
      TSNode c = named_child(n, i);
      if (is(c, "template_substitution")) {
        TVal v = named_count(c) ? eval(named_child(c, 0), env, frame, depth + 1) : TVal{};
        out = join(out, v);
        if (exact) {
          if (v.prefix) text += *v.prefix;
          exact = exact && v.prefix && v.exact;
        }
      } else if (exact) {
        text += text_of(c, src_);
      }
    }
    out.prefix = std::move(text);
    out.exact = exact;
    out.flags = static_cast<uint16_t>((out.flags & (kEnvDump | kStackTrace)) | kString);
    out.loc = location_of(n, file_);
    return out;
  }

  TVal eval_object(TSNode n, Env& env, Frame& frame, int depth) {
    auto fields = std::make_shared<std::map<std::string, TVal>>();
    TVal out;
    for (uint32_t i = 0; i < named_count(n); ++i) {
      TSNode c = named_child(n, i);
      std::string_view ct = type_of(c);
      if (ct == "pair") {
        TSNode k = field(c, "key");
        TSNode vn = field(c, "value");
        TVal v = eval(vn, env, frame, depth + 1);
        v.loc = location_of(vn, file_);
        std::string key;
        if (is(k, "computed_property_name")) {
          TVal kv = named_count(k) ? eval(named_child(k, 0), env, frame, depth + 1) : TVal{};
          if (kv.tainted()) {
            bool keep = out.tainted_key;
            out = join(out, kv);
            out.tainted_key = true;
            (void)keep;
          }
          key = kv.prefix && kv.exact ? *kv.prefix : "*" + std::to_string(i);
        } else {
          key = key_text(k);
        }
        (*fields)[key] = v;
      } else if (ct == "shorthand_property_identifier") {
        TVal v = lookup(std::string(text_of(c, src_)), env);
        v.loc = location_of(c, file_);
        (*fields)[std::string(text_of(c, src_))] = v;
      } else if (ct == "spread_element") {
        TVal v = named_count(c) ? eval(named_child(c, 0), env, frame, depth + 1) : TVal{};
        if (v.fields)
          for (const auto& [k, fv] : *v.fields) (*fields)[k] = fv;
        if (v.tainted() || (v.flags & kEnvDump)) {
          bool tk = out.tainted_key;
          out = join(out, v);
          out.tainted_key = tk;
          out.flags |= v.flags & (kEnvDump | kParsed);
          if (v.flags & kEnvDump) out.loc = location_of(c, file_);
        }
      } else if (ct == "method_definition") {
        // methods are not called by the analysis
      }
    }
    out.fields = std::move(fields);
    if (!out.loc.known()) out.loc = location_of(n, file_);
    return out;
  }

  TVal eval_call(TSNode n, Env& env, Frame& frame, int depth) {
    Call c;
    c.loc = location_of(n, file_);
    c.is_new = is(n, "new_expression");
    TSNode fn = unwrap(field(n, c.is_new ? "constructor" : "function"));
    c.text = text_of(fn, src_);
    TSNode args = field(n, "arguments");
    std::vector<TSNode> callbacks;
    if (is(args, "template_string")) {  // tagged template: sql`...` keeps values apart
      eval(args, env, frame, depth + 1);
      return {};
    }
    for (uint32_t i = 0; i < named_count(args); ++i) {
      TSNode a = named_child(args, i);
      if (is(a, "comment")) continue;
      if (is_function_node(unwrap(a))) {
        callbacks.push_back(unwrap(a));
        c.args.push_back(TVal{});
        continue;
      }
      TVal v = eval(a, env, frame, depth + 1);
      if (!v.loc.known()) v.loc = location_of(a, file_);
      c.args.push_back(std::move(v));
    }
    TVal receiver;
    std::string receiver_var;
    if (is(fn, "identifier")) {
      std::string name(text_of(fn, src_));
      if (!frame.callback.empty() && name == frame.callback) {
        if (c.args.size() >= 2) check_response(c.args[1], c.args[1].loc.known() ? c.args[1].loc : c.loc, *sink_);
        return {};
      }
      if (name == "require") {
        TVal v;
        if (!c.args.empty() && c.args[0].prefix && c.args[0].exact) v.qname = module_name(*c.args[0].prefix);
        return v;
      }
      if (!env.count(name) && !globals_.count(name) && !aliases_.count(name)) {
        if (auto it = functions_.find(name); it != functions_.end()) {
          run_callbacks(callbacks, c, env, frame, depth);
          return call_local(it->second, name, c, depth);
        }
      }
      c.qname = lookup(name, env).qname;
      if (c.qname.empty() && c.is_new) c.qname = name;  // a class we cannot see imported
    } else if (is(fn, "member_expression")) {
      TSNode obj = field(fn, "object");
      receiver = eval(obj, env, frame, depth + 1);
      c.method = std::string(text_of(field(fn, "property"), src_));
      c.receiver_text = std::string(text_of(obj, src_));
      if (is(obj, "identifier")) receiver_var = c.receiver_text;
      if (!receiver.qname.empty() && !receiver.tainted() && !receiver.fields) c.qname = receiver.qname + "." + c.method;
      c.receiver = &receiver;
    } else {
      TVal callee = eval(fn, env, frame, depth + 1);
      c.qname = callee.qname;
    }
    javascript_check_sinks(c, *sink_);
    run_callbacks(callbacks, c, env, frame, depth);
    if (auto m = javascript_call_model(c)) return *m;
    TVal out;
    if (!c.method.empty() && c.qname.empty()) {
      // Methods of values carry the value (`body.trim()`, `items.map(...)`); string and
      // array builders carry their arguments too.
      out = member(receiver, "*");
      out.flags = receiver.flags & (kEnvDump | kStackTrace | kParsed);
      static const std::unordered_set<std::string> kBuilders = {
          "concat", "join", "replace", "replaceAll", "padStart", "padEnd", "push", "unshift", "format",
          "assign", "from", "fill"};
      if (kBuilders.count(c.method))
        for (const TVal& a : c.args) out = join(out, a);
      if (c.method == "toString" || c.method == "trim" || c.method == "toLowerCase" || c.method == "toUpperCase" ||
          c.method == "slice" || c.method == "substring" || c.method == "join")
        out.flags = static_cast<uint16_t>((out.flags & ~kParsed) | kString);
      if (c.method == "push" && !receiver_var.empty()) {
        auto it = env.find(receiver_var);
        if (it != env.end())
          for (const TVal& a : c.args) {
            TVal j = join(it->second, a);
            j.fields = it->second.fields;
            it->second = j;
          }
      }
      return out;
    }
    return fallback_join(c);
  }

  /// Callbacks passed to a call run with what the call would hand them: the elements of a
  /// tainted receiver (`items.forEach(x => ...)`), otherwise nothing tainted.
  void run_callbacks(const std::vector<TSNode>& callbacks, const Call& c, Env& env, Frame& frame, int depth) {
    for (TSNode cb : callbacks) {
      std::vector<TVal> args;
      if (c.receiver && c.receiver->tainted()) args.push_back(member(*c.receiver, "*"));
      run_callback(cb, args, env, frame, depth);
    }
  }

  std::string_view src_;
  TSNode root_;
  model::FileId file_;
  Findings& out_;
  Findings* sink_ = &out_;
  Budget budget_;
  Env globals_;
  std::unordered_map<std::string, std::string> aliases_;
  std::unordered_map<std::string, TSNode> functions_;
  std::map<std::string, TSNode> exports_;
  std::vector<std::pair<std::string, TSNode>> pending_exports_;
  std::unordered_set<uint32_t> active_;
  std::map<std::pair<uint32_t, uint64_t>, TVal> memo_;
  int call_depth_ = 0;
};

}  // namespace

std::unique_ptr<LanguageAnalyzer> make_javascript_analyzer(const SyntaxTree& tree, model::FileId file,
                                                           Findings& out) {
  return std::make_unique<JavaScriptAnalyzer>(tree, file, out);
}

}  // namespace kl::code
