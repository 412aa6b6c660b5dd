// The Z3 encoding of "some request is allowed" (docs/iam.md, "Encoding").
//   request: principal kind (Int), account and principal ARN (String), principal id
//            (String: service, provider, canonical user), resource (String), and per
//            context key: presence and up to two values (two for set-valued keys), typed
//            as String, Real (Numeric), Int (Date), or IPv4/IPv6 bit-vectors (SourceIp).
//   patterns with * and ? become regular expressions; policy variables become the key's
//   value, concatenated; a pattern with both wildcards and variables needs split
//   variables, so it is supported only where the formula is not negated.
#include <z3++.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <mutex>
#include <set>
#include <tuple>

#include "iam/actions.h"
#include "iam/match.h"
#include "iam/scalars.h"
#include "iam/solver.h"

namespace kl::iam {

std::string fresh_account(const std::vector<std::string>& named, int salt) {
  for (int i = 0;; ++i) {
    std::string a = std::to_string(907142318650LL + 1000003LL * (i + 17 * salt));
    if (std::find(named.begin(), named.end(), a) == named.end()) return a;
  }
}

namespace {

// Keys that confine callers (public question): a fresh caller has fresh values.
struct Confining {
  const char* key;
  const char* fresh;  ///< "" = built from the fresh accounts
};
constexpr Confining kConfining[] = {
    {"aws:sourcevpce", "vpce-0f1e2d3c4b5a69788"},
    {"aws:sourcevpc", "vpc-0f1e2d3c4b5a69788"},
    {"aws:principalorgid", "o-kl0fresh0org"},
    {"aws:principalorgpaths", "o-kl0fresh0org/r-kl0f/ou-kl0f-kl0fresh/"},
    {"aws:sourceorgid", "o-kl0fresh0org"},
    {"aws:sourceorgpaths", "o-kl0fresh0org/r-kl0f/ou-kl0f-kl0fresh/"},
    {"aws:userid", "AROAKL0FRESH0CALLER00:kl-session"},
    {"aws:sourceaccount", ""},
    {"aws:sourceowner", ""},
    {"cognito-identity.amazonaws.com:aud", "us-east-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"},
    {"accounts.google.com:aud", "kl-fresh-audience.apps.googleusercontent.com"},
    {"graph.facebook.com:app_id", "9071423186501"},
    {"www.amazon.com:app_id", "amzn1.application-oa2-client.kl0fresh"},
};
constexpr const char* kWebProviders[] = {"cognito-identity.amazonaws.com", "accounts.google.com",
                                         "graph.facebook.com", "www.amazon.com"};

enum PKind { kAWS = 0, kService = 1, kFederated = 2, kCanonical = 3 };

struct Unsupported {
  std::string why;
};

struct KeyVars {
  bool multi = false;
  std::vector<z3::expr> present, str;
  std::map<int, std::vector<z3::expr>> typed;  // family → per-slot typed value
};

class Encoder {
 public:
  Encoder(z3::context& ctx, const SolverQuery& q, bool under)
      : c_(ctx), q_(q), under_(under), kind_(c_.int_const("p_kind")),
        // The public question's caller is of one fresh account: a constant, not a
        // variable, keeps the string solver's work small.
        acct_(q.mode == PrincipalMode::Public ? c_.string_val(fresh_account(q.named_accounts, 0))
                                              : c_.string_const("p_account")),
        // Public: one of finitely many constants (finite_domains); else built from the account.
        parn_(q.mode == PrincipalMode::Public ? c_.string_const("p_arn") : z3::concat(c_.string_val("arn:aws:iam::"),
                         z3::concat(acct_, z3::concat(c_.string_val(":"), c_.string_const("p_arn_tail"))))), pid_(c_.string_const("p_id")), res_(c_.string_const("resource")),
        ip6_(c_.bool_const("ip_is_v6")) {
    scan_keys();
    if (q.mode == PrincipalMode::Public) finite_domains();
    exact_domains();
  }

  z3::expr allowed(std::vector<z3::expr>& side) {
    z3::expr any_allow = c_.bool_val(false), any_deny = c_.bool_val(false);
    for (auto [idx, sure] : q_.statements) {
      const Statement& s = q_.policy->statements[idx];
      if (s.unknown) {
        // Effect and all else unknown: counts as an allow only when optimistic and as a
        // deny only when pessimistic.
        if (under_) any_deny = any_deny || c_.bool_val(true);
        else any_allow = any_allow || c_.bool_val(true);
        continue;
      }
      bool deny = s.effect == Effect::Deny;
      // Pessimistic (under): allows match less, denies more. Optimistic: the reverse.
      bool lo = under_ != deny;
      // Outsiders (public, other account) are granted nothing by a statement without a
      // Principal: that is an identity policy, which grants its holder only.
      if (!deny && q_.mode != PrincipalMode::Any && !s.has_principal_element()) continue;
      z3::expr m = statement(s, sure, lo, /*positive=*/!deny);
      if (deny) any_deny = any_deny || m;
      else any_allow = any_allow || m;
    }
    for (auto& e : side_) side.push_back(e);
    return any_allow && !any_deny;
  }

