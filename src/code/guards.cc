#include "code/guards.h"

namespace kl::code {
namespace {

constexpr uint32_t kPathOnly = bit(CodeRule::PathTraversal);

void swap_sides(Guard& g) { std::swap(g.when_true, g.when_false); }

void append(std::vector<GuardEffect>& into, const std::vector<GuardEffect>& from) {
  into.insert(into.end(), from.begin(), from.end());
}

bool is_dotdot_literal(TSNode n, std::string_view src) {
  auto s = literal_string(n, src);
  return s && s->find("..") != std::string::npos;
}

std::string var_name(TSNode n, std::string_view src) {
  while (is(n, "parenthesized_expression") && named_count(n) == 1) n = named_child(n, 0);
  if (is(n, "identifier")) return std::string(text_of(n, src));
  return {};
}

/// The text between two sibling nodes (an operator the grammar keeps anonymous).
std::string_view between(TSNode a, TSNode b, std::string_view src) {
  uint32_t s = ts_node_end_byte(a), e = ts_node_start_byte(b);
  if (e < s || e > src.size()) return {};
  std::string_view t = src.substr(s, e - s);
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t' || t.front() == '\n' || t.front() == '\\')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\n' || t.back() == '\\')) t.remove_suffix(1);
  return t;
}

bool is_validation_method(std::string_view m) {
  return m == "isdigit" || m == "isalnum" || m == "isalpha" || m == "isdecimal" || m == "isnumeric" ||
         m == "isidentifier";
}

}  // namespace

Guard python_guard(TSNode cond, std::string_view src) {
  Guard g;
  if (is_null(cond)) return g;
  std::string_view t = type_of(cond);
  if (t == "parenthesized_expression" && named_count(cond) == 1) return python_guard(named_child(cond, 0), src);
  if (t == "not_operator") {
    g = python_guard(field(cond, "argument"), src);
    swap_sides(g);
    return g;
  }
  if (t == "boolean_operator") {
    Guard l = python_guard(field(cond, "left"), src), r = python_guard(field(cond, "right"), src);
    if (text_of(field(cond, "operator"), src) == "and") {
      append(g.when_true, l.when_true);
      append(g.when_true, r.when_true);
    } else {
      append(g.when_false, l.when_false);
      append(g.when_false, r.when_false);
    }
    return g;
  }
  if (t == "comparison_operator" && named_count(cond) == 2) {
    TSNode a = named_child(cond, 0), b = named_child(cond, 1);
    std::string_view op = between(a, b, src);
    std::string av = var_name(a, src), bv = var_name(b, src);
    bool not_in = op.substr(0, 3) == "not" && op.find("in") != std::string_view::npos;
    if (op == "in" || not_in) {
      auto& safe = not_in ? g.when_false : g.when_true;
      auto& unsafe_side_clean = not_in ? g.when_true : g.when_false;
      if (is_dotdot_literal(a, src) && !bv.empty()) {
        unsafe_side_clean.push_back({bv, kPathOnly});  // '..' in key: safe when it is not
      } else if (!av.empty()) {
        safe.push_back({av, kAllRules});  // x in ALLOWED
      }
    } else if (op == "==" || op == "!=") {
      auto& safe = op == "==" ? g.when_true : g.when_false;
      if (!av.empty() && literal_string(b, src)) safe.push_back({av, kAllRules});
      if (!bv.empty() && literal_string(a, src)) safe.push_back({bv, kAllRules});
    }
    return g;
  }
  if (t == "call") {
    TSNode fn = field(cond, "function");
    TSNode args = field(cond, "arguments");
    if (is(fn, "attribute")) {
      std::string_view m = text_of(field(fn, "attribute"), src);
      std::string recv = var_name(field(fn, "object"), src);
      if (is_validation_method(m) && !recv.empty()) g.when_true.push_back({recv, kAllRules});
      if ((m == "startswith" || m == "is_relative_to") && !recv.empty()) g.when_true.push_back({recv, kPathOnly});
      if (m == "match" || m == "fullmatch" || m == "search") {
        // re.fullmatch(pattern, x) or compiled.fullmatch(x): the last argument is checked
        uint32_t n = named_count(args);
        if (n > 0) {
          std::string v = var_name(named_child(args, n - 1), src);
          if (!v.empty()) g.when_true.push_back({v, kAllRules});
        }
      }
    } else if (is(fn, "identifier") && text_of(fn, src) == "isinstance") {
      // isinstance(x, int) after a conversion attempt: a number is not a command
    }
  }
  return g;
}

