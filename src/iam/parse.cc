#include "iam/parse.h"

#include <algorithm>
#include <cctype>

#include "load/json_reader.h"

namespace kl::iam {

using model::Kind;
using model::Value;

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

class Parser {
 public:
  explicit Parser(model::Diagnostics& diags) : diags_(diags) {}

  std::optional<Policy> document(const Value& doc) {
    Policy p;
    p.loc = doc.loc();
    if (doc.is_unknown() || doc.is_either()) {
      Statement s;
      s.unknown = true;
      s.loc = doc.loc();
      p.statements.push_back(std::move(s));
      return p;
    }
    if (!doc.is_map()) {
      error(doc, std::string("policy document must be a map, not ") + model::kind_name(doc.kind()));
      return std::nullopt;
    }
    for (const auto& m : doc.members()) {
      if (m.key == "Version") {
        if (m.value.is_string()) p.version = m.value.str();
        else if (!m.value.is_unknown()) error(m.value, "'Version' must be a string");
      } else if (m.key == "Id") {
        if (m.value.is_string()) p.id = m.value.str();
      } else if (m.key == "Statement") {
        if (m.value.is_list()) {
          for (const Value& item : m.value.items()) statement(item, p);
        } else {
          statement(m.value, p);
        }
      } else {
        warning(m.value, "unknown policy element '" + m.key + "'");
      }
    }
    if (!p.version.empty() && p.version != "2012-10-17" && p.version != "2008-10-17")
      error(*doc.get("Version"), "unknown policy version '" + p.version + "'");
    if (!doc.get("Statement")) error(doc, "policy document has no 'Statement'");
    return p;
  }

 private:
  void error(const Value& at, std::string msg) { model::add_error(diags_, at.loc(), std::move(msg)); }
  void warning(const Value& at, std::string msg) {
    model::add_warning(diags_, at.loc(), std::move(msg));
  }

  void statement(const Value& v, Policy& p) {
    Statement s;
    s.loc = v.loc();
    if (v.is_absent()) return;
    if (v.is_unknown() || v.is_either()) {
      s.unknown = true;
      p.statements.push_back(std::move(s));
      return;
    }
    if (!v.is_map()) {
      error(v, std::string("statement must be a map, not ") + model::kind_name(v.kind()));
      return;
    }
    bool effect_seen = false;
    for (const auto& m : v.members()) {
      const Value& x = m.value;
      if (m.key == "Sid") {
        if (x.is_scalar()) s.sid = x.scalar_text();
      } else if (m.key == "Effect") {
        effect_seen = true;
        if (x.is_string() && x.str() == "Allow") s.effect = Effect::Allow;
        else if (x.is_string() && x.str() == "Deny") s.effect = Effect::Deny;
        else if (x.is_unknown() || x.is_either()) s.unknown = true;
        else {
          error(x, "'Effect' must be 'Allow' or 'Deny', not '" + x.scalar_text() + "'");
          s.unknown = true;  // AWS rejects it; never guess which way it would go
        }
      } else if (m.key == "Principal") {
        principals(x, s.principal);
      } else if (m.key == "NotPrincipal") {
        principals(x, s.not_principal);
      } else if (m.key == "Action") {
        patterns(x, s.action, "Action");
      } else if (m.key == "NotAction") {
        patterns(x, s.not_action, "NotAction");
      } else if (m.key == "Resource") {
        patterns(x, s.resource, "Resource");
      } else if (m.key == "NotResource") {
        patterns(x, s.not_resource, "NotResource");
      } else if (m.key == "Condition") {
        conditions(x, s);
      } else {
        warning(x, "unknown statement element '" + m.key + "'");
      }
    }
    if (!effect_seen) {
      error(v, "statement has no 'Effect'");
      s.unknown = true;
    }
    if (s.principal.has && s.not_principal.has)
      error(v, "statement has both 'Principal' and 'NotPrincipal'");
    if (s.action.has == s.not_action.has && !s.unknown) {
      error(v, s.action.has ? "statement has both 'Action' and 'NotAction'"
                            : "statement has no 'Action' or 'NotAction'");
      s.unknown = true;
    }
    if (s.resource.has && s.not_resource.has)
      error(v, "statement has both 'Resource' and 'NotResource'");
    p.statements.push_back(std::move(s));
  }

