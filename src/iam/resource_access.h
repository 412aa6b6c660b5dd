#pragma once
// Who a resource policy (bucket, key, function, trust policy) lets in, decided on the parsed
// policy without the solver: the fast path for the rules. It answers exactly the questions
// the rules ask, conservatively:
//   - open_access: can an arbitrary principal (anonymous or any AWS account) be allowed one
//     of some actions? Conditions that confine callers (aws:SourceVpce, aws:PrincipalOrgID,
//     aws:SourceAccount/SourceArn, aws:SourceIp ranges, aws:PrincipalArn naming an account,
//     kms:CallerAccount, ...) make it not open, as IAM Access Analyzer does;
//     any other condition is one the caller can meet and is named in the witness. An
//     explicit Deny for everyone without a condition, or whose condition confines callers
//     ("deny unless from my VPC endpoint"), removes the grant.
//   - accounts_granted: the 12-digit accounts named as principals of Allow statements.
// Unknown parts (a value the template does not say) answer Unknown, never No or Yes.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iam/policy.h"
#include "iam/questions.h"  // Answer

namespace kl::iam {

struct OpenGrant {
  size_t statement = 0;   ///< index of the allowing statement
  std::string action;     ///< one action of the question it allows ("s3:GetObject")
  bool any_account = false;  ///< {"AWS": "*"}: every AWS account (anonymous too); false: "*"
  bool not_principal = false;  ///< granted through NotPrincipal
  /// Conditions the caller must (and can) meet, as "key op values" texts.
  std::vector<std::string> caller_conditions;
};

/// why_unknown starts with this when the policy is fully known but uses a construct this
/// check does not read (a Deny with NotPrincipal, a set qualifier on a confining key): the
/// engine's exact question (is_public) can decide it.
inline constexpr const char* kUndecided = "undecided without the solver";

struct OpenAnswer {
  Answer answer = Answer::No;
  std::optional<OpenGrant> grant;  ///< set when answer is Yes
  std::string why_unknown;
};

/// Can an arbitrary principal be allowed any of `actions` (concrete names, any case)?
/// `extra_confining` adds condition keys (lower-case) that confine callers for this question.
OpenAnswer open_access(const Policy& policy, const std::vector<std::string>& actions,
                       const std::vector<std::string>& extra_confining = {});

/// Does condition `c` confine who the caller can be (so a wildcard principal is not "anyone")?
bool confines_callers(const Condition& c, const std::vector<std::string>& extra_confining = {});

struct AccountGrant {
  size_t statement = 0;
  std::string account;  ///< "111122223333"
  std::string principal;  ///< as written
  model::Location loc;
};

/// Accounts (other than `own_account`, when known) that Allow statements name as principals.
std::vector<AccountGrant> accounts_granted(const Policy& policy, std::string_view own_account = {});

/// Does a statement's action element cover `action`? (Action patterns or NotAction.)
bool statement_covers_action(const Statement& s, std::string_view action);

/// "StringEquals aws:SourceVpce [vpce-1]" for messages.
std::string condition_text(const Condition& c);

}  // namespace kl::iam