  // Constraints that fix the request's shape (mode, fresh values, key typing).
  void request_shape(z3::solver& s) {
    s.add(kind_ >= 0 && kind_ <= 3);
    // An account is twelve characters without ':' (so it is one ARN field). Not "twelve
    // digits": a digit regex costs the string solver far more; accounts are compared only
    // with the 12-digit ones the policy names, the witness takes a fresh id when the
    // model's is not one, and the evaluator confirms every witness.
    if (q_.mode != PrincipalMode::Public)
      s.add(z3::implies(kind_ == kAWS, acct_.length() == 12 && !acct_.contains(c_.string_val(":"))));
    if (q_.mode == PrincipalMode::Public) {
      z3::expr one_of = c_.bool_val(false);
      for (const auto& a : principal_arns_) one_of = one_of || parn_ == c_.string_val(a);
      s.add(one_of);
      z3::expr fed = c_.bool_val(false);
      for (const char* p : kWebProviders) fed = fed || pid_ == c_.string_val(p);
      s.add(kind_ == kAWS || (kind_ == kFederated && fed));
    } else if (q_.mode == PrincipalMode::OtherAccount) {
      s.add(kind_ == kAWS);
      s.add(acct_ != c_.string_val(q_.owner));
    }
    if (q_.resource) s.add(res_ == c_.string_val(*q_.resource));
    if (q_.resource_pattern) s.add(z3::in_re(res_, regex(split_pattern(*q_.resource_pattern, false))));
    for (auto& [key, kv] : keys_) {
      for (size_t i = 1; i < kv.present.size(); ++i) s.add(z3::implies(kv.present[i], kv.present[0]));
      for (size_t i = 0; i < kv.present.size(); ++i) shape_key(s, key, kv, i);
    }
  }

  Request witness(const z3::model& m) {
    Request r;
    r.action = q_.action;
    int kind = m.eval(kind_, true).get_numeral_int();
    auto text = [&](const z3::expr& e) {
      z3::expr v = m.eval(e, true);
      return v.is_string_value() ? v.get_string() : std::string();
    };
    if (kind == kAWS) {
      r.principal_kind = PrincipalEntry::Kind::AWS;
      std::string acct = text(acct_);
      if (acct.size() != 12 || acct.find_first_not_of("0123456789") != std::string::npos ||
          (q_.mode == PrincipalMode::OtherAccount && acct == q_.owner)) {
        std::vector<std::string> avoid = q_.named_accounts;
        avoid.push_back(q_.owner);
        acct = fresh_account(avoid, 2);
      }
      std::string tail = text(c_.string_const("p_arn_tail"));
      r.principal = q_.mode == PrincipalMode::Public ? text(parn_)
                                                     : "arn:aws:iam::" + acct + ":" + (tail.empty() ? "root" : tail);
      (void)0;
    } else {
      r.principal_kind = kind == kService ? PrincipalEntry::Kind::Service
                         : kind == kFederated ? PrincipalEntry::Kind::Federated
                                              : PrincipalEntry::Kind::CanonicalUser;
      r.principal = text(pid_);
    }
    r.resource = text(res_);
    for (auto& [key, kv] : keys_) {
      for (size_t i = 0; i < kv.present.size(); ++i) {
        if (!m.eval(kv.present[i], true).is_true()) continue;
        std::string value = text(kv.str[i]);
        if (auto it = kv.typed.find(static_cast<int>(CondFamily::Ip)); it != kv.typed.end())
          value = ip_text(m, it->second[i]);
        else if (auto n = kv.typed.find(static_cast<int>(CondFamily::Numeric)); n != kv.typed.end())
          value = m.eval(n->second[i], true).get_decimal_string(6);
        else if (auto d = kv.typed.find(static_cast<int>(CondFamily::Date)); d != kv.typed.end())
          value = m.eval(d->second[i], true).get_decimal_string(0);
        if (value.size() > 1 && value.find('.') != std::string::npos && value.back() == '?') value.pop_back();
        r.context[key].push_back(value);
      }
    }
    // Principal keys the request derives itself.
    if (kind == kAWS) {
      r.context.erase("aws:principalarn");
      r.context.erase("aws:principalaccount");
      r.context.erase("kms:calleraccount");
    }
    return r;
  }

 private:
  // --- keys ---------------------------------------------------------------------------
  void note_key(const std::string& key, bool multi) {
    auto& kv = keys_[key];
    kv.multi = kv.multi || multi;
  }
  void scan_keys() {
    bool vars = q_.policy->variables_enabled();
    for (auto [idx, sure] : q_.statements) {
      const Statement& s = q_.policy->statements[idx];
      for (const auto& c : s.conditions) {
        if (c.unknown) continue;
        note_key(c.key_lower, c.qualifier != SetQualifier::None);
        if (vars)
          for (const auto& v : c.values) scan_vars(v);
      }
      if (vars) {
        for (const auto& p : s.resource.patterns) scan_vars(p);
        for (const auto& p : s.not_resource.patterns) scan_vars(p);
      }
    }
    if (q_.resource_pattern) scan_vars(*q_.resource_pattern);
    for (auto& [key, kv] : keys_) {
      size_t n = kv.multi ? 2 : 1;
      for (size_t i = 0; i < n; ++i) {
        kv.present.push_back(c_.bool_const(("present " + key + " " + std::to_string(i)).c_str()));
        kv.str.push_back(c_.string_const(("value " + key + " " + std::to_string(i)).c_str()));
      }
    }
  }
  void scan_vars(const std::string& pattern) {
    if (pattern.find("${") == std::string::npos) return;
    for (const auto& piece : split_pattern(pattern, true))
      if (piece.kind == PatternPiece::Kind::Variable) {
        note_key(piece.text, false);
        vars_on_finite_.insert(piece.text);
      }
  }
  KeyVars& key(const std::string& k) { return keys_.at(k); }

  z3::expr typed(const std::string& k, CondFamily f, size_t slot) {
    KeyVars& kv = key(k);
    auto& v = kv.typed[static_cast<int>(f)];
    if (v.empty()) {
      for (size_t i = 0; i < kv.present.size(); ++i) {
        std::string name = "typed " + k + " " + std::to_string(static_cast<int>(f)) + " " + std::to_string(i);
        switch (f) {
          case CondFamily::Numeric: v.push_back(c_.real_const(name.c_str())); break;
          case CondFamily::Date: v.push_back(c_.int_const(name.c_str())); break;
          case CondFamily::Ip: v.push_back(c_.bv_const(name.c_str(), 129)); break;  // bit 128: is v6
          default: v.push_back(kv.str[i]); break;
        }
      }
    }
    return v[slot];
  }