Guard javascript_guard(TSNode cond, std::string_view src) {
  Guard g;
  if (is_null(cond)) return g;
  std::string_view t = type_of(cond);
  if ((t == "parenthesized_expression" || t == "non_null_expression") && named_count(cond) >= 1)
    return javascript_guard(named_child(cond, 0), src);
  if (t == "unary_expression" && text_of(field(cond, "operator"), src) == "!") {
    g = javascript_guard(field(cond, "argument"), src);
    swap_sides(g);
    return g;
  }
  if (t == "binary_expression") {
    std::string_view op = text_of(field(cond, "operator"), src);
    TSNode l = field(cond, "left"), r = field(cond, "right");
    if (op == "&&") {
      Guard a = javascript_guard(l, src), b = javascript_guard(r, src);
      append(g.when_true, a.when_true);
      append(g.when_true, b.when_true);
      return g;
    }
    if (op == "||") {
      Guard a = javascript_guard(l, src), b = javascript_guard(r, src);
      append(g.when_false, a.when_false);
      append(g.when_false, b.when_false);
      return g;
    }
    bool eq = op == "===" || op == "==";
    bool ne = op == "!==" || op == "!=";
    if (eq || ne) {
      // ALLOWED.indexOf(x) === -1
      std::string_view rt = text_of(r, src);
      if (is(l, "call_expression") && (rt == "-1")) {
        Guard inner = javascript_guard(l, src);  // indexOf(x) treated like includes(x)
        if (eq) swap_sides(inner);
        return inner;
      }
      auto& safe = eq ? g.when_true : g.when_false;
      std::string lv = var_name(l, src), rv = var_name(r, src);
      if (!lv.empty() && literal_string(r, src)) safe.push_back({lv, kAllRules});
      if (!rv.empty() && literal_string(l, src)) safe.push_back({rv, kAllRules});
      return g;
    }
    if ((op == ">=" || op == ">" || op == "<") && is(l, "call_expression")) {
      Guard inner = javascript_guard(l, src);
      if (op == "<") swap_sides(inner);
      return inner;
    }
    return g;
  }
  if (t == "call_expression") {
    TSNode fn = field(cond, "function");
    TSNode args = field(cond, "arguments");
    if (!is(fn, "member_expression")) return g;
    std::string_view m = text_of(field(fn, "property"), src);
    TSNode obj = field(fn, "object");
    std::string recv = var_name(obj, src);
    std::string arg0 = named_count(args) ? var_name(named_child(args, 0), src) : std::string();
    if (m == "includes" || m == "has" || m == "indexOf") {
      if (named_count(args) && is_dotdot_literal(named_child(args, 0), src)) {
        if (!recv.empty()) g.when_false.push_back({recv, kPathOnly});  // key.includes('..')
      } else if (!arg0.empty()) {
        g.when_true.push_back({arg0, kAllRules});  // ALLOWED.includes(x)
      }
    } else if (m == "test" && is(obj, "regex") && !arg0.empty()) {
      g.when_true.push_back({arg0, kAllRules});
    } else if (m == "startsWith" && !recv.empty()) {
      g.when_true.push_back({recv, kPathOnly});
    } else if ((m == "isInteger" || m == "isSafeInteger") && !arg0.empty()) {
      g.when_true.push_back({arg0, kAllRules});
    }
  }
  return g;
}

}  // namespace kl::code
