// Taint analysis of Python handlers: an abstract interpreter over tree-sitter-python's
// syntax tree. Statements run in order over an environment of abstract values; both sides
// of a branch run and their environments are joined; loops run their body twice; calls
// into the module's own functions are analyzed with the caller's values (depth-limited,
// memoized by which arguments are tainted). What matters for each call is decided by the
// tables in python_sinks.cc.
#include <unordered_map>
#include <unordered_set>

#include "code/analyzers.h"
#include "code/guards.h"
#include "code/sinks.h"

namespace kl::code {
namespace {

// Python's builtins the tables know by name; any other unknown name is ordinary data.
const std::unordered_set<std::string> kBuiltins = {
    "eval", "exec", "compile", "open", "print", "int", "float", "bool", "str", "repr", "bytes", "dict",
    "list", "tuple", "set", "len", "hash", "abs", "round", "ord", "chr", "isinstance", "id", "type",
    "execfile", "input", "format", "sorted", "reversed", "min", "max", "sum", "getattr", "vars"};

struct Frame {
  std::string name;
  bool entry = false;      // the handler itself: what it returns goes to the caller
  bool has_return = false;
  TVal ret;
};

class PythonAnalyzer : public LanguageAnalyzer {
 public:
  PythonAnalyzer(const SyntaxTree& tree, model::FileId file, Findings& out)
      : src_(tree.text()), root_(tree.root()), file_(file), out_(out) {
    scan_module(root_, 0);
  }

  std::vector<EntryPoint> handler_shaped() override {
    std::vector<EntryPoint> eps;
    for (uint32_t i = 0; i < named_count(root_); ++i) {
      TSNode fn = definition(named_child(root_, i));
      if (is_null(fn)) continue;
      std::vector<std::string> params = param_names(fn);
      if (params.size() != 2) continue;
      const std::string& ctx = params[1];
      if (ctx.find("context") == std::string::npos && ctx.find("ctx") == std::string::npos && ctx != "_" &&
          ctx != "__")
        continue;
      eps.push_back({fn, std::string(text_of(field(fn, "name"), src_))});
    }
    return eps;
  }

  std::optional<EntryPoint> find_handler(const std::string& name) override {
    for (uint32_t i = 0; i < named_count(root_); ++i) {
      TSNode fn = definition(named_child(root_, i));
      if (!is_null(fn) && text_of(field(fn, "name"), src_) == name) return EntryPoint{fn, name};
    }
    return std::nullopt;
  }

  void analyze(const EntryPoint& ep) override {
    std::vector<std::string> params = param_names(ep.fn);
    std::vector<TVal> args;
    if (!params.empty()) {
      TSNode p = first_param(ep.fn);
      Trace t;
      t.emplace_back(location_of(p, file_), "event enters as parameter '" + params[0] + "' of '" + ep.name + "'");
      args.push_back(TVal::source(std::move(t)));
    }
    Frame frame{ep.name, true, false, {}};
    run_function(ep.fn, args, {}, frame, 0);
  }

 private:
  // ---- module level --------------------------------------------------------------------

  static TSNode definition(TSNode n) {
    if (is(n, "decorated_definition")) n = field(n, "definition");
    return is(n, "function_definition") ? n : TSNode{};
  }

  void scan_module(TSNode block, int depth) {
    if (depth > 8) return;
    for (uint32_t i = 0; i < named_count(block); ++i) {
      TSNode s = named_child(block, i);
      std::string_view t = type_of(s);
      if (t == "import_statement" || t == "import_from_statement") {
        import(s);
      } else if (TSNode fn = definition(s); !is_null(fn)) {
        functions_[std::string(text_of(field(fn, "name"), src_))] = fn;
        if (is(s, "decorated_definition")) register_route(s, fn);
      } else if (t == "expression_statement") {
        TSNode e = named_child(s, 0);
        if (is(e, "assignment")) {
          Frame f{"<module>", false, false, {}};
          Findings discard;
          Findings* saved = sink_;
          sink_ = &discard;  // module code runs at cold start, not on an event
          exec_stmt(s, globals_, f, 0);
          sink_ = saved;
        }
      } else if (t == "if_statement" || t == "try_statement" || t == "block" || t == "else_clause" ||
                 t == "except_clause" || t == "finally_clause") {
        for (uint32_t j = 0; j < named_count(s); ++j) {
          TSNode c = named_child(s, j);
          if (is(c, "block")) scan_module(c, depth + 1);
          else if (is(c, "else_clause") || is(c, "except_clause") || is(c, "finally_clause") ||
                   is(c, "elif_clause"))
            scan_module(c, depth + 1);
        }
      }
    }
  }

