// libFuzzer target: random bytes as an IAM policy document (JSON) through the parser, the
// evaluator and the fast-path questions. Bad input must only ever produce diagnostics.
// The solver is left out on purpose: its time limits make runs nondeterministic, and its
// input is the parsed model this target already covers.
#include <cstddef>
#include <cstdint>
#include <string>

#include "iam/evaluate.h"
#include "iam/parse.h"
#include "iam/questions.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  kl::model::Diagnostics diags;
  auto policy = kl::iam::parse_policy_json(text, kl::model::intern_file("fuzz/policy.json"), diags);
  if (!policy) return 0;
  kl::iam::Request r;
  r.principal = "arn:aws:iam::111122223333:role/R";
  r.action = "s3:GetObject";
  r.resource = "arn:aws:s3:::bucket/key";
  r.set("aws:SourceIp", "203.0.113.7");
  r.set("aws:username", "alice");
  kl::iam::evaluate(*policy, r);
  kl::iam::QuestionOptions fast;
  fast.solver = false;
  fast.actions = {"s3:*"};  // keeps one run short: a few hundred actions, not all
  kl::iam::is_public(*policy, fast);
  kl::iam::is_cross_account(*policy, "111122223333", fast);
  return 0;
}
