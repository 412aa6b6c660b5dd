#include "rules/exact_open.h"

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "iam/questions.h"
#include "rules/iam_support.h"

namespace kl::rules {
namespace {

// "Fn::Sub 'arn:aws:s3:::${Site}/*'" → the text between the quotes.
std::optional<std::string> sub_text(const std::string& why) {
  if (why.rfind("Fn::Sub '", 0) != 0 || why.size() < 10 || why.back() != '\'') return std::nullopt;
  return why.substr(9, why.size() - 10);
}

std::optional<std::string> self_text(const model::Value& v, const SelfResource& self) {
  if (self.id.empty() || model::resource_ref(v) != self.id) return std::nullopt;
  const std::string& why = v.str();
  if (model::is_get_att(v, self.id, "Arn")) return self.arn;
  if (why == "Ref to resource '" + self.id + "'") return self.name.empty() ? std::nullopt : std::optional(self.name);
  auto text = sub_text(why);
  if (!text) return std::nullopt;
  // The loader writes both ${Site} (Ref: the name) and ${Site.Arn} as "${Site}": at the
  // start of the string it can only be the ARN, after other text the name.
  std::string ph = "${" + self.id + "}", out;
  size_t pos = 0;
  for (;;) {
    size_t at = text->find(ph, pos);
    if (at == std::string::npos) break;
    out.append(*text, pos, at - pos);
    out += at == 0 ? self.arn : self.name;
    pos = at + ph.size();
  }
  out.append(*text, pos);
  if (out.find("${") != std::string::npos) return std::nullopt;  // another unknown part
  return out;
}

void read_self(model::Value& v, const SelfResource& self) {
  if (v.is_unknown()) {
    if (auto t = self_text(v, self)) v = model::Value::string(*t, v.loc());
    return;
  }
  for (model::Value& x : v.items()) read_self(x, self);
}

struct ExactCache {
  mutable std::map<size_t, iam::OpenAnswer> answers;
  mutable unsigned solver_questions = 0;
};

// An answer depends on the document and the question only, so it is also kept for the
// process (bounded): a scan of many templates sharing a policy — or the malformed-input
// suite's thousands of mutations of one template — asks the solver once per document.
class ProcessCache {
 public:
  std::optional<iam::OpenAnswer> find(size_t h) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = answers_.find(h);
    if (it == answers_.end()) return std::nullopt;
    return it->second;
  }
  void put(size_t h, const iam::OpenAnswer& a) {
    std::lock_guard<std::mutex> lock(mu_);
    if (answers_.size() >= kMaxEntries) answers_.clear();
    answers_.emplace(h, a);
  }

 private:
  static constexpr size_t kMaxEntries = 4096;
  std::mutex mu_;
  std::unordered_map<size_t, iam::OpenAnswer> answers_;
};

ProcessCache& process_cache() {
  static ProcessCache cache;
  return cache;
}

bool solver_can_decide(const iam::Policy& p) {
  for (const iam::Statement& s : p.statements) {
    if (s.unknown || s.principal.unknown || s.not_principal.unknown || s.action.unknown || s.not_action.unknown ||
        s.resource.unknown || s.not_resource.unknown)
      return false;
    for (const iam::Condition& c : s.conditions)
      if (c.unknown) return false;
  }
  return true;
}

bool is_undecided(const iam::OpenAnswer& a) {
  return a.answer == iam::Answer::Unknown && a.why_unknown.rfind(iam::kUndecided, 0) == 0;
}

iam::OpenAnswer from_witness(const iam::Policy& p, const iam::Witness& w, const std::vector<std::string>& extra) {
  iam::OpenAnswer out;
  out.answer = iam::Answer::Yes;
  iam::OpenGrant g;
  g.statement = w.statement;
  g.action = w.request.action;
  const iam::Statement& s = p.statements[w.statement];
  g.not_principal = s.not_principal.has;
  for (const iam::PrincipalEntry& e : s.principal.entries)
    if (e.is_wildcard() && e.kind == iam::PrincipalEntry::Kind::AWS) g.any_account = true;
  for (const iam::Condition& c : s.conditions)
    if (c.qualifier != iam::SetQualifier::None || !iam::confines_callers(c, extra))
      g.caller_conditions.push_back(iam::condition_text(c));
  out.grant = std::move(g);
  return out;
}

}  // namespace

model::Value with_self_resource(const model::Value& doc, const SelfResource& self) {
  model::Value out = doc;
  auto fix_statement = [&](model::Value& st) {
    for (const char* key : {"Resource", "NotResource"})
      if (model::Value* r = st.get(key)) read_self(*r, self);
  };
  if (model::Value* sts = out.get("Statement")) {
    if (sts->is_map()) fix_statement(*sts);
    for (model::Value& st : sts->items())
      if (st.is_map()) fix_statement(st);
  }
  return out;
}

iam::OpenAnswer open_access_exact(RuleContext& ctx, const model::Value& doc, const iam::Policy& policy,
                                  const std::vector<std::string>& actions, const SelfResource& self,
                                  const std::vector<std::string>& extra) {
  iam::OpenAnswer fast = iam::open_access(policy, actions, extra);
  if (fast.answer != iam::Answer::Unknown) return fast;
  // Resources built from the policy's own resource: read them, and ask the check again.
  model::Value selfdoc = with_self_resource(doc, self);
  auto read = read_policy(selfdoc);
  if (!read || !solver_can_decide(*read)) return fast;  // Unknown values: never the solver
  iam::OpenAnswer again = iam::open_access(*read, actions, extra);
  if (again.answer != iam::Answer::Unknown) return again;
  // The engine's public question knows no extra confining keys (sts:ExternalId).
  if (!is_undecided(again) || !extra.empty()) return fast;

  const ExactCache& cache = ctx.shared<ExactCache>("rules.exact_open", [] { return ExactCache{}; });
  std::string key = selfdoc.debug();
  for (const std::string& a : actions) key += "\n" + a;
  key += "\n--";
  for (const std::string& e : extra) key += "\n" + e;
  size_t h = std::hash<std::string>{}(key);
  if (auto it = cache.answers.find(h); it != cache.answers.end()) return it->second;
  if (auto known = process_cache().find(h)) {
    cache.answers.emplace(h, *known);
    return *known;
  }
  if (cache.solver_questions >= kMaxSolverQuestions) return again;
  ++cache.solver_questions;

  iam::QuestionOptions opts;
  opts.actions = actions;
  opts.timeout_ms = 1000;
  iam::QuestionResult exact = iam::is_public(*read, opts);
  iam::OpenAnswer out;
  if (exact.answer == iam::Answer::Yes && exact.witness)
    out = from_witness(*read, *exact.witness, extra);
  else if (exact.answer == iam::Answer::No)
    out.answer = iam::Answer::No;
  else
    out = again;  // the solver could not decide either: Unknown, not reported
  cache.answers.emplace(h, out);
  // A timeout on a loaded machine is not kept for the process: another template may decide it.
  if (exact.answer != iam::Answer::Unknown) process_cache().put(h, out);
  return out;
}

}  // namespace kl::rules