  /// `@app.get("/path")` (also post, put, delete, patch, head, route...) over a function:
  /// a route of the resolver `app`, run when the handler calls `app.resolve(event, ctx)`.
  void register_route(TSNode decorated, TSNode fn) {
    static const std::unordered_set<std::string_view> kVerbs = {"get", "post", "put", "delete", "patch",
                                                                "head", "options", "route"};
    for (uint32_t i = 0; i < named_count(decorated); ++i) {
      TSNode d = named_child(decorated, i);
      if (!is(d, "decorator") || named_count(d) == 0) continue;
      TSNode call = named_child(d, 0);
      if (!is(call, "call")) continue;
      TSNode f = field(call, "function");
      if (!is(f, "attribute") || !is(field(f, "object"), "identifier")) continue;
      if (!kVerbs.count(text_of(field(f, "attribute"), src_))) continue;
      routes_[std::string(text_of(field(f, "object"), src_))].push_back(fn);
      return;
    }
  }

  /// Runs the routes of the resolver `app` as the handler's own code: what they return is
  /// the response; their parameters (path parameters) are event data too.
  void run_routes(const std::string& app, model::Location at, int depth) {
    auto it = routes_.find(app);
    if (it == routes_.end()) return;
    for (TSNode fn : it->second) {
      uint32_t key = ts_node_start_byte(fn);
      if (active_.count(key) || call_depth_ >= Budget::kMaxCallDepth) continue;
      std::string name(text_of(field(fn, "name"), src_));
      std::vector<TVal> args;
      for (const std::string& p : param_names(fn)) {
        Trace tr;
        tr.emplace_back(at, "path parameter '" + p + "' of route '" + name + "'");
        args.push_back(TVal::source(std::move(tr)));
      }
      Frame rf{name, true, false, {}};
      active_.insert(key);
      ++call_depth_;
      run_function(fn, args, {}, rf, depth + 1);
      --call_depth_;
      active_.erase(key);
    }
  }

  void import(TSNode s) {
    if (is(s, "import_statement")) {
      for (uint32_t i = 0; i < named_count(s); ++i) {
        TSNode n = named_child(s, i);
        if (is(n, "dotted_name")) {
          std::string full(text_of(n, src_));
          std::string first = full.substr(0, full.find('.'));
          aliases_[first] = first;
        } else if (is(n, "aliased_import")) {
          aliases_[std::string(text_of(field(n, "alias"), src_))] = std::string(text_of(field(n, "name"), src_));
        }
      }
      return;
    }
    std::string module(text_of(field(s, "module_name"), src_));
    while (!module.empty() && module[0] == '.') module.erase(0, 1);  // relative: local module
    for (uint32_t i = 0; i < named_count(s); ++i) {
      TSNode n = named_child(s, i);
      if (ts_node_start_byte(n) == ts_node_start_byte(field(s, "module_name"))) continue;
      if (is(n, "dotted_name")) {
        std::string name(text_of(n, src_));
        aliases_[name] = module.empty() ? name : module + "." + name;
      } else if (is(n, "aliased_import")) {
        std::string name(text_of(field(n, "name"), src_));
        aliases_[std::string(text_of(field(n, "alias"), src_))] = module.empty() ? name : module + "." + name;
      }
    }
  }

  // ---- functions -----------------------------------------------------------------------

  TSNode first_param(TSNode fn) {
    TSNode ps = field(fn, "parameters");
    for (uint32_t i = 0; i < named_count(ps); ++i) {
      TSNode p = named_child(ps, i);
      if (is(p, "identifier") || is(p, "typed_parameter") || is(p, "default_parameter") ||
          is(p, "typed_default_parameter"))
        return p;
    }
    return {};
  }

  std::string param_name(TSNode p) {
    std::string_view t = type_of(p);
    if (t == "identifier") return std::string(text_of(p, src_));
    if (t == "default_parameter" || t == "typed_default_parameter") return std::string(text_of(field(p, "name"), src_));
    if (t == "typed_parameter" || t == "list_splat_pattern" || t == "dictionary_splat_pattern") {
      for (uint32_t i = 0; i < named_count(p); ++i)
        if (is(named_child(p, i), "identifier")) return std::string(text_of(named_child(p, i), src_));
    }
    return {};
  }

  std::vector<std::string> param_names(TSNode fn) {
    std::vector<std::string> out;
    TSNode ps = field(fn, "parameters");
    for (uint32_t i = 0; i < named_count(ps); ++i) {
      TSNode p = named_child(ps, i);
      std::string_view t = type_of(p);
      if (t == "list_splat_pattern" || t == "dictionary_splat_pattern" || t == "keyword_separator" ||
          t == "positional_separator")
        continue;
      std::string n = param_name(p);
      if (!n.empty()) out.push_back(std::move(n));
    }
    return out;
  }

