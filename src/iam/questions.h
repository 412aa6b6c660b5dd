#pragma once
// Questions about one policy, answered exactly (Zelkova-style): a fast path decides the
// easy cases, the SMT solver (solver.h) the rest. Every Yes carries a witness request that
// the concrete evaluator (evaluate.h) confirms; a timeout, an unsupported construct or a
// value unknown before deployment gives Unknown — never "safe".
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "iam/actions.h"
#include "iam/evaluate.h"
#include "iam/policy.h"

namespace kl::iam {

enum class Answer { No, Yes, Unknown };
const char* answer_name(Answer a);  ///< "no", "yes", "unknown"

/// A request the policy allows, found while answering.
struct Witness {
  Request request;
  std::string who;               ///< "anyone", "account 444455556666", "any principal"
  std::string resource_pattern;  ///< the Resource pattern of the allowing statement, if any
  size_t statement = 0;          ///< index of the allowing statement
  /// Context keys the allowing statement tests (the sentence names only these; the
  /// request may hold more, which other statements needed).
  std::vector<std::string> keys;
  /// "anyone can s3:PutObject on arn:aws:s3:::web-assets/* from any IP"
  std::string text() const;
};

struct QuestionOptions {
  /// Action patterns the question is about ("s3:*", "s3:GetObject"); empty = every action.
  std::vector<std::string> actions;
  /// For the whole question (all its solver calls); over it → Unknown. The latency budget is
  /// 200 ms worst case (bench/iam measures it); the timeout is 10× that so a loaded machine
  /// (CI runs tests in parallel) does not turn a decidable answer into Unknown.
  unsigned timeout_ms = 2000;
  bool fast_path = true;      ///< decide easy cases without the solver
  bool solver = true;         ///< false: only the fast path (Unknown where it cannot decide)
};

struct QuestionResult {
  Answer answer = Answer::Unknown;
  std::optional<Witness> witness;  ///< with Yes
  std::string reason;              ///< why Unknown (or a short note)
  bool decided_by_fast_path = false;
  unsigned solver_calls = 0;
};

/// Can an arbitrary principal — anyone, from any account, anonymous — be allowed one of the
/// actions? Confining conditions (aws:SourceVpce/SourceVpc, PrincipalOrgID/OrgPaths,
/// PrincipalAccount, SourceAccount/SourceArn/SourceOwner, SourceIp CIDRs, PrincipalArn or
/// userid naming an account, web-identity audiences) make it not public, as IAM Access
/// Analyzer reads them. Service principals are never public.
QuestionResult is_public(const Policy& policy, const QuestionOptions& opts = {});

/// Can a principal of an account other than `owner_account` be allowed one of the actions?
QuestionResult is_cross_account(const Policy& policy, std::string_view owner_account,
                                const QuestionOptions& opts = {});

/// Is `action` on `resource` allowed for some principal and request context?
QuestionResult allows(const Policy& policy, std::string_view action, std::string_view resource,
                      const QuestionOptions& opts = {});

/// What an identity policy allows, per Resource pattern, as action-class sets.
struct AccessSummary {
  struct Entry {
    std::string resource;  ///< a Resource pattern of an Allow statement ("*" for NotResource)
    std::map<ActionClass, std::vector<std::string>> actions;  ///< allowed on some match of it
  };
  std::vector<Entry> entries;
  Answer complete = Answer::Yes;  ///< Unknown when some action could not be decided
  std::string reason;
};
AccessSummary summarize(const Policy& policy, const QuestionOptions& opts = {});

}  // namespace kl::iam