  // A scalar or a list of scalars; Unknown items mark the set unknown.
  template <class F>
  void each_string(const Value& v, bool& unknown, const char* what, F&& f) {
    auto one = [&](const Value& item) {
      if (item.is_absent()) return;
      if (item.is_unknown() || item.is_either()) {
        unknown = true;
      } else if (item.is_string() || item.is_number() || item.is_bool()) {
        f(item.scalar_text(), item.loc());
      } else {
        error(item, std::string("'") + what + "' values must be strings, not " +
                        model::kind_name(item.kind()));
      }
    };
    if (v.is_list()) {
      for (const Value& item : v.items()) one(item);
    } else {
      one(v);
    }
  }

  void patterns(const Value& v, PatternSet& out, const char* what) {
    out.has = true;
    out.loc = v.loc();
    each_string(v, out.unknown, what, [&](std::string s, model::Location) {
      out.patterns.push_back(std::move(s));
    });
    if (out.patterns.empty() && !out.unknown && v.is_list())
      warning(v, std::string("'") + what + "' is an empty list: the statement matches nothing");
  }

  void principals(const Value& v, PrincipalSet& out) {
    out.has = true;
    if (v.is_unknown() || v.is_either()) {
      out.unknown = true;
      return;
    }
    if (v.is_string()) {
      if (v.str() != "*") error(v, "a principal string must be \"*\", not '" + v.str() + "'");
      else out.entries.push_back({PrincipalEntry::Kind::Any, "*", v.loc()});
      return;
    }
    if (!v.is_map()) {
      error(v, std::string("'Principal' must be \"*\" or a map, not ") + model::kind_name(v.kind()));
      return;
    }
    for (const auto& m : v.members()) {
      PrincipalEntry::Kind kind;
      if (m.key == "AWS") kind = PrincipalEntry::Kind::AWS;
      else if (m.key == "Service") kind = PrincipalEntry::Kind::Service;
      else if (m.key == "Federated") kind = PrincipalEntry::Kind::Federated;
      else if (m.key == "CanonicalUser") kind = PrincipalEntry::Kind::CanonicalUser;
      else {
        error(m.value, "unknown principal type '" + m.key + "'");
        out.unknown = true;
        continue;
      }
      each_string(m.value, out.unknown, "Principal", [&](std::string s, model::Location loc) {
        out.entries.push_back({kind, std::move(s), loc});
      });
    }
  }

  void conditions(const Value& v, Statement& s) {
    if (v.is_unknown() || v.is_either()) {
      Condition c;
      c.unknown = true;
      c.loc = v.loc();
      s.conditions.push_back(std::move(c));
      return;
    }
    if (!v.is_map()) {
      error(v, std::string("'Condition' must be a map, not ") + model::kind_name(v.kind()));
      s.unknown = true;
      return;
    }
    for (const auto& op : v.members()) {
      Condition base;
      base.loc = op.key_loc.known() ? op.key_loc : op.value.loc();
      if (!parse_condition_operator(op.key, base)) {
        model::add_error(diags_, base.loc, "unknown condition operator '" + op.key + "'");
        base.unknown = true;  // an operator IAM would reject: never guess what it allows
        base.op = op.key;
        s.conditions.push_back(std::move(base));
        continue;
      }
      if (op.value.is_unknown() || op.value.is_either()) {
        base.unknown = true;
        s.conditions.push_back(std::move(base));
        continue;
      }
      if (!op.value.is_map()) {
        error(op.value, "condition operator '" + op.key + "' must map keys to values");
        base.unknown = true;
        s.conditions.push_back(std::move(base));
        continue;
      }
      for (const auto& kv : op.value.members()) {
        Condition c = base;
        c.key = kv.key;
        c.key_lower = lower(kv.key);
        c.loc = kv.key_loc.known() ? kv.key_loc : kv.value.loc();
        each_string(kv.value, c.unknown, "Condition", [&](std::string x, model::Location) {
          c.values.push_back(std::move(x));
        });
        if (c.family == CondFamily::Null || c.family == CondFamily::Bool) {
          for (auto& x : c.values) {
            std::string l = lower(x);
            if (l != "true" && l != "false") {
              model::add_error(diags_, c.loc, "'" + c.op + "' needs \"true\" or \"false\", not '" + x + "'");
              c.unknown = true;
            }
            x = l;
          }
        }
        s.conditions.push_back(std::move(c));
      }
    }
  }

  model::Diagnostics& diags_;
};

}  // namespace