  void run_function(TSNode fn, const std::vector<TVal>& args,
                    const std::vector<std::pair<std::string, TVal>>& kwargs, Frame& frame, int depth) {
    Env env;
    TSNode ps = field(fn, "parameters");
    size_t pos = 0;
    for (uint32_t i = 0; i < named_count(ps); ++i) {
      TSNode p = named_child(ps, i);
      std::string_view t = type_of(p);
      if (t == "keyword_separator" || t == "positional_separator") continue;
      std::string name = param_name(p);
      if (name.empty()) continue;
      if (t == "list_splat_pattern" || t == "dictionary_splat_pattern") {
        TVal all;
        for (size_t k = pos; k < args.size(); ++k) all = join(all, args[k]);
        for (const auto& kw : kwargs) all = join(all, kw.second);
        env[name] = all;
        continue;
      }
      const TVal* v = pos < args.size() ? &args[pos] : nullptr;
      ++pos;
      for (const auto& kw : kwargs)
        if (kw.first == name) v = &kw.second;
      if (v) env[name] = *v;
      else if (TSNode d = field(p, "value"); !is_null(d)) env[name] = eval(d, env, frame, depth + 1);
      else env[name] = TVal{};
    }
    exec_block(field(fn, "body"), env, frame, depth + 1);
  }

  TVal call_local(TSNode fn, const std::string& name, const Call& c, Env& caller, int depth) {
    (void)caller;
    uint32_t key = ts_node_start_byte(fn);
    if (active_.count(key) || call_depth_ >= Budget::kMaxCallDepth) return fallback_join(c);
    uint64_t mask = 0;
    for (size_t i = 0; i < c.args.size() && i < 32; ++i)
      if (c.args[i].tainted()) mask |= 1ull << i;
    for (size_t i = 0; i < c.kwargs.size() && i < 32; ++i)
      if (c.kwargs[i].second.tainted()) mask |= 1ull << (32 + i);
    auto memo_key = std::make_pair(key, mask);
    if (mask == 0) {
      // Nothing tainted goes in: still analyze once (it may read os.environ and return it).
      if (auto it = memo_.find(memo_key); it != memo_.end()) return it->second;
    } else if (auto it = memo_.find(memo_key); it != memo_.end()) {
      return it->second;
    }
    std::vector<std::string> params = param_names(fn);
    std::vector<TVal> args;
    for (size_t i = 0; i < c.args.size(); ++i)
      args.push_back(with_step(c.args[i], c.loc,
                               "passed to '" + name + "'" + (i < params.size() ? " as '" + params[i] + "'" : "")));
    std::vector<std::pair<std::string, TVal>> kwargs;
    for (const auto& [k, v] : c.kwargs) kwargs.emplace_back(k, with_step(v, c.loc, "passed to '" + name + "' as '" + k + "'"));
    if (c.kwsplat) kwargs.emplace_back("**", *c.kwsplat);
    Frame f{name, false, false, {}};
    active_.insert(key);
    ++call_depth_;
    run_function(fn, args, kwargs, f, depth + 1);
    --call_depth_;
    active_.erase(key);
    TVal r = with_step(f.ret, c.loc, "returned by '" + name + "'");
    memo_[memo_key] = r;
    return r;
  }

  // ---- statements ----------------------------------------------------------------------

  /// Runs a block; true when it always leaves (return, raise, continue, break).
  bool exec_block(TSNode block, Env& env, Frame& frame, int depth) {
    if (is_null(block)) return false;
    bool terminated = false;
    for (uint32_t i = 0; i < named_count(block); ++i) {
      if (exec_stmt(named_child(block, i), env, frame, depth)) {
        terminated = true;
        break;
      }
    }
    return terminated;
  }

  void assign(TSNode target, const TVal& v, Env& env, Frame& frame, int depth, model::Location loc) {
    std::string_view t = type_of(target);
    if (t == "identifier") {
      std::string name(text_of(target, src_));
      env[name] = with_step(v, loc, "assigned to '" + name + "'");
    } else if (t == "pattern_list" || t == "tuple_pattern" || t == "list_pattern" || t == "tuple" ||
               t == "list") {
      for (uint32_t i = 0; i < named_count(target); ++i) {
        TSNode el = named_child(target, i);
        if (is(el, "list_splat_pattern")) el = named_child(el, 0);
        TVal part = v;
        part.fields = nullptr;
        part.prefix.reset();
        assign(el, part, env, frame, depth, loc);
      }
    } else if (t == "subscript" || t == "attribute") {
      TSNode obj = is(target, "subscript") ? field(target, "value") : field(target, "object");
      if (!is(obj, "identifier")) return;
      std::string name(text_of(obj, src_));
      auto it = env.find(name);
      if (it == env.end()) return;
      TVal& o = it->second;
      std::optional<std::string> key;
      TVal keyv;
      if (is(target, "attribute")) {
        key = std::string(text_of(field(target, "attribute"), src_));
      } else {
        TSNode k = field(target, "subscript");
        key = literal_string(k, src_);
        if (!key) keyv = eval(k, env, frame, depth + 1);
      }
      auto fields = o.fields ? std::make_shared<std::map<std::string, TVal>>(*o.fields)
                             : std::make_shared<std::map<std::string, TVal>>();
      TVal fv = v;
      fv.loc = loc;
      (*fields)[key ? *key : "*"] = fv;
      o.fields = std::move(fields);
      if (keyv.tainted()) {
        o.tainted_key = true;
        if (!o.taint) o.taint = keyv.taint;
      }
    }
  }