  std::string ip_text(const z3::model& m, const z3::expr& bv) {
    z3::expr v = m.eval(bv, true);
    std::string dec = v.get_decimal_string(0);
    // 129-bit value to bytes: repeated division on the decimal string.
    std::vector<int> digits;
    for (char ch : dec) if (ch >= '0' && ch <= '9') digits.push_back(ch - '0');
    std::array<uint8_t, 17> bytes{};
    for (int b = 16; b >= 0; --b) {
      int rem = 0;
      std::vector<int> q;
      for (int d : digits) {
        int cur = rem * 10 + d;
        if (!q.empty() || cur / 256) q.push_back(cur / 256);
        rem = cur % 256;
      }
      bytes[b] = static_cast<uint8_t>(rem);
      digits = q;
    }
    IpAddress ip;
    ip.v6 = bytes[0] & 1;
    if (ip.v6) for (int i = 0; i < 16; ++i) ip.bytes[i] = bytes[1 + i];
    else for (int i = 0; i < 4; ++i) ip.bytes[i] = bytes[13 + i];
    return ip.str();
  }

  void shape_key(z3::solver& s, const std::string& k, KeyVars& kv, size_t i) {
    z3::expr present = kv.present[i], value = kv.str[i];
    if (k == "aws:principalaccount") s.add(present == (kind_ == kAWS) && z3::implies(present, value == acct_));
    if (k == "aws:principalarn") s.add(present == (kind_ == kAWS) && z3::implies(present, value == parn_));
    // kms:CallerAccount is the calling principal's account, set by KMS, not by the caller:
    // IAM Access Analyzer reads it as confining callers, and so does the public question
    // (its caller is of a fresh account).
    if (k == "kms:calleraccount") s.add(present == (kind_ == kAWS) && z3::implies(present, value == acct_));
    if (auto it = kv.typed.find(static_cast<int>(CondFamily::Ip)); it != kv.typed.end()) {
      // A v4 address keeps its high bits zero; bit 128 says v6.
      z3::expr ip = it->second[i];
      s.add(z3::implies(ip.extract(128, 128) == c_.bv_val(0, 1), ip.extract(127, 32) == c_.bv_val(0, 96)));
    }
    if (auto f = finite_.find(k); f != finite_.end()) {
      z3::expr any = c_.bool_val(false);
      for (const auto& cand : f->second) any = any || value == c_.string_val(cand);
      s.add(z3::implies(present, any));
    }
    if (q_.mode != PrincipalMode::Public) return;
    if (k == "aws:sourceip") {
      // A fresh caller's address is in none of the blocks the policy names (a /0 names none).
      for (const auto& cidr : cidrs_)
        if (cidr.prefix > 0) s.add(z3::implies(present, !in_cidr(typed(k, CondFamily::Ip, i), cidr)));
    }
  }

  // Public question: the keys that confine callers take a fresh caller's values, a finite
  // set of constants. Comparisons on them are then decided here, concretely, and the solver
  // only chooses among the constants (z3str3 is slow on regular expressions).
  void finite_domains() {
    for (const Confining& cf : kConfining) {
      if (!keys_.count(cf.key)) continue;
      finite_[cf.key] = {*cf.fresh ? std::string(cf.fresh) : fresh_account(q_.named_accounts, 1)};
    }
    // The caller's own ARN: in the fresh account, shaped after each pattern the policy
    // tests aws:PrincipalArn with, or a generic user.
    std::string acct = fresh_account(q_.named_accounts, 0);
    principal_arns_ = {"arn:aws:iam::" + acct + ":user/kl-anyone"};
    std::string iam_prefix = "arn:aws:iam::" + acct + ":";
    std::vector<std::string> shaped = arn_candidates("aws:principalarn", acct);
    for (auto& x : joint_candidates("aws:principalarn", acct)) shaped.push_back(std::move(x));
    for (auto& x : shaped)
      if (x.rfind(iam_prefix, 0) == 0) principal_arns_.push_back(std::move(x));
    if (keys_.count("aws:principalarn")) {
      finite_["aws:principalarn"] = principal_arns_;
      check_complete("aws:principalarn", principal_arns_);
    }
    if (keys_.count("aws:sourcearn")) {
      std::string fresh = fresh_account(q_.named_accounts, 1);
      auto& c = finite_["aws:sourcearn"];
      c.push_back("arn:aws:kl-fresh:us-east-1:" + fresh + ":kl-fresh");
      for (auto& x : arn_candidates("aws:sourcearn", fresh)) c.push_back(std::move(x));
      for (auto& x : joint_candidates("aws:sourcearn", fresh)) c.push_back(std::move(x));
      check_complete("aws:sourcearn", c);
    }
  }

 public:
  /// Public question: the finite candidates of some key may miss a value the policy's
  /// patterns allow together (a Unsat answer is then not a proof: say Unknown).
  const std::string& incomplete() const { return incomplete_; }

