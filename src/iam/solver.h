#pragma once
// The thin interface between the questions and an SMT solver. A query is a set of
// statements (already filtered by action: actions are concrete, never symbolic) and the
// shape of the requests to search; the solver answers whether some request is allowed,
// with the request when it is. Z3 implements it (z3_solver.cc); another solver would
// implement the same encoding (docs/iam.md) behind the same call.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "iam/evaluate.h"
#include "iam/policy.h"

namespace kl::iam {

enum class PrincipalMode {
  Public,        ///< a fresh account or web identity; confining keys take fresh values
  OtherAccount,  ///< any account but `owner`
  Any,           ///< any principal of any kind
};

struct SolverQuery {
  const Policy* policy = nullptr;
  /// The statements that cover the action, with whether they surely do (false: only
  /// because an Action element is unknown).
  std::vector<std::pair<size_t, bool>> statements;
  std::string action;  ///< representative action (for the witness)
  PrincipalMode mode = PrincipalMode::Any;
  std::string owner;  ///< OtherAccount: the owner account
  std::optional<std::string> resource;          ///< concrete resource, else symbolic
  std::optional<std::string> resource_pattern;  ///< symbolic resource within this pattern
  /// Accounts the policy names (fresh values avoid them).
  std::vector<std::string> named_accounts;
  unsigned timeout_ms = 2000;  ///< see QuestionOptions::timeout_ms
};

struct SolverResult {
  enum class Status { Sat, Unsat, Unknown } status = Status::Unknown;
  std::optional<Request> witness;  ///< with Sat
  std::string reason;              ///< with Unknown
};

class PolicySolver {
 public:
  virtual ~PolicySolver() = default;
  /// Under the pessimistic reading of unknown parts when `under` (Sat = surely allowed),
  /// the optimistic one otherwise (Unsat = surely not).
  virtual SolverResult solve(const SolverQuery& q, bool under) = 0;
};

/// The Z3 implementation. Not thread-safe: one per thread.
std::unique_ptr<PolicySolver> make_z3_solver();
/// This thread's solver (made on first use, kept for the thread's life).
PolicySolver& thread_solver();

/// Fresh values used for the public question (a 12-digit account the policy does not name).
std::string fresh_account(const std::vector<std::string>& named, int salt = 0);

}  // namespace kl::iam