  bool exec_stmt(TSNode s, Env& env, Frame& frame, int depth) {
    if (depth > Budget::kMaxNesting || budget_.exhausted()) return false;
    ++budget_.steps;
    std::string_view t = type_of(s);
    if (t == "expression_statement") {
      for (uint32_t i = 0; i < named_count(s); ++i) exec_stmt(named_child(s, i), env, frame, depth + 1);
      return false;
    }
    if (t == "assignment") {
      TSNode right = field(s, "right");
      if (is_null(right)) return false;
      TSNode left = field(s, "left");
      // `a, b = x, 1`: each name gets its own value, not the join of the whole tuple
      // (evaluated first, so `a, b = b, a` swaps).
      bool pairs = (is(left, "pattern_list") || is(left, "tuple_pattern") || is(left, "list_pattern")) &&
                   (is(right, "expression_list") || is(right, "tuple") || is(right, "list")) &&
                   named_count(left) == named_count(right);
      for (uint32_t i = 0; pairs && i < named_count(left); ++i)
        if (is(named_child(left, i), "list_splat_pattern")) pairs = false;
      if (pairs) {
        std::vector<TVal> values;
        for (uint32_t i = 0; i < named_count(right); ++i) values.push_back(eval(named_child(right, i), env, frame, depth + 1));
        for (uint32_t i = 0; i < named_count(left); ++i)
          assign(named_child(left, i), values[i], env, frame, depth, location_of(s, file_));
        return false;
      }
      TVal v = is(right, "assignment") ? (exec_stmt(right, env, frame, depth + 1), eval(field(right, "left"), env, frame, depth + 1))
                                       : eval(right, env, frame, depth + 1);
      assign(field(s, "left"), v, env, frame, depth, location_of(s, file_));
      return false;
    }
    if (t == "augmented_assignment") {
      TSNode left = field(s, "left");
      TVal v = eval(field(s, "right"), env, frame, depth + 1);
      TVal old = eval(left, env, frame, depth + 1);
      TVal j = join(old, v);
      j.prefix = old.prefix;
      j.exact = false;
      j.flags |= old.flags & kString;
      assign(left, j, env, frame, depth, location_of(s, file_));
      return false;
    }
    if (t == "return_statement") {
      TVal v;
      if (named_count(s) > 0) v = eval(named_child(s, 0), env, frame, depth + 1);
      if (frame.entry) check_response(v, location_of(s, file_), *sink_);
      if (!frame.has_return) {
        frame.ret = v;
        frame.has_return = true;
      } else {
        TVal j = join(frame.ret, v);
        j.fields = frame.ret.fields ? frame.ret.fields : v.fields;
        frame.ret = j;
      }
      return true;
    }
    if (t == "raise_statement") {
      for (uint32_t i = 0; i < named_count(s); ++i) eval(named_child(s, i), env, frame, depth + 1);
      return true;
    }
    if (t == "continue_statement" || t == "break_statement") return true;
    if (t == "if_statement") return exec_if(s, env, frame, depth);
    if (t == "for_statement") {
      TVal it = eval(field(s, "right"), env, frame, depth + 1);
      TVal elem = it;
      elem.fields = nullptr;
      elem.prefix.reset();
      Env body = env;
      assign(field(s, "left"), elem, body, frame, depth, location_of(s, file_));
      for (int pass = 0; pass < 2; ++pass) exec_block(field(s, "body"), body, frame, depth + 1);
      merge_env(env, body);
      exec_block(field(s, "alternative"), env, frame, depth + 1);
      return false;
    }
    if (t == "while_statement") {
      eval(field(s, "condition"), env, frame, depth + 1);
      Env body = env;
      for (int pass = 0; pass < 2; ++pass) exec_block(field(s, "body"), body, frame, depth + 1);
      merge_env(env, body);
      return false;
    }
    if (t == "try_statement") {
      Env before = env;
      bool body_ends = exec_block(field(s, "body"), env, frame, depth + 1);
      std::vector<Env> outs;
      bool all_end = body_ends;
      for (uint32_t i = 0; i < named_count(s); ++i) {
        TSNode c = named_child(s, i);
        if (is(c, "except_clause") || is(c, "except_group_clause")) {
          Env h = before;
          merge_env(h, env);
          TSNode blk{};
          for (uint32_t j = 0; j < named_count(c); ++j) {
            TSNode cc = named_child(c, j);
            if (is(cc, "block")) blk = cc;
            else if (is(cc, "as_pattern")) {
              TSNode alias = field(cc, "alias");
              if (!is_null(alias)) assign(named_count(alias) ? named_child(alias, 0) : alias, TVal{}, h, frame, depth, location_of(cc, file_));
            }
          }
          bool ends = exec_block(blk, h, frame, depth + 1);
          all_end = all_end && ends;
          if (!ends) outs.push_back(std::move(h));
        } else if (is(c, "else_clause")) {
          exec_block(field(c, "body"), env, frame, depth + 1);
        }
      }
      for (Env& o : outs) merge_env(env, o);
      for (uint32_t i = 0; i < named_count(s); ++i) {
        TSNode c = named_child(s, i);
        if (is(c, "finally_clause"))
          for (uint32_t j = 0; j < named_count(c); ++j)
            if (is(named_child(c, j), "block")) exec_block(named_child(c, j), env, frame, depth + 1);
      }
      return all_end && outs.empty() && body_ends;
    }
    if (t == "with_statement") {
      for (uint32_t i = 0; i < named_count(s); ++i) {
        TSNode c = named_child(s, i);
        if (!is(c, "with_clause")) continue;
        for (uint32_t j = 0; j < named_count(c); ++j) {
          TSNode item = named_child(c, j);
          TSNode v = field(item, "value");
          if (is(v, "as_pattern")) {
            TVal val = eval(named_child(v, 0), env, frame, depth + 1);
            TSNode alias = field(v, "alias");
            if (!is_null(alias)) assign(named_count(alias) ? named_child(alias, 0) : alias, val, env, frame, depth, location_of(v, file_));
          } else if (!is_null(v)) {
            eval(v, env, frame, depth + 1);
          }
        }
      }
      return exec_block(field(s, "body"), env, frame, depth + 1);
    }
    if (t == "function_definition" || t == "decorated_definition") {
      TSNode fn = definition(s);
      if (!is_null(fn)) functions_[std::string(text_of(field(fn, "name"), src_))] = fn;
      return false;
    }
    if (t == "assert_statement") {
      Guard g = python_guard(named_child(s, 0), src_);
      apply_guards(g.when_true, env);
      return false;
    }
    if (t == "import_statement" || t == "import_from_statement") {
      import(s);
      return false;
    }
    if (t == "match_statement" || t == "block") {
      for (uint32_t i = 0; i < named_count(s); ++i) {
        TSNode c = named_child(s, i);
        if (is(c, "block")) exec_block(c, env, frame, depth + 1);
        else if (!is(c, "case_clause")) eval(c, env, frame, depth + 1);
        else exec_block(field(c, "consequence"), env, frame, depth + 1);
      }
      return false;
    }
    // Any other expression used as a statement (a call, an await, a yield).
    if (t != "pass_statement" && t != "global_statement" && t != "nonlocal_statement" && t != "comment" &&
        t != "class_definition" && t != "delete_statement" && t != "print_statement" && t != "exec_statement")
      eval(s, env, frame, depth + 1);
    return false;
  }