 private:
  // A distinct comparison on a finite-domain key, as the candidates are tested against it.
  struct KeyPattern {
    std::string text;
    bool like = true, icase = false;
    bool operator<(const KeyPattern& o) const {
      return std::tie(text, like, icase) < std::tie(o.text, o.like, o.icase);
    }
  };
  std::vector<KeyPattern> key_patterns(const std::string& key_lower) {
    std::set<KeyPattern> out;
    for (auto [idx, sure] : q_.statements)
      for (const auto& c : q_.policy->statements[idx].conditions) {
        if (c.unknown || c.key_lower != key_lower || c.family == CondFamily::Null) continue;
        bool like = c.family == CondFamily::Arn || c.cmp == CondCmp::Like;
        for (const auto& v : c.values) out.insert({v, like, c.ignore_case});
      }
    return {out.begin(), out.end()};
  }
  // The literal text before the first (after the last) wildcard: every match has it.
  static std::string_view fixed_head(const KeyPattern& p) {
    std::string_view t = p.text;
    return p.like ? t.substr(0, std::min(t.size(), t.find_first_of("*?"))) : t;
  }
  static std::string_view fixed_tail(const KeyPattern& p) {
    std::string_view t = p.text;
    size_t w = p.like ? t.find_last_of("*?") : std::string_view::npos;
    return w == std::string_view::npos ? t : t.substr(w + 1);
  }
  static bool compatible_heads(std::string_view a, std::string_view b) {
    return a.size() <= b.size() ? b.substr(0, a.size()) == a : a.substr(0, b.size()) == b;
  }
  static bool compatible_tails(std::string_view a, std::string_view b) {
    return a.size() <= b.size() ? b.substr(b.size() - a.size()) == a : a.substr(a.size() - b.size()) == b;
  }
  // No string matches both (sufficient, not necessary; exact for one-'*' patterns).
  static bool disjoint(const KeyPattern& a, const KeyPattern& b) {
    if (a.icase || b.icase) return false;
    return !compatible_heads(fixed_head(a), fixed_head(b)) || !compatible_tails(fixed_tail(a), fixed_tail(b));
  }
  static bool one_star(const KeyPattern& p) {
    return p.like && !p.icase && p.text.find('?') == std::string::npos &&
           std::count(p.text.begin(), p.text.end(), '*') == 1;
  }

  // One value may have to satisfy several patterns at once (two conditions, an Allow and a
  // Deny): per-pattern candidates miss such a value. For every set of one-'*' patterns on
  // the key whose fixed heads and tails agree, "longest head*longest tail" matches them
  // all: its candidate is built like a single pattern's.
  std::vector<std::string> joint_candidates(const std::string& key_lower, const std::string& fresh) {
    std::vector<std::string> out;
    std::vector<KeyPattern> ps;
    for (auto& p : key_patterns(key_lower))
      if (one_star(p) && !(q_.policy->variables_enabled() && p.text.find("${") != std::string::npos)) ps.push_back(p);
    if (ps.size() < 2 || ps.size() > kMaxJointPatterns) return out;
    for (unsigned mask = 1; mask < (1u << ps.size()); ++mask) {
      if (std::popcount(mask) < 2) continue;
      std::string head, tail;
      bool ok = true;
      for (size_t i = 0; i < ps.size() && ok; ++i) {
        if (!(mask >> i & 1)) continue;
        std::string_view h = fixed_head(ps[i]), t = fixed_tail(ps[i]);
        ok = compatible_heads(head, h) && compatible_tails(tail, t);
        if (h.size() > head.size()) head = h;
        if (t.size() > tail.size()) tail = t;
      }
      if (ok)
        if (auto c = candidate_for(head + "*" + tail, fresh)) out.push_back(std::move(*c));
    }
    return out;
  }

  // Sound only if every set of the key's patterns a fresh value can match together (and
  // fail the others) has a candidate. A set is empty when it holds two disjoint patterns,
  // a pattern no candidate matches (it names someone else: a literal name or a named
  // account, the fresh-caller reading), or leaves out a pattern that is all '*'.
  void check_complete(const std::string& key_lower, const std::vector<std::string>& cands) {
    if (!incomplete_.empty()) return;
    std::vector<KeyPattern> ps = key_patterns(key_lower);
    if (ps.empty()) return;
    bool vars = q_.policy->variables_enabled();
    for (const auto& p : ps)
      if (vars && p.text.find("${") != std::string::npos) {
        incomplete_ = key_lower + " is compared with a policy variable";
        return;
      }
    if (vars_on_finite_.count(key_lower)) {
      incomplete_ = key_lower + " is used as a policy variable";
      return;
    }
    if (ps.size() > kMaxJointPatterns) {
      incomplete_ = "too many patterns on " + key_lower;
      return;
    }
    auto matches = [](const KeyPattern& p, const std::string& v) {
      return pattern_match(p.text, v, p.icase, false, nullptr, p.like);
    };
    std::set<unsigned> seen;
    unsigned reachable = 0;  // patterns some candidate matches
    for (const auto& v : cands) {
      unsigned sig = 0;
      for (size_t i = 0; i < ps.size(); ++i) sig |= matches(ps[i], v) ? 1u << i : 0u;
      seen.insert(sig);
      reachable |= sig;
    }
    unsigned everything = 0;
    for (size_t i = 0; i < ps.size(); ++i)
      if (ps[i].like && ps[i].text.find_first_not_of('*') == std::string::npos) everything |= 1u << i;
    for (unsigned sig = 0; sig < (1u << ps.size()); ++sig) {
      if (seen.count(sig) || (sig & ~reachable) || (everything & ~sig)) continue;
      bool empty = false;
      for (size_t i = 0; i < ps.size() && !empty; ++i)
        for (size_t j = i + 1; j < ps.size() && !empty; ++j)
          empty = (sig >> i & 1) && (sig >> j & 1) && disjoint(ps[i], ps[j]);
      if (!empty) {
        incomplete_ = "no candidate value of " + key_lower + " for one combination of its patterns";
        return;
      }
    }
  }

