// The public question's confining ARN keys take finitely many candidate values, one per
// pattern. A value that must match several patterns at once (two conditions, an Allow
// and a Deny) needs a joint candidate, or the answer must be Unknown: never a wrong No.
#include <gtest/gtest.h>

#include <string>

#include "iam/evaluate.h"
#include "iam/parse.h"
#include "iam/questions.h"

namespace kl::iam {
namespace {

Policy policy(const std::string& conditions, const std::string& deny_conditions = "") {
  std::string stmt = R"({"Effect":"Allow","Principal":"*","Action":"sns:Publish",)"
                     R"("Resource":"arn:aws:sns:us-east-1:111122223333:topic","Condition":)" +
                     conditions + "}";
  if (!deny_conditions.empty())
    stmt += R"(,{"Effect":"Deny","Principal":"*","Action":"sns:Publish",)"
            R"("Resource":"arn:aws:sns:us-east-1:111122223333:topic","Condition":)" +
            deny_conditions + "}";
  model::Diagnostics d;
  auto p = parse_policy_json(R"({"Version":"2012-10-17","Statement":[)" + stmt + "]}",
                             model::intern_file("joint.json"), d);
  EXPECT_TRUE(p.has_value());
  return p ? *p : Policy{};
}

QuestionOptions solver_only() {
  QuestionOptions o;
  o.timeout_ms = 20000;
  o.fast_path = false;
  return o;
}

TEST(IamJointPatterns, PrefixAndSuffixOnOneArnIntersect) {
  Policy p = policy(R"({"StringLike":{"aws:SourceArn":"arn:aws:s3:::logs-*"},)"
                    R"("ArnLike":{"aws:SourceArn":"arn:aws:s3:::*-prod"}})");
  auto r = is_public(p, solver_only());
  ASSERT_EQ(answer_name(r.answer), std::string("yes")) << r.reason;
  ASSERT_TRUE(r.witness);
  const auto& arn = r.witness->request.context.at("aws:sourcearn").at(0);
  EXPECT_EQ(arn.rfind("arn:aws:s3:::logs-", 0), 0u) << arn;
  EXPECT_EQ(arn.substr(arn.size() - 5), "-prod") << arn;
  EXPECT_EQ(evaluate(p, r.witness->request).decision, Decision::Allow);
}

TEST(IamJointPatterns, DisjointPatternsStayNo) {
  Policy p = policy(R"({"StringLike":{"aws:SourceArn":"arn:aws:s3:::logs-*"},)"
                    R"("ArnLike":{"aws:SourceArn":"arn:aws:s3:::data-*"}})");
  EXPECT_EQ(answer_name(is_public(p, solver_only()).answer), std::string("no"));
}

TEST(IamJointPatterns, ThreeOneStarPatternsIntersect) {
  Policy p = policy(R"({"ArnLike":{"aws:SourceArn":"arn:aws:s3:::app-*"},)"
                    R"("StringLike":{"aws:SourceArn":"arn:aws:s3:::*-prod"},)"
                    R"("ForAnyValue:StringLike":{"aws:SourceArn":"arn:aws:s3:::app-x*"}})");
  auto r = is_public(p, solver_only());
  ASSERT_EQ(answer_name(r.answer), std::string("yes")) << r.reason;
  EXPECT_EQ(evaluate(p, r.witness->request).decision, Decision::Allow);
}

TEST(IamJointPatterns, ManyStarPrincipalArnPatternsAreUnknownNotNo) {
  // Two '*' per pattern: no joint candidate is built, so the answer may not be No.
  Policy p = policy(R"({"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/app-*"},)"
                    R"("StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/*-prod"}})");
  auto r = is_public(p, solver_only());
  EXPECT_NE(answer_name(r.answer), std::string("no")) << r.reason;
  if (r.answer == Answer::Unknown) EXPECT_NE(r.reason.find("aws:principalarn"), std::string::npos) << r.reason;
}

TEST(IamJointPatterns, UncoveredAllowMinusDenyIsUnknownNotNo) {
  // "logs-a" is allowed and not denied; the candidates all start "logs-k".
  Policy p = policy(R"({"ArnLike":{"aws:SourceArn":"arn:aws:s3:::logs-*"}})",
                    R"({"ArnLike":{"aws:SourceArn":"arn:aws:s3:::logs-k*"}})");
  auto r = is_public(p, solver_only());
  EXPECT_EQ(answer_name(r.answer), std::string("unknown"));
  EXPECT_NE(r.reason.find("aws:sourcearn"), std::string::npos) << r.reason;
}

TEST(IamJointPatterns, AllowMinusDisjointDenyStaysYes) {
  Policy p = policy(R"({"ArnLike":{"aws:SourceArn":"arn:aws:s3:::logs-*"}})",
                    R"({"ArnLike":{"aws:SourceArn":"arn:aws:s3:::data-*"}})");
  EXPECT_EQ(answer_name(is_public(p, solver_only()).answer), std::string("yes"));
}

}  // namespace
}  // namespace kl::iam