  bool exec_if(TSNode s, Env& env, Frame& frame, int depth) {
    TSNode cond = field(s, "condition");
    eval(cond, env, frame, depth + 1);
    Guard g = python_guard(cond, src_);
    Env then_env = env;
    apply_guards(g.when_true, then_env);
    bool then_ends = exec_block(field(s, "consequence"), then_env, frame, depth + 1);
    Env else_env = env;
    apply_guards(g.when_false, else_env);
    bool else_ends = false;
    bool has_else = false;
    // elif / else clauses, in order: each elif is an if nested in the previous else.
    std::vector<TSNode> alts;
    for (uint32_t i = 0; i < named_count(s); ++i) {
      TSNode c = named_child(s, i);
      if (is(c, "elif_clause") || is(c, "else_clause")) alts.push_back(c);
    }
    std::vector<Env> outs;
    if (!then_ends) outs.push_back(std::move(then_env));
    Env cur = std::move(else_env);
    for (TSNode c : alts) {
      if (is(c, "else_clause")) {
        has_else = true;
        else_ends = exec_block(field(c, "body"), cur, frame, depth + 1);
        if (!else_ends) outs.push_back(cur);
        break;
      }
      TSNode ec = field(c, "condition");
      eval(ec, cur, frame, depth + 1);
      Guard eg = python_guard(ec, src_);
      Env branch = cur;
      apply_guards(eg.when_true, branch);
      if (!exec_block(field(c, "consequence"), branch, frame, depth + 1)) outs.push_back(std::move(branch));
      apply_guards(eg.when_false, cur);
    }
    if (!has_else) outs.push_back(std::move(cur));
    if (outs.empty()) return true;
    env = std::move(outs[0]);
    for (size_t i = 1; i < outs.size(); ++i) merge_env(env, outs[i]);
    return false;
  }

  // ---- expressions ---------------------------------------------------------------------

  TVal lookup(const std::string& name, const Env& env) {
    if (auto it = env.find(name); it != env.end()) return it->second;
    if (auto it = globals_.find(name); it != globals_.end()) return it->second;
    TVal v;
    if (auto it = aliases_.find(name); it != aliases_.end()) v.qname = it->second;
    else if (kBuiltins.count(name)) v.qname = name;  // eval, open, print...
    return v;
  }