  // A comparison on a finite-domain key: which constants it holds for, decided concretely.
  std::optional<z3::expr> finite_compare(const Condition& c, size_t slot, const std::string& pol) {
    auto f = finite_.find(c.key_lower);
    if (f == finite_.end()) return std::nullopt;
    if (q_.policy->variables_enabled() && pol.find("${") != std::string::npos) return std::nullopt;
    bool like = c.family == CondFamily::Arn || c.cmp == CondCmp::Like;
    z3::expr any = c_.bool_val(false);
    for (const auto& cand : f->second)
      if (pattern_match(pol, cand, c.ignore_case, false, nullptr, like)) any = any || key(c.key_lower).str[slot] == c_.string_val(cand);
    return any;
  }

  // Any question: a key compared only by exact strings, some of them ignoring case, has a
  // finite domain that loses no answer: every value the policy names, for each a case
  // variant the policy does not name (equal to it only ignoring case), and one value equal
  // to none. Without it an IgnoreCase comparison is a regular expression of character
  // classes, which z3str3 takes hundreds of milliseconds on (tests/policies/s3_ignorecase).
  void exact_domains() {
    for (auto& [k, kv] : keys_) {
      if (finite_.count(k) || vars_on_finite_.count(k) || k == "aws:principalaccount" ||
          k == "aws:principalarn" || k == "kms:calleraccount")
        continue;
      std::set<std::string> named;
      bool icase = false, exact = true;
      for (auto [idx, sure] : q_.statements)
        for (const auto& c : q_.policy->statements[idx].conditions) {
          if (c.unknown || c.key_lower != k || c.family == CondFamily::Null) continue;
          exact = exact && c.family == CondFamily::String;
          icase = icase || c.ignore_case;
          for (const auto& v : c.values) {
            bool wild = c.cmp == CondCmp::Like && v.find_first_of("*?") != std::string::npos;
            bool var = q_.policy->variables_enabled() && v.find("${") != std::string::npos;
            exact = exact && !wild && !var;
            named.insert(v);
          }
        }
      if (!icase || !exact) continue;
      std::vector<std::string> domain(named.begin(), named.end());
      for (const auto& v : named)
        if (auto variant = unnamed_case_variant(v, named)) domain.push_back(std::move(*variant));
      std::string none = "kl-none-of-the-named";
      while (std::any_of(named.begin(), named.end(), [&](const std::string& v) { return ascii_lower(v) == none; }))
        none += "-0";
      domain.push_back(none);
      finite_[k] = std::move(domain);
    }
  }
  // A spelling of `v` that no named value has but equal to `v` ignoring case; none when
  // every spelling is named (or `v` has no letters). Of any k + 1 spellings one is unnamed
  // when k named values share `v`'s case class, so k + 1 tries always find one.
  static std::optional<std::string> unnamed_case_variant(const std::string& v, const std::set<std::string>& named) {
    std::vector<size_t> letters;
    for (size_t i = 0; i < v.size(); ++i)
      if (std::isalpha(static_cast<unsigned char>(v[i]))) letters.push_back(i);
    const std::string low = ascii_lower(v);
    size_t same_class = 0;
    for (const auto& x : named) same_class += ascii_lower(x) == low;
    if (letters.size() < 63 && (uint64_t{1} << letters.size()) <= same_class) return std::nullopt;
    for (uint64_t mask = 0; mask <= same_class; ++mask) {
      std::string t = low;
      for (size_t j = 0; j < letters.size() && j < 64; ++j)
        if (mask >> j & 1) t[letters[j]] = static_cast<char>(std::toupper(static_cast<unsigned char>(t[letters[j]])));
      if (!named.count(t)) return t;
    }
    return std::nullopt;  // unreachable: k + 1 distinct spellings, k named
  }

  std::vector<std::string> arn_candidates(const std::string& key_lower, const std::string& fresh) {
    std::vector<std::string> out;
    for (auto [idx, sure] : q_.statements) {
      for (const auto& c : q_.policy->statements[idx].conditions) {
        if (c.unknown || c.key_lower != key_lower) continue;
        for (const auto& v : c.values)
          if (auto x = candidate_for(v, fresh)) out.push_back(std::move(*x));
      }
    }
    return out;
  }

  // A fresh caller's value shaped after one pattern (none when only a named one fits).
  static std::optional<std::string> candidate_for(const std::string& v, const std::string& fresh) {
    auto fill = [](std::string_view f, const char* star) {
      std::string r;
      for (char ch : f) r += ch == '*' ? std::string(star) : ch == '?' ? std::string("x") : std::string(1, ch);
      return r;
    };
    auto fields = arn_fields(v);
    if (!fields) return std::nullopt;
    const auto& f = *fields;
    std::string resource(f[5]);
    std::string head = "arn:" + fill(f[1], "aws") + ":" + fill(f[2], "kl") + ":" + fill(f[3], "us-east-1") + ":";
    if (f[4].empty()) {
      // No account field: only a wildcard in the name can stand for someone else's.
      if (resource.find_first_of("*?") != std::string::npos) return head + ":" + fill(resource, "kl-fresh-0f1e2d");
      return std::nullopt;
    }
    return head + fresh + ":" + fill(resource, "kl-fresh");
  }

  // --- patterns -----------------------------------------------------------------------
  z3::expr regex(const std::vector<PatternPiece>& pieces, bool ignore_case = false) {
    z3::sort str_sort = c_.string_sort();
    z3::sort re_sort = c_.re_sort(str_sort);
    // One byte, as the concrete matcher reads `?` (Z3 escapes: \u{..}).
    z3::expr any_char = z3::range(c_.string_val("\\u{1}"), c_.string_val("\\u{ff}"));
    std::vector<z3::expr> parts;
    for (const auto& p : pieces) {
      switch (p.kind) {
        case PatternPiece::Kind::Text:
          if (!ignore_case) {
            parts.push_back(z3::to_re(c_.string_val(p.text)));
          } else {
            for (char ch : p.text) {
              char lo = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
              char up = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
              z3::expr e = z3::to_re(c_.string_val(std::string(1, lo)));
              if (up != lo) e = e + z3::to_re(c_.string_val(std::string(1, up)));
              parts.push_back(e);
            }
          }
          break;
        case PatternPiece::Kind::Star: parts.push_back(z3::re_full(re_sort)); break;
        case PatternPiece::Kind::Question: parts.push_back(any_char); break;
        case PatternPiece::Kind::Variable: throw Unsupported{"a policy variable inside a wildcard pattern"};
      }
    }
    if (parts.empty()) return z3::to_re(c_.string_val(""));
    z3::expr r = parts[0];
    for (size_t i = 1; i < parts.size(); ++i) r = z3::concat(r, parts[i]);
    return r;
  }