bool parse_condition_operator(std::string_view op, Condition& c) {
  Condition r;
  r.op = std::string(op);
  std::string_view rest = op;
  if (starts_with(rest, "ForAnyValue:")) {
    r.qualifier = SetQualifier::ForAnyValue;
    rest.remove_prefix(12);
  } else if (starts_with(rest, "ForAllValues:")) {
    r.qualifier = SetQualifier::ForAllValues;
    rest.remove_prefix(13);
  }
  if (rest.size() > 8 && rest.substr(rest.size() - 8) == "IfExists") {
    r.if_exists = true;
    rest.remove_suffix(8);
  }
  struct Op {
    const char* name;
    CondFamily family;
    CondCmp cmp;
    bool negated;
    bool ignore_case;
  };
  static const Op kOps[] = {
      {"StringEquals", CondFamily::String, CondCmp::Equals, false, false},
      {"StringNotEquals", CondFamily::String, CondCmp::Equals, true, false},
      {"StringEqualsIgnoreCase", CondFamily::String, CondCmp::Equals, false, true},
      {"StringNotEqualsIgnoreCase", CondFamily::String, CondCmp::Equals, true, true},
      {"StringLike", CondFamily::String, CondCmp::Like, false, false},
      {"StringNotLike", CondFamily::String, CondCmp::Like, true, false},
      {"ArnEquals", CondFamily::Arn, CondCmp::Like, false, false},  // ArnEquals also takes wildcards
      {"ArnLike", CondFamily::Arn, CondCmp::Like, false, false},
      {"ArnNotEquals", CondFamily::Arn, CondCmp::Like, true, false},
      {"ArnNotLike", CondFamily::Arn, CondCmp::Like, true, false},
      {"NumericEquals", CondFamily::Numeric, CondCmp::Equals, false, false},
      {"NumericNotEquals", CondFamily::Numeric, CondCmp::Equals, true, false},
      {"NumericLessThan", CondFamily::Numeric, CondCmp::Less, false, false},
      {"NumericLessThanEquals", CondFamily::Numeric, CondCmp::LessEquals, false, false},
      {"NumericGreaterThan", CondFamily::Numeric, CondCmp::Greater, false, false},
      {"NumericGreaterThanEquals", CondFamily::Numeric, CondCmp::GreaterEquals, false, false},
      {"DateEquals", CondFamily::Date, CondCmp::Equals, false, false},
      {"DateNotEquals", CondFamily::Date, CondCmp::Equals, true, false},
      {"DateLessThan", CondFamily::Date, CondCmp::Less, false, false},
      {"DateLessThanEquals", CondFamily::Date, CondCmp::LessEquals, false, false},
      {"DateGreaterThan", CondFamily::Date, CondCmp::Greater, false, false},
      {"DateGreaterThanEquals", CondFamily::Date, CondCmp::GreaterEquals, false, false},
      {"Bool", CondFamily::Bool, CondCmp::Equals, false, false},
      {"BinaryEquals", CondFamily::Binary, CondCmp::Equals, false, false},
      {"IpAddress", CondFamily::Ip, CondCmp::Equals, false, false},
      {"NotIpAddress", CondFamily::Ip, CondCmp::Equals, true, false},
      {"Null", CondFamily::Null, CondCmp::Equals, false, false},
  };
  for (const Op& o : kOps) {
    if (rest == o.name) {
      r.family = o.family;
      r.cmp = o.cmp;
      r.negated = o.negated;
      r.ignore_case = o.ignore_case;
      // Null takes neither IfExists nor a set qualifier.
      if (r.family == CondFamily::Null && (r.if_exists || r.qualifier != SetQualifier::None))
        return false;
      c = std::move(r);
      return true;
    }
  }
  return false;
}

std::optional<Policy> parse_policy(const model::Value& doc, model::Diagnostics& diags) {
  if (doc.is_string()) {
    // A policy written as a JSON string: parse it, then report problems at the string.
    model::Diagnostics inner;
    auto v = load::parse_json(doc.str(), doc.loc().file, inner);
    if (!v) {
      std::string why = inner.empty() ? "invalid JSON" : inner.front().message;
      model::add_error(diags, doc.loc(), "policy string is not valid JSON: " + why);
      return std::nullopt;
    }
    model::Diagnostics found;
    Parser p(found);
    auto policy = p.document(*v);
    for (auto& d : found) {
      d.loc = doc.loc();
      diags.push_back(std::move(d));
    }
    return policy;
  }
  Parser p(diags);
  return p.document(doc);
}

std::optional<Policy> parse_policy_json(std::string_view text, model::FileId file,
                                        model::Diagnostics& diags) {
  auto v = load::parse_json(text, file, diags);
  if (!v) return std::nullopt;
  Parser p(diags);
  return p.document(*v);
}

}  // namespace kl::iam