  TVal fallback_join(const Call& c) {
    TVal out;
    for (const TVal& a : c.args) out = join(out, a);
    for (const auto& kw : c.kwargs) out = join(out, kw.second);
    if (c.kwsplat) out = join(out, *c.kwsplat);
    out.flags &= static_cast<uint16_t>(kEnvDump | kStackTrace);
    for (const TVal& a : c.args) keep_nested_disclosure(out, a, c.loc);
    for (const auto& kw : c.kwargs) keep_nested_disclosure(out, kw.second, c.loc);
    out.fields = nullptr;
    out.tainted_key = false;
    return out;
  }

  TVal eval(TSNode n, Env& env, Frame& frame, int depth) {
    if (is_null(n) || depth > Budget::kMaxNesting || budget_.exhausted()) return {};
    ++budget_.steps;
    std::string_view t = type_of(n);
    model::Location loc = location_of(n, file_);
    if (t == "identifier") return lookup(std::string(text_of(n, src_)), env);
    if (t == "string" || t == "concatenated_string") return eval_string(n, env, frame, depth);
    if (t == "integer" || t == "float" || t == "true" || t == "false" || t == "none") {
      TVal v = TVal::constant(std::string(text_of(n, src_)), loc);
      v.flags = 0;
      return v;
    }
    if (t == "parenthesized_expression" || t == "await" || t == "expression_statement")
      return named_count(n) ? eval(named_child(n, 0), env, frame, depth + 1) : TVal{};
    if (t == "attribute") {
      TVal obj = eval(field(n, "object"), env, frame, depth + 1);
      std::string attr(text_of(field(n, "attribute"), src_));
      if (const TVal* f = obj.field(attr)) return *f;
      if (obj.tainted()) return derived(obj);
      if (obj.flags & kEnvDump) return {};
      if (obj.qname == kPowertoolsResolver && attr == "current_event") {
        Trace tr;
        tr.emplace_back(loc, "event read from '" + std::string(text_of(n, src_)) + "'");
        return TVal::source(std::move(tr));
      }
      if (!obj.qname.empty()) {
        std::string q = obj.qname + "." + attr;
        if (auto m = python_attribute_model(q)) return *m;
        TVal v;
        v.qname = q;
        return v;
      }
      return {};
    }
    if (t == "subscript") {
      TVal obj = eval(field(n, "value"), env, frame, depth + 1);
      TSNode k = field(n, "subscript");
      std::optional<std::string> key = literal_string(k, src_);
      if (!key) eval(k, env, frame, depth + 1);
      if (key) {
        if (const TVal* f = obj.field(*key)) return *f;
      }
      if (obj.tainted()) return derived(obj);
      return {};
    }
    if (t == "call") return eval_call(n, env, frame, depth);
    if (t == "binary_operator") {
      TVal l = eval(field(n, "left"), env, frame, depth + 1);
      TVal r = eval(field(n, "right"), env, frame, depth + 1);
      std::string_view op = text_of(field(n, "operator"), src_);
      TVal out = join(l, r);
      if (op == "+" && (l.flags & kString)) {
        out.flags |= kString;
        if (l.prefix) {
          if (l.exact && r.prefix) {
            out.prefix = *l.prefix + *r.prefix;
            out.exact = r.exact;
          } else {
            out.prefix = l.prefix;
          }
        }
      } else if (op == "%" && l.prefix && l.exact) {
        out.flags |= kString;
        out.prefix = l.prefix->substr(0, l.prefix->find('%'));
        out.exact = !r.tainted() && l.prefix->find('%') == std::string::npos;
      }
      out.flags &= static_cast<uint16_t>(~kParsed);
      return out;
    }
    if (t == "boolean_operator") {
      TVal l = eval(field(n, "left"), env, frame, depth + 1);
      TVal r = eval(field(n, "right"), env, frame, depth + 1);
      TVal out = join(l, r);
      out.fields = l.fields ? l.fields : r.fields;
      out.flags |= (l.flags | r.flags) & kParsed;
      return out;
    }
    if (t == "conditional_expression") {
      TVal out;
      for (uint32_t i = 0; i < named_count(n); ++i) {
        TVal v = eval(named_child(n, i), env, frame, depth + 1);
        if (i != 1) out = join(out, v);
      }
      return out;
    }
    if (t == "comparison_operator" || t == "not_operator" || t == "lambda") {
      for (uint32_t i = 0; i < named_count(n); ++i) eval(named_child(n, i), env, frame, depth + 1);
      return {};
    }
    if (t == "unary_operator") return eval(field(n, "argument"), env, frame, depth + 1);
    if (t == "dictionary") return eval_dict(n, env, frame, depth);
    if (t == "list" || t == "tuple" || t == "set" || t == "expression_list") {
      TVal out;
      for (uint32_t i = 0; i < named_count(n); ++i) {
        TVal v = eval(named_child(n, i), env, frame, depth + 1);
        out = join(out, v);
      }
      out.fields = nullptr;
      out.loc = loc;
      return out;
    }
    if (t == "list_comprehension" || t == "generator_expression" || t == "set_comprehension" ||
        t == "dictionary_comprehension") {
      Env inner = env;
      for (uint32_t i = 0; i < named_count(n); ++i) {
        TSNode c = named_child(n, i);
        if (is(c, "for_in_clause")) {
          TVal src = eval(field(c, "right"), inner, frame, depth + 1);
          src.fields = nullptr;
          assign(field(c, "left"), src, inner, frame, depth, location_of(c, file_));
        }
      }
      TVal out;
      TSNode body = field(n, "body");
      if (is(body, "pair")) {
        out = join(eval(field(body, "key"), inner, frame, depth + 1), eval(field(body, "value"), inner, frame, depth + 1));
      } else {
        out = eval(body, inner, frame, depth + 1);
      }
      out.fields = nullptr;
      return out;
    }
    if (t == "named_expression") {
      TVal v = eval(field(n, "value"), env, frame, depth + 1);
      assign(field(n, "name"), v, env, frame, depth, loc);
      return v;
    }
    if (t == "list_splat" || t == "dictionary_splat" || t == "yield") {
      return named_count(n) ? eval(named_child(n, 0), env, frame, depth + 1) : TVal{};
    }
    if (t == "assignment" || t == "augmented_assignment") {
      exec_stmt(n, env, frame, depth + 1);
      return {};
    }
    return {};
  }