  // Literal text and variables (no wildcards) as one string expression; a variable without
  // a value and without a default makes `guard` false.
  z3::expr concat_fixed(const std::vector<PatternPiece>& pieces, z3::expr& guard) {
    std::optional<z3::expr> whole;
    for (const auto& p : pieces) {
      z3::expr part = c_.string_val(p.text);
      if (p.kind == PatternPiece::Kind::Variable) {
        KeyVars& kv = key(p.text);
        if (p.has_fallback) {
          part = z3::ite(kv.present[0], kv.str[0], c_.string_val(p.fallback));
        } else {
          guard = guard && kv.present[0];
          part = kv.str[0];
        }
      }
      whole = whole ? z3::concat(*whole, part) : part;
    }
    return whole ? *whole : c_.string_val("");
  }

  // `text` matches `pattern`. `positive`: the formula is not negated in the query, so
  // split variables (existential) are sound.
  z3::expr match(const z3::expr& text, const std::string& pattern, bool wildcards, bool ignore_case,
                 bool positive) {
    bool vars = q_.policy->variables_enabled() && pattern.find("${") != std::string::npos;
    auto pieces = split_pattern(pattern, vars, wildcards);
    bool has_var = false, has_wild = false;
    for (const auto& p : pieces) {
      has_var |= p.kind == PatternPiece::Kind::Variable;
      has_wild |= p.kind == PatternPiece::Kind::Star || p.kind == PatternPiece::Kind::Question;
    }
    if (!has_var) {
      if (!has_wild && !ignore_case) return text == c_.string_val(pieces.empty() ? "" : pieces[0].text);
      if (!ignore_case) {
        // At most one '*': fixed-offset substrings and a length, no regular expression
        // (z3str3 is slow on those). "head*tail" with '?' anywhere; exact in both polarities.
        int stars = 0;
        for (const auto& p : pieces) stars += p.kind == PatternPiece::Kind::Star;
        if (stars <= 1) {
          std::vector<std::pair<size_t, std::string>> head, tail;  // offset, literal
          size_t head_len = 0, tail_len = 0;
          bool after = false;
          for (const auto& p : pieces) {
            if (p.kind == PatternPiece::Kind::Star) {
              after = true;
              continue;
            }
            size_t& len = after ? tail_len : head_len;
            if (p.kind == PatternPiece::Kind::Text) (after ? tail : head).push_back({len, p.text});
            len += p.kind == PatternPiece::Kind::Text ? p.text.size() : 1;
          }
          z3::expr n = text.length();
          int fixed = static_cast<int>(head_len + tail_len);
          z3::expr e = stars == 0 ? n == c_.int_val(fixed) : n >= c_.int_val(fixed);
          auto at = [&](z3::expr off, const std::string& lit) {
            return text.extract(off, c_.int_val(static_cast<int>(lit.size()))) == c_.string_val(lit);
          };
          for (const auto& [off, lit] : head)
            e = e && (off == 0 ? z3::prefixof(c_.string_val(lit), text) : at(c_.int_val(static_cast<int>(off)), lit));
          for (const auto& [off, lit] : tail) {
            if (off + lit.size() == tail_len) e = e && z3::suffixof(c_.string_val(lit), text);
            else e = e && at(n - c_.int_val(static_cast<int>(tail_len - off)), lit);
          }
          return e;
        }
      }
      return z3::in_re(text, regex(pieces, ignore_case));
    }
    if (ignore_case) throw Unsupported{"a policy variable in a case-insensitive comparison"};
    // One trailing (or leading) '*' and no other wildcard: a prefix (suffix) test, exact in
    // both polarities: "arn:aws:s3:::b/home/${aws:username}/*".
    int stars = 0, questions = 0;
    for (const auto& p : pieces) {
      stars += p.kind == PatternPiece::Kind::Star;
      questions += p.kind == PatternPiece::Kind::Question;
    }
    bool trailing = stars == 1 && questions == 0 && pieces.back().kind == PatternPiece::Kind::Star;
    bool leading = stars == 1 && questions == 0 && pieces.front().kind == PatternPiece::Kind::Star;
    if (trailing || leading) {
      std::vector<PatternPiece> fixed(pieces.begin() + (leading ? 1 : 0), pieces.end() - (trailing ? 1 : 0));
      z3::expr guard = c_.bool_val(true);
      z3::expr whole = concat_fixed(fixed, guard);
      return guard && (trailing ? z3::prefixof(whole, text) : z3::suffixof(whole, text));
    }
    if (has_wild && !positive) throw Unsupported{"a policy variable inside a wildcard pattern under a negation"};
    // Concatenate: literal text, the variables' values, split parts for wildcard runs.
    z3::expr guard = c_.bool_val(true);
    std::vector<z3::expr> seq;
    std::vector<PatternPiece> run;
    auto flush = [&] {
      if (run.empty()) return;
      bool wild = false;
      for (const auto& p : run) wild |= p.kind != PatternPiece::Kind::Text;
      if (!wild) {
        std::string t;
        for (const auto& p : run) t += p.text;
        seq.push_back(c_.string_val(t));
      } else {
        z3::expr part = c_.string_const(("split " + std::to_string(split_++)).c_str());
        guard = guard && z3::in_re(part, regex(run));
        seq.push_back(part);
      }
      run.clear();
    };
    for (const auto& p : pieces) {
      if (p.kind != PatternPiece::Kind::Variable) {
        run.push_back(p);
        continue;
      }
      flush();
      KeyVars& kv = key(p.text);
      if (p.has_fallback) {
        seq.push_back(z3::ite(kv.present[0], kv.str[0], c_.string_val(p.fallback)));
      } else {
        guard = guard && kv.present[0];
        seq.push_back(kv.str[0]);
      }
    }
    flush();
    z3::expr whole = seq[0];
    for (size_t i = 1; i < seq.size(); ++i) whole = z3::concat(whole, seq[i]);
    return guard && text == whole;
  }

