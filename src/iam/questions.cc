#include "iam/questions.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <unordered_map>

#include "iam/match.h"
#include "iam/solver.h"

namespace kl::iam {

const char* answer_name(Answer a) {
  switch (a) {
    case Answer::No: return "no";
    case Answer::Yes: return "yes";
    case Answer::Unknown: return "unknown";
  }
  return "unknown";
}

PolicySolver& thread_solver() {
  thread_local std::unique_ptr<PolicySolver> solver = make_z3_solver();
  return *solver;
}

std::string Witness::text() const {
  std::string out = who + " can " + request.action;
  std::string res = !resource_pattern.empty() ? resource_pattern : request.resource;
  if (!res.empty()) out += " on " + res;
  auto ip = request.context.find("aws:sourceip");
  out += ip == request.context.end() ? " from any IP" : " from " + ip->second.front();
  std::string extra;
  for (const auto& [k, vs] : request.context) {
    if (k == "aws:sourceip" || std::find(keys.begin(), keys.end(), k) == keys.end()) continue;
    extra += (extra.empty() ? " when " : ", ") + k + "=" + vs.front();
  }
  return out + extra;
}

namespace {

// The actions a question ranges over, grouped by the statements that cover them: one
// solver call per group, never per action.
struct ActionGroup {
  std::vector<std::pair<size_t, bool>> statements;  ///< index, surely covers
  std::vector<std::string> actions;                 ///< display names
};

bool has_wild(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

std::vector<ActionGroup> group_actions(const Policy& p, const std::vector<std::string>& wanted) {
  const ActionCatalog& cat = ActionCatalog::builtin();
  const size_t base = cat.all().size();
  // Universe: the catalogue plus literal actions it does not know (an unknown service's
  // pattern stands for that service's actions).
  std::vector<std::string> extra_names, extra_keys;
  auto add_extra = [&](const std::string& pat) {
    std::string k = ascii_lower(pat);
    if (k == "*" || cat.find(k)) return;
    if (std::find(extra_keys.begin(), extra_keys.end(), k) != extra_keys.end()) return;
    size_t colon = k.find(':');
    if (has_wild(k) && colon != std::string::npos && cat.knows_prefix(k.substr(0, colon))) return;
    extra_names.push_back(pat);
    extra_keys.push_back(k);
  };
  for (const auto& s : p.statements) {
    for (const auto& a : s.action.patterns) add_extra(a);
    for (const auto& a : s.not_action.patterns) add_extra(a);
  }
  for (const auto& w : wanted) add_extra(w);
  const size_t n = base + extra_keys.size();
  auto name_of = [&](size_t i) -> const std::string& { return i < base ? cat.all()[i].name : extra_names[i - base]; };
  // Marks the actions a pattern covers with `value`.
  auto mark = [&](const std::string& pat, std::vector<uint8_t>& out, uint8_t value) {
    if (pat == "*") {
      std::fill(out.begin(), out.end(), value);
      return;
    }
    for (uint32_t i : cat.expand(pat)) out[i] = value;
    std::string k = ascii_lower(pat);
    for (size_t i = base; i < n; ++i)
      if (k == extra_keys[i - base] || wildcard_match(k, extra_keys[i - base], true)) out[i] = value;
  };
  std::vector<uint8_t> candidate(n, wanted.empty() ? 1 : 0);
  for (const auto& w : wanted) mark(w, candidate, 1);
  // hits[s][i]: 0 = statement s does not cover action i, 1 = surely, 2 = only if unknown parts allow.
  std::vector<std::vector<uint8_t>> hits(p.statements.size(), std::vector<uint8_t>(n, 0));
  std::vector<uint8_t> allowed(n, 0);
  std::vector<uint64_t> sig(n, 0);
  for (size_t si = 0; si < p.statements.size(); ++si) {
    const Statement& s = p.statements[si];
    auto& hit = hits[si];
    if (s.unknown) {
      std::fill(hit.begin(), hit.end(), 2);
    } else if (s.action.has) {
      for (const auto& pat : s.action.patterns) mark(pat, hit, 1);
      if (s.action.unknown)
        for (auto& h : hit) if (!h) h = 2;
    } else if (s.not_action.has) {
      std::vector<uint8_t> excluded(n, 0);
      for (const auto& pat : s.not_action.patterns) mark(pat, excluded, 1);
      for (size_t i = 0; i < n; ++i) hit[i] = excluded[i] ? 0 : (s.not_action.unknown ? 2 : 1);
    }
    bool grants = s.unknown || s.effect == Effect::Allow;
    for (size_t i = 0; i < n; ++i) {
      if (!hit[i]) continue;
      sig[i] = sig[i] * 1000003u + si * 4 + hit[i];
      if (grants) allowed[i] = 1;
    }
  }
  std::unordered_map<uint64_t, size_t> index;
  std::vector<ActionGroup> groups;
  for (size_t i = 0; i < n; ++i) {
    if (!candidate[i] || !allowed[i]) continue;  // nothing allows it: implicit deny
    auto [it, fresh] = index.emplace(sig[i], groups.size());
    if (fresh) {
      ActionGroup g;
      for (size_t si = 0; si < p.statements.size(); ++si)
        if (hits[si][i]) g.statements.push_back({si, hits[si][i] == 1});
      groups.push_back(std::move(g));
    }
    groups[it->second].actions.push_back(name_of(i));
  }
  return groups;
}

std::vector<std::string> named_accounts(const Policy& p) {
  std::set<std::string> out;
  auto scan = [&](const std::string& s) {
    for (size_t i = 0; i + 12 <= s.size(); ++i) {
      size_t j = i;
      while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
      if (j - i >= 12) out.insert(s.substr(i, 12));
      i = j;
    }
  };
  for (const auto& s : p.statements) {
    for (const auto& e : s.principal.entries) scan(e.value);
    for (const auto& e : s.not_principal.entries) scan(e.value);
    for (const auto& r : s.resource.patterns) scan(r);
    for (const auto& r : s.not_resource.patterns) scan(r);
    for (const auto& c : s.conditions)
      for (const auto& v : c.values) scan(v);
  }
  return {out.begin(), out.end()};
}

bool group_has_unknown(const Policy& p, const ActionGroup& g) {
  for (auto [i, sure] : g.statements) {
    const Statement& s = p.statements[i];
    if (!sure || s.unknown || s.principal.unknown || s.not_principal.unknown || s.resource.unknown ||
        s.not_resource.unknown)
      return true;
    for (const auto& c : s.conditions)
      if (c.unknown) return true;
  }
  return false;
}

struct Question {
  PrincipalMode mode = PrincipalMode::Any;
  std::string owner;
  std::optional<std::string> resource;
  std::optional<std::string> resource_pattern;
};

std::string who_for(const Question& q, const Request& r) {
  if (q.mode == PrincipalMode::Public)
    return r.principal_kind == PrincipalEntry::Kind::Federated ? "any " + r.principal + " identity" : "anyone";
  if (q.mode == PrincipalMode::OtherAccount) {
    std::string a = account_of(r.principal);
    return a.empty() ? "another account" : "account " + a;
  }
  return r.principal.empty() ? "a principal" : r.principal;
}

// Concrete pattern → a text it matches ("*" → "", "?" → "x"); nullopt with variables.
std::optional<std::string> sample(const std::string& pattern) {
  if (pattern.find("${") != std::string::npos) return std::nullopt;
  std::string out;
  for (char c : pattern) {
    if (c == '*') continue;
    out += c == '?' ? 'x' : c;
  }
  return out;
}

// Decides a group without the solver when it is plain; nullopt when it cannot.
std::optional<QuestionResult> fast_path(const Policy& p, const ActionGroup& g, const Question& q,
                                        const std::vector<std::string>& named) {
  if (group_has_unknown(p, g)) return std::nullopt;
  std::vector<const Statement*> allows, denies;
  for (auto [i, sure] : g.statements) (p.statements[i].effect == Effect::Deny ? denies : allows).push_back(&p.statements[i]);
  auto outsider_possible = [&](const Statement& s) {
    if (q.mode == PrincipalMode::Any) return true;
    if (s.not_principal.has) return true;
    if (!s.principal.has) return false;
    for (const auto& e : s.principal.entries) {
      if (e.is_wildcard()) return true;
      if (q.mode == PrincipalMode::Public && e.kind == PrincipalEntry::Kind::Federated) return true;
      if (q.mode == PrincipalMode::OtherAccount && e.kind == PrincipalEntry::Kind::AWS && e.account() != q.owner)
        return true;
    }
    return false;
  };
  bool any_possible = false;
  for (const Statement* s : allows) any_possible |= outsider_possible(*s);
  QuestionResult r;
  r.decided_by_fast_path = true;
  if (!any_possible) {
    r.answer = Answer::No;
    return r;
  }
  if (!denies.empty()) return std::nullopt;
  for (size_t k = 0; k < allows.size(); ++k) {
    const Statement& s = *allows[k];
    if (!s.conditions.empty() || s.not_resource.has || s.not_principal.has) continue;
    Request req;
    req.action = g.actions.front();
    const PrincipalEntry* chosen = nullptr;
    if (q.mode == PrincipalMode::Any) {
      req.principal = s.principal.has && !s.principal.entries.empty() && !s.principal.entries[0].is_wildcard()
                          ? s.principal.entries[0].value
                          : "arn:aws:iam::" + fresh_account(named) + ":user/anyone";
      if (s.principal.has && !s.principal.entries.empty()) {
        chosen = &s.principal.entries[0];
        if (chosen->kind == PrincipalEntry::Kind::Service || chosen->kind == PrincipalEntry::Kind::Federated ||
            chosen->kind == PrincipalEntry::Kind::CanonicalUser)
          req.principal_kind = chosen->kind;
      }
    } else {
      for (const auto& e : s.principal.entries) {
        if (e.is_wildcard() || (q.mode == PrincipalMode::OtherAccount && e.kind == PrincipalEntry::Kind::AWS &&
                                e.account() != q.owner)) {
          chosen = &e;
          break;
        }
      }
      if (!chosen) continue;
      std::string acct = q.mode == PrincipalMode::Public || chosen->is_wildcard() ? fresh_account(named) : chosen->account();
      if (q.mode == PrincipalMode::OtherAccount && acct == q.owner) acct = fresh_account(named, 2);
      req.principal = chosen->is_wildcard() || chosen->is_account() ? "arn:aws:iam::" + acct + ":user/anyone" : chosen->value;
    }
    std::string pattern;
    if (q.resource) {
      req.resource = *q.resource;
    } else if (s.resource.has) {
      if (s.resource.patterns.empty()) continue;
      pattern = s.resource.patterns[0];
      auto smp = q.resource_pattern ? sample(*q.resource_pattern) : sample(pattern);
      if (!smp) continue;
      req.resource = *smp;
    } else if (q.resource_pattern) {
      auto smp = sample(*q.resource_pattern);
      if (!smp) continue;
      req.resource = *smp;
    }
    Evaluation ev = evaluate(p, req);
    if (ev.decision != Decision::Allow) continue;
    Witness w;
    w.request = req;
    w.who = who_for(q, req);
    w.resource_pattern = pattern;
    w.statement = ev.allowing.front();
    for (const auto& c : p.statements[w.statement].conditions) w.keys.push_back(c.key_lower);
    r.answer = Answer::Yes;
    r.witness = w;
    return r;
  }
  return std::nullopt;
}

QuestionResult ask(const Policy& p, const Question& q, const QuestionOptions& opts,
                   const std::vector<std::string>& wanted, PolicySolver* solver_in = nullptr) {
  QuestionResult out;
  out.answer = Answer::No;
  out.decided_by_fast_path = true;
  auto groups = group_actions(p, wanted);
  auto named = named_accounts(p);
  PolicySolver* solver = solver_in;
  std::string unknown_reason;
  // One budget for the whole question, shared by its solver calls.
  auto start = std::chrono::steady_clock::now();
  auto remaining_ms = [&]() -> unsigned {
    auto used = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    return used >= opts.timeout_ms ? 0u : static_cast<unsigned>(opts.timeout_ms - used);
  };
  for (const ActionGroup& g : groups) {
    if (opts.fast_path) {
      if (auto fr = fast_path(p, g, q, named)) {
        if (fr->answer == Answer::Yes) {
          fr->solver_calls = out.solver_calls;
          fr->decided_by_fast_path = out.decided_by_fast_path;
          return *fr;
        }
        continue;
      }
    }
    if (!opts.solver) {
      out.answer = Answer::Unknown;
      out.decided_by_fast_path = false;
      unknown_reason = "not decided without the solver";
      continue;
    }
    out.decided_by_fast_path = false;
    if (!solver) solver = &thread_solver();
    SolverQuery sq;
    sq.policy = &p;
    sq.statements = g.statements;
    sq.action = g.actions.front();
    sq.mode = q.mode;
    sq.owner = q.owner;
    sq.resource = q.resource;
    sq.resource_pattern = q.resource_pattern;
    sq.named_accounts = named;
    sq.timeout_ms = remaining_ms();
    if (sq.timeout_ms == 0) {
      out.answer = Answer::Unknown;
      unknown_reason = "the question's time budget ran out";
      break;
    }
    bool unknowns = group_has_unknown(p, g);
    ++out.solver_calls;
    SolverResult under = solver->solve(sq, true);
    if (under.status == SolverResult::Status::Sat) {
      Evaluation ev = evaluate(p, *under.witness);
      if (ev.decision == Decision::Allow) {
        Witness w;
        w.request = *under.witness;
        w.who = who_for(q, w.request);
        w.statement = ev.allowing.front();
        const Statement& st = p.statements[w.statement];
        for (const auto& c : st.conditions) w.keys.push_back(c.key_lower);
        for (const auto& pat : st.resource.patterns)
          if (pattern_match(pat, w.request.resource, false, false, nullptr)) {
            w.resource_pattern = pat;
            break;
          }
        if (w.resource_pattern.empty() && q.resource) w.resource_pattern = *q.resource;
        out.answer = Answer::Yes;
        out.witness = w;
        return out;
      }
      out.answer = Answer::Unknown;
      unknown_reason = "the solver's witness is not confirmed by the evaluator (" +
                       std::string(decision_name(ev.decision)) + ")";
      continue;
    }
    if (under.status == SolverResult::Status::Unknown) {
      out.answer = Answer::Unknown;
      unknown_reason = under.reason;
      continue;
    }
    if (!unknowns) continue;  // Unsat, and the optimistic reading is the same formula
    ++out.solver_calls;
    sq.timeout_ms = std::max(1u, remaining_ms());
    SolverResult over = solver->solve(sq, false);
    if (over.status != SolverResult::Status::Unsat) {
      out.answer = Answer::Unknown;
      unknown_reason = over.status == SolverResult::Status::Unknown
                           ? over.reason
                           : "the answer depends on a value unknown before deployment";
    }
  }
  if (out.answer == Answer::Unknown) out.reason = unknown_reason;
  return out;
}

}  // namespace

QuestionResult is_public(const Policy& policy, const QuestionOptions& opts) {
  Question q;
  q.mode = PrincipalMode::Public;
  return ask(policy, q, opts, opts.actions);
}

QuestionResult is_cross_account(const Policy& policy, std::string_view owner, const QuestionOptions& opts) {
  Question q;
  q.mode = PrincipalMode::OtherAccount;
  q.owner = std::string(owner);
  return ask(policy, q, opts, opts.actions);
}

QuestionResult allows(const Policy& policy, std::string_view action, std::string_view resource,
                      const QuestionOptions& opts) {
  Question q;
  q.mode = PrincipalMode::Any;
  q.resource = std::string(resource);
  return ask(policy, q, opts, {std::string(action)});
}

AccessSummary summarize(const Policy& policy, const QuestionOptions& opts) {
  AccessSummary out;
  std::vector<std::string> patterns;
  for (const auto& s : policy.statements) {
    if (s.unknown || s.effect != Effect::Allow) continue;
    if (s.resource.has) {
      for (const auto& r : s.resource.patterns)
        if (std::find(patterns.begin(), patterns.end(), r) == patterns.end()) patterns.push_back(r);
    } else if (std::find(patterns.begin(), patterns.end(), "*") == patterns.end()) {
      patterns.push_back("*");
    }
  }
  PolicySolver* solver = &thread_solver();
  for (const auto& pat : patterns) {
    AccessSummary::Entry e;
    e.resource = pat;
    Question q;
    q.mode = PrincipalMode::Any;
    q.resource_pattern = pat;
    for (const ActionGroup& g : group_actions(policy, opts.actions)) {
      // One question per group: is some action of it allowed on some match of the pattern?
      QuestionOptions one = opts;
      ActionGroup only = g;
      Answer a;
      auto fr = opts.fast_path ? fast_path(policy, g, q, named_accounts(policy)) : std::nullopt;
      if (fr) {
        a = fr->answer;
      } else {
        SolverQuery sq;
        sq.policy = &policy;
        sq.statements = g.statements;
        sq.action = g.actions.front();
        sq.mode = PrincipalMode::Any;
        sq.resource_pattern = pat;
        sq.timeout_ms = opts.timeout_ms;
        auto r = solver->solve(sq, true);
        if (r.status == SolverResult::Status::Sat) a = Answer::Yes;
        else if (r.status == SolverResult::Status::Unsat && !group_has_unknown(policy, g)) a = Answer::No;
        else {
          a = Answer::Unknown;
          out.reason = r.reason.empty() ? "the answer depends on a value unknown before deployment" : r.reason;
        }
      }
      if (a == Answer::Unknown) out.complete = Answer::Unknown;
      if (a != Answer::Yes) continue;
      const ActionCatalog& cat = ActionCatalog::builtin();
      for (const auto& name : g.actions) e.actions[cat.class_of(name)].push_back(name);
    }
    if (!e.actions.empty()) out.entries.push_back(std::move(e));
  }
  return out;
}

}  // namespace kl::iam