  /// A value read out of event data (a field, an element): still event data.
  static TVal derived(const TVal& obj) {
    TVal v;
    v.taint = obj.taint;
    v.sanitized = obj.sanitized;
    return v;
  }

  TVal eval_string(TSNode n, Env& env, Frame& frame, int depth) {
    model::Location loc = location_of(n, file_);
    if (is(n, "concatenated_string")) {
      TVal out = TVal::constant("", loc);
      bool exact = true;
      for (uint32_t i = 0; i < named_count(n); ++i) {
        TVal p = eval_string(named_child(n, i), env, frame, depth + 1);
        TVal j = join(out, p);
        j.flags |= kString;
        if (exact && out.prefix) {
          j.prefix = *out.prefix + p.prefix.value_or("");
          exact = p.exact;
        } else {
          j.prefix = out.prefix;
        }
        j.exact = exact;
        out = j;
      }
      return out;
    }
    std::string text;
    bool exact = true;
    TVal out;
    for (uint32_t i = 0; i < named_count(n); ++i) {
      TSNode c = named_child(n, i);
      std::string_view ct = type_of(c);
      if (ct == "string_content" || ct == "escape_sequence") {
        if (exact) text += text_of(c, src_);
      } else if (ct == "interpolation") {
        TVal v = eval(field(c, "expression"), env, frame, depth + 1);
        out = join(out, v);
        if (exact) {
          if (v.prefix && v.exact) text += *v.prefix;
          else {
            if (v.prefix) text += *v.prefix;
            exact = false;
          }
        }
      }
    }
    out.prefix = std::move(text);
    out.exact = exact;
    out.flags = static_cast<uint16_t>((out.flags & (kEnvDump | kStackTrace)) | kString);
    out.loc = loc;
    return out;
  }

  TVal eval_dict(TSNode n, Env& env, Frame& frame, int depth) {
    auto fields = std::make_shared<std::map<std::string, TVal>>();
    TVal out;
    for (uint32_t i = 0; i < named_count(n); ++i) {
      TSNode c = named_child(n, i);
      if (is(c, "pair")) {
        TSNode k = field(c, "key");
        TVal v = eval(field(c, "value"), env, frame, depth + 1);
        v.loc = location_of(field(c, "value"), file_);
        std::optional<std::string> key = literal_string(k, src_);
        if (!key) {
          TVal kv = eval(k, env, frame, depth + 1);
          if (kv.tainted()) {
            out.tainted_key = true;
            out = join(out, kv);
            out.tainted_key = true;
          }
          key = kv.prefix && kv.exact ? *kv.prefix : "*" + std::to_string(i);
        }
        (*fields)[*key] = v;
      } else if (is(c, "dictionary_splat")) {
        TVal v = eval(named_child(c, 0), env, frame, depth + 1);
        if (v.fields)
          for (const auto& [k, fv] : *v.fields) (*fields)[k] = fv;
        if (v.tainted() || (v.flags & kEnvDump)) {
          bool tk = out.tainted_key;
          out = join(out, v);
          out.tainted_key = tk;
          out.flags |= v.flags & (kEnvDump | kParsed);
        }
      }
    }
    out.fields = std::move(fields);
    out.loc = location_of(n, file_);
    return out;
  }