  z3::expr in_cidr(const z3::expr& ip, const Cidr& c) {
    z3::expr fam = ip.extract(128, 128) == c_.bv_val(c.base.v6 ? 1 : 0, 1);
    if (c.prefix == 0) return fam;
    int bits = c.base.bits();
    int hi = bits - 1, lo = bits - c.prefix;
    // The network bits as a decimal numeral.
    std::string dec = "0";
    auto times2plus = [](std::string s, int bit) {
      int carry = bit;
      for (int i = static_cast<int>(s.size()) - 1; i >= 0; --i) {
        int d = (s[i] - '0') * 2 + carry;
        s[i] = static_cast<char>('0' + d % 10);
        carry = d / 10;
      }
      if (carry) s.insert(s.begin(), static_cast<char>('0' + carry));
      return s;
    };
    for (int i = 0; i < c.prefix; ++i) dec = times2plus(dec, (c.base.bytes[i / 8] >> (7 - i % 8)) & 1);
    return fam && ip.extract(hi, lo) == c_.bv_val(dec.c_str(), static_cast<unsigned>(c.prefix));
  }

  // --- statements ---------------------------------------------------------------------
  z3::expr statement(const Statement& s, bool sure_action, bool lo, bool positive) {
    z3::expr m = sure_action ? c_.bool_val(true) : c_.bool_val(!lo);
    if (s.principal.has) m = m && principals(s.principal, lo);
    if (s.not_principal.has) m = m && !principals(s.not_principal, !lo);
    if (s.resource.has) m = m && resources(s.resource, lo, positive);
    if (s.not_resource.has) m = m && !resources(s.not_resource, !lo, !positive);
    for (const auto& c : s.conditions) m = m && condition(c, lo, positive);
    return m;
  }

  z3::expr principals(const PrincipalSet& set, bool lo) {
    z3::expr any = c_.bool_val(set.unknown && !lo);
    for (const auto& e : set.entries) {
      using K = PrincipalEntry::Kind;
      switch (e.kind) {
        case K::Any: any = any || c_.bool_val(true); break;
        case K::AWS:
          if (e.value == "*") any = any || kind_ == kAWS;
          else if (e.is_account()) any = any || (kind_ == kAWS && acct_ == c_.string_val(e.account()));
          else any = any || (kind_ == kAWS && parn_ == c_.string_val(e.value));
          break;
        case K::Service: any = any || (kind_ == kService && pid_ == c_.string_val(ascii_lower(e.value))); break;
        case K::Federated: any = any || (kind_ == kFederated && pid_ == c_.string_val(e.value)); break;
        case K::CanonicalUser: any = any || (kind_ == kCanonical && pid_ == c_.string_val(e.value)); break;
      }
    }
    return any;
  }

  z3::expr resources(const PatternSet& set, bool lo, bool positive) {
    z3::expr any = c_.bool_val(set.unknown && !lo);
    for (const auto& p : set.patterns) any = any || match(res_, p, true, false, positive);
    return any;
  }

  z3::expr compare(const Condition& c, size_t slot, const std::string& pol, bool positive) {
    switch (c.family) {
      case CondFamily::String:
        if (auto e = finite_compare(c, slot, pol)) return *e;
        return match(typed(c.key_lower, c.family, slot), pol, c.cmp == CondCmp::Like, c.ignore_case, positive);
      case CondFamily::Arn:
        if (auto e = finite_compare(c, slot, pol)) return *e;
        return match(typed(c.key_lower, c.family, slot), pol, true, false, positive);
      case CondFamily::Bool: return key(c.key_lower).str[slot] == c_.string_val(ascii_lower(pol));
      case CondFamily::Binary: return key(c.key_lower).str[slot] == c_.string_val(pol);
      case CondFamily::Ip: {
        auto cidr = parse_cidr(pol);
        if (!cidr) return c_.bool_val(false);
        if (c.key_lower == "aws:sourceip") cidrs_.push_back(*cidr);
        return in_cidr(typed(c.key_lower, c.family, slot), *cidr);
      }
      case CondFamily::Numeric:
      case CondFamily::Date: {
        z3::expr v = typed(c.key_lower, c.family, slot);
        std::optional<z3::expr> k;
        if (c.family == CondFamily::Numeric) {
          auto n = parse_number(pol);
          if (!n) return c_.bool_val(false);
          k = c_.real_val(std::to_string(*n).c_str());
        } else {
          auto d = parse_date(pol);
          if (!d) return c_.bool_val(false);
          k = c_.int_val(static_cast<int64_t>(*d));
        }
        switch (c.cmp) {
          case CondCmp::Equals:
          case CondCmp::Like: return v == *k;
          case CondCmp::Less: return v < *k;
          case CondCmp::LessEquals: return v <= *k;
          case CondCmp::Greater: return v > *k;
          case CondCmp::GreaterEquals: return v >= *k;
        }
        return c_.bool_val(false);
      }
      case CondFamily::Null: return c_.bool_val(false);
    }
    return c_.bool_val(false);
  }