  TVal eval_call(TSNode n, Env& env, Frame& frame, int depth) {
    Call c;
    c.loc = location_of(n, file_);
    TSNode fn = field(n, "function");
    c.text = text_of(fn, src_);
    TSNode args = field(n, "arguments");
    if (is(args, "generator_expression")) {
      c.args.push_back(eval(args, env, frame, depth + 1));
    } else {
      for (uint32_t i = 0; i < named_count(args); ++i) {
        TSNode a = named_child(args, i);
        std::string_view at = type_of(a);
        if (at == "keyword_argument") {
          TSNode vn = field(a, "value");
          TVal v = eval(vn, env, frame, depth + 1);
          if (!v.loc.known()) v.loc = location_of(vn, file_);
          c.kwargs.emplace_back(std::string(text_of(field(a, "name"), src_)), std::move(v));
        } else if (at == "dictionary_splat") {
          c.kwsplat = eval(named_child(a, 0), env, frame, depth + 1);
        } else if (at == "list_splat") {
          c.args.push_back(eval(named_child(a, 0), env, frame, depth + 1));
        } else if (at != "comment") {
          TVal v = eval(a, env, frame, depth + 1);
          if (!v.loc.known()) v.loc = location_of(a, file_);
          c.args.push_back(std::move(v));
        }
      }
    }
    TVal receiver;
    std::string receiver_var;
    if (is(fn, "identifier")) {
      std::string name(text_of(fn, src_));
      if (!env.count(name) && !globals_.count(name)) {
        if (auto it = functions_.find(name); it != functions_.end())
          return call_local(it->second, name, c, env, depth);
      }
      TVal v = lookup(name, env);
      c.qname = v.qname;
    } else if (is(fn, "attribute")) {
      TSNode obj = field(fn, "object");
      receiver = eval(obj, env, frame, depth + 1);
      c.method = std::string(text_of(field(fn, "attribute"), src_));
      c.receiver_text = std::string(text_of(obj, src_));
      if (is(obj, "identifier")) receiver_var = c.receiver_text;
      if (!receiver.qname.empty() && !receiver.tainted() && !receiver.fields) {
        c.qname = receiver.qname + "." + c.method;
      }
      c.receiver = &receiver;
    } else {
      TVal callee = eval(fn, env, frame, depth + 1);
      c.qname = callee.qname;
    }

    if (c.method == "resolve" && receiver.qname == kPowertoolsResolver) run_routes(receiver_var, c.loc, depth);
    python_check_sinks(c, *sink_);
    if (!receiver_var.empty()) {
      if (auto eff = python_receiver_effect(c)) {
        if (env.count(receiver_var)) env[receiver_var] = *eff;
        else globals_[receiver_var] = *eff;
      }
    }
    if (auto m = python_call_model(c)) return *m;
    // Default: a call's result carries what went in. Methods on ordinary objects carry
    // their receiver (`body.strip()`), not their arguments (`table.get_item(Key=...)`
    // returns stored data), except the string methods that build text from arguments.
    TVal out;
    if (!c.method.empty() && c.qname.empty()) {
      out = derived(receiver);
      out.flags = receiver.flags & (kEnvDump | kStackTrace);
      static const std::unordered_set<std::string> kBuilders = {
          "join", "format", "format_map", "replace", "encode", "decode", "strip", "lstrip", "rstrip",
          "lower", "upper", "split", "rsplit", "splitlines", "get", "pop", "copy", "items", "values",
          "keys", "casefold", "title", "capitalize", "zfill", "ljust", "rjust", "center", "partition",
          "removeprefix", "removesuffix", "expandtabs", "translate", "joinpath", "with_name", "read"};
      if (kBuilders.count(c.method)) {
        for (const TVal& a : c.args) out = join(out, a);
        for (const auto& kw : c.kwargs) out = join(out, kw.second);
        if (c.method == "format" && receiver.prefix && receiver.exact) {
          out.prefix = receiver.prefix->substr(0, receiver.prefix->find('{'));
          out.flags |= kString;
        } else if (c.method == "get" || c.method == "pop") {
          // dict.get(key, default): the value read, or the default
          out = derived(receiver);
          if (c.args.size() > 1) out = join(out, c.args[1]);
          if (receiver.fields && !c.args.empty() && c.args[0].prefix && c.args[0].exact)
            if (const TVal* f = receiver.field(*c.args[0].prefix)) out = join(*f, c.args.size() > 1 ? c.args[1] : TVal{});
          if (receiver.flags & kEnvDump) out = c.args.size() > 1 ? c.args[1] : TVal{};
        } else if (c.method == "copy" || c.method == "items" || c.method == "values") {
          out.fields = receiver.fields;
          out.flags |= receiver.flags & (kEnvDump | kParsed);
        }
      }
      return out;
    }
    return fallback_join(c);
  }

  std::string_view src_;
  TSNode root_;
  model::FileId file_;
  Findings& out_;
  Findings* sink_ = &out_;
  Budget budget_;
  Env globals_;
  std::unordered_map<std::string, std::string> aliases_;  // local name -> imported name
  std::unordered_map<std::string, TSNode> functions_;
  std::unordered_map<std::string, std::vector<TSNode>> routes_;  // resolver variable -> its routes
  std::unordered_set<uint32_t> active_;
  std::map<std::pair<uint32_t, uint64_t>, TVal> memo_;
  int call_depth_ = 0;
};

}  // namespace

std::unique_ptr<LanguageAnalyzer> make_python_analyzer(const SyntaxTree& tree, model::FileId file, Findings& out) {
  return std::make_unique<PythonAnalyzer>(tree, file, out);
}

}  // namespace kl::code