  z3::expr condition(const Condition& c, bool lo, bool positive) {
    if (c.unknown) return c_.bool_val(!lo);
    KeyVars& kv = key(c.key_lower);
    if (c.family == CondFamily::Null) {
      z3::expr any = c_.bool_val(false);
      for (const auto& v : c.values) any = any || (v == "true" ? !kv.present[0] : kv.present[0]);
      return any;
    }
    bool cmp_positive = c.negated ? !positive : positive;
    auto satisfies = [&](size_t slot) {
      z3::expr any = c_.bool_val(false);
      for (const auto& v : c.values) any = any || compare(c, slot, v, cmp_positive);
      return c.negated ? !any : any;
    };
    size_t n = kv.present.size();
    if (c.qualifier == SetQualifier::ForAllValues) {
      z3::expr all = c_.bool_val(true);
      for (size_t i = 0; i < n; ++i) all = all && z3::implies(kv.present[i], satisfies(i));
      return all;
    }
    if (c.qualifier == SetQualifier::ForAnyValue) {
      z3::expr any = c_.bool_val(c.if_exists) && !kv.present[0];
      for (size_t i = 0; i < n; ++i) any = any || (kv.present[i] && satisfies(i));
      return any;
    }
    z3::expr when_absent = c_.bool_val(c.if_exists || c.negated);
    z3::expr combined = c.negated ? c_.bool_val(true) : c_.bool_val(false);
    for (size_t i = 0; i < n; ++i) {
      if (c.negated) combined = combined && z3::implies(kv.present[i], satisfies(i));
      else combined = combined || (kv.present[i] && satisfies(i));
    }
    return z3::ite(kv.present[0], combined, when_absent);
  }

  z3::context& c_;
  const SolverQuery& q_;
  bool under_;
  z3::expr kind_, acct_, parn_, pid_, res_, ip6_;
  std::map<std::string, KeyVars> keys_;
  std::map<std::string, std::vector<std::string>> finite_;
  std::vector<std::string> principal_arns_;  ///< public: the caller ARNs to choose from  ///< key → the constants it may take
  std::vector<z3::expr> side_;
  std::string incomplete_;              ///< why an Unsat answer proves nothing ("" = it does)
  std::set<std::string> vars_on_finite_;  ///< keys used as policy variables
  static constexpr size_t kMaxJointPatterns = 8;
  std::vector<Cidr> cidrs_;
  int split_ = 0;
};

// z3str3 rather than the default sequence solver: on Z3 4.8.12 the latter takes 100+ ms on
// `r = "arn:..." or prefixof("arn:.../", r)`, z3str3 well under one (docs/iam.md).
z3::context& configured() {
  static std::once_flag once;
  std::call_once(once, [] { z3::set_param("smt.string_solver", "z3str3"); });
  thread_local z3::context ctx;
  return ctx;
}

class Z3Solver : public PolicySolver {
 public:
  Z3Solver() : ctx_(configured()), solver_(ctx_) {
    // The first check of a solver sets up its theories (~100 ms on a loaded machine): pay it
    // here, outside any question's time budget.
    solver_.push();
    z3::expr x = ctx_.string_const("warm-up");
    solver_.add(z3::prefixof(ctx_.string_val("arn:"), x) && x.length() < 10 &&
                ctx_.bv_const("warm-up-ip", 129).extract(3, 0) == ctx_.bv_val(1, 4) &&
                ctx_.real_const("warm-up-n") > ctx_.real_val(1));
    solver_.check();
    solver_.pop();
  }

  SolverResult solve(const SolverQuery& q, bool under) override {
    SolverResult out;
    // One context and one solver for many queries, each in its own push/pop scope: the
    // first check of a solver pays a set-up cost several times that of a typical query.
    solver_.push();
    try {
      Encoder enc(ctx_, q, under);
      std::vector<z3::expr> side;
      z3::expr goal = enc.allowed(side);
      z3::params p(ctx_);
      p.set("timeout", q.timeout_ms);
      solver_.set(p);
      solver_.add(goal);
      for (auto& e : side) solver_.add(e);
      enc.request_shape(solver_);  // after the goal: the encoder has seen every CIDR by now
      if (std::getenv("KL_IAM_DUMP")) std::fprintf(stderr, "%s\n", solver_.to_smt2().c_str());
      switch (solver_.check()) {
        case z3::sat:
          out.status = SolverResult::Status::Sat;
          out.witness = enc.witness(solver_.get_model());
          break;
        case z3::unsat:
          if (!enc.incomplete().empty()) {
            // The candidates of a confining key may miss the value that is allowed: No
            // would be unsound (docs/iam.md, "Limits").
            out.status = SolverResult::Status::Unknown;
            out.reason = "unsupported: " + enc.incomplete();
            break;
          }
          out.status = SolverResult::Status::Unsat;
          break;
        default:
          out.status = SolverResult::Status::Unknown;
          out.reason = "the solver gave up (" + solver_.reason_unknown() + ")";
      }
    } catch (const Unsupported& u) {
      out.status = SolverResult::Status::Unknown;
      out.reason = "unsupported: " + u.why;
    } catch (const z3::exception& e) {
      out.status = SolverResult::Status::Unknown;
      out.reason = std::string("solver error: ") + e.msg();
    }
    solver_.pop();
    return out;
  }

 private:
  z3::context& ctx_;
  z3::solver solver_;
};

}  // namespace

std::unique_ptr<PolicySolver> make_z3_solver() { return std::make_unique<Z3Solver>(); }

}  // namespace kl::iam
