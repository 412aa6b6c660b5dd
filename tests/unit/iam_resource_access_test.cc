// The fast path for resource policies (iam/resource_access.h): who is "anyone", which
// conditions confine callers, Denies that take a grant back; checked against the concrete
// evaluator on the requests it names.
#include "iam/resource_access.h"

#include <gtest/gtest.h>

#include "iam/evaluate.h"
#include "iam/parse.h"

namespace kl::iam {
namespace {

Policy parse(const std::string& json) {
  model::Diagnostics diags;
  auto p = parse_policy_json(json, model::intern_file("policy.json"), diags);
  EXPECT_TRUE(p.has_value()) << json;
  return p ? *p : Policy{};
}

const std::vector<std::string> kRead = {"s3:GetObject", "s3:ListBucket"};

std::string stmt(const std::string& body) { return R"({"Version":"2012-10-17","Statement":[)" + body + "]}"; }

// The evaluator must agree with a Yes: an outsider (anonymous, or a user of a foreign
// account) asking for the witness action on the statement's resource is allowed.
void evaluator_agrees(const Policy& p, const OpenAnswer& a) {
  ASSERT_EQ(a.answer, Answer::Yes);
  ASSERT_TRUE(a.grant.has_value());
  Request r;
  r.principal = a.grant->any_account ? "arn:aws:iam::999988887777:user/mallory" : "anonymous";
  r.action = a.grant->action;
  const Statement& s = p.statements[a.grant->statement];
  r.resource = s.resource.patterns.empty() ? "" : s.resource.patterns[0];
  for (char& c : r.resource)
    if (c == '*' || c == '?') c = 'x';
  r.set("aws:SecureTransport", "true");
  r.set("aws:SourceIp", "203.0.113.9");
  EXPECT_EQ(evaluate(p, r).decision, Decision::Allow) << "witness " << r.action << " on " << r.resource;
}

TEST(OpenAccess, EveryWildcardPrincipalFormIsAnyone) {
  for (const char* principal : {R"("*")", R"({"AWS":"*"})", R"({"AWS":["*"]})",
                                R"({"AWS":["arn:aws:iam::111122223333:root","*"]})"}) {
    Policy p = parse(stmt(std::string(R"({"Effect":"Allow","Principal":)") + principal +
                          R"(,"Action":"s3:GetObject","Resource":"arn:aws:s3:::web/*"})"));
    OpenAnswer a = open_access(p, kRead);
    EXPECT_EQ(a.answer, Answer::Yes) << principal;
    if (a.answer == Answer::Yes) evaluator_agrees(p, a);
  }
}

TEST(OpenAccess, NotPrincipalWithAllowIsAnyoneButAFew) {
  Policy p = parse(stmt(R"({"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/r"},
                            "Action":"s3:*","Resource":"arn:aws:s3:::b/*"})"));
  OpenAnswer a = open_access(p, kRead);
  ASSERT_EQ(a.answer, Answer::Yes);
  EXPECT_TRUE(a.grant->not_principal);
  EXPECT_EQ(a.grant->action, "s3:GetObject");
}

TEST(OpenAccess, ConfiningConditionsMakeItNotPublic) {
  for (const char* cond : {R"({"StringEquals":{"aws:SourceVpce":"vpce-1a2b"}})",
                           R"({"StringEquals":{"aws:PrincipalOrgID":"o-abc"}})",
                           R"({"IpAddress":{"aws:SourceIp":"198.51.100.0/24"}})",
                           R"({"ArnLike":{"aws:SourceArn":"arn:aws:cloudfront::111122223333:distribution/E1"}})",
                           R"({"StringEquals":{"AWS:SourceAccount":"111122223333"}})",
                           R"({"StringLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/*"}})"}) {
    Policy p = parse(stmt(std::string(R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObject",
                                         "Resource":"arn:aws:s3:::b/*","Condition":)") + cond + "}"));
    EXPECT_EQ(open_access(p, kRead).answer, Answer::No) << cond;
  }
}

TEST(OpenAccess, ConditionsAnyoneCanMeetStayPublicAndAreNamed) {
  for (const char* cond : {R"({"Bool":{"aws:SecureTransport":"true"}})",
                           R"({"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}})",
                           R"({"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1"}})",
                           R"({"StringNotEquals":{"aws:SourceVpce":"vpce-1"}})",
                           R"({"StringLike":{"aws:PrincipalOrgID":"*"}})",
                           R"({"Null":{"aws:SourceVpce":"false"}})"}) {
    Policy p = parse(stmt(std::string(R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObject",
                                         "Resource":"arn:aws:s3:::b/*","Condition":)") + cond + "}"));
    OpenAnswer a = open_access(p, kRead);
    ASSERT_EQ(a.answer, Answer::Yes) << cond;
    EXPECT_EQ(a.grant->caller_conditions.size(), 1u) << cond;
  }
}

TEST(OpenAccess, DenyForEveryoneTakesTheGrantBackUnlessItsConditionSparesCallers) {
  std::string allow = R"({"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*"})";
  // Same actions denied outright.
  EXPECT_EQ(open_access(parse(stmt(allow + R"(,{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"})")),
                        kRead).answer, Answer::No);
  // Denied for everyone outside the VPC endpoint: callers confined.
  EXPECT_EQ(open_access(parse(stmt(allow + R"(,{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*",
                                                "Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-9"}}})")),
                        kRead).answer, Answer::No);
  // Denied only over plain HTTP: anyone with TLS still reads.
  Policy tls = parse(stmt(allow + R"(,{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*",
                                      "Condition":{"Bool":{"aws:SecureTransport":"false"}}})"));
  OpenAnswer a = open_access(tls, kRead);
  ASSERT_EQ(a.answer, Answer::Yes);
  evaluator_agrees(tls, a);
  // A Deny on a narrower resource does not take back the whole grant.
  EXPECT_EQ(open_access(parse(stmt(allow + R"(,{"Effect":"Deny","Principal":"*","Action":"s3:*",
                                                "Resource":"arn:aws:s3:::b/private/*"})")),
                        kRead).answer, Answer::Yes);
  // A Deny on other actions changes nothing.
  EXPECT_EQ(open_access(parse(stmt(allow + R"(,{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"*"})")),
                        kRead).answer, Answer::Yes);
}

TEST(OpenAccess, ServicePrincipalsAccountsDenyOnlyAndOtherActionsAreNotPublic) {
  EXPECT_EQ(open_access(parse(stmt(R"({"Effect":"Allow","Principal":{"Service":"cloudfront.amazonaws.com"},
                                       "Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"})")), kRead).answer,
            Answer::No);
  EXPECT_EQ(open_access(parse(stmt(R"({"Effect":"Allow","Principal":{"AWS":"111122223333"},
                                       "Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"})")), kRead).answer,
            Answer::No);
  EXPECT_EQ(open_access(parse(stmt(R"({"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"*"})")),
                        kRead).answer, Answer::No);
  EXPECT_EQ(open_access(parse(stmt(R"({"Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"*"})")),
                        kRead).answer, Answer::No);
}

TEST(OpenAccess, WhatTheTemplateDoesNotSayIsUnknownNotNo) {
  model::Value doc = model::Value::map();
  model::Value st = model::Value::list();
  model::Value s = model::Value::map();
  s.set("Effect", model::Value::string("Allow"));
  s.set("Principal", model::Value::unknown("parameter 'Reader' has no default"));
  s.set("Action", model::Value::string("s3:GetObject"));
  s.set("Resource", model::Value::string("arn:aws:s3:::b/*"));
  st.push(s);
  doc.set("Statement", st);
  model::Diagnostics diags;
  auto p = parse_policy(doc, diags);
  ASSERT_TRUE(p.has_value());
  OpenAnswer a = open_access(*p, kRead);
  EXPECT_EQ(a.answer, Answer::Unknown);
  EXPECT_FALSE(a.why_unknown.empty());
}

TEST(OpenAccess, ExtraConfiningKeysAndAccountsGranted) {
  Policy trust = parse(stmt(R"({"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole",
                                "Condition":{"StringEquals":{"sts:ExternalId":"x-1"}}})"));
  EXPECT_EQ(open_access(trust, {"sts:AssumeRole"}).answer, Answer::Yes);  // not an Access Analyzer confinement
  EXPECT_EQ(open_access(trust, {"sts:AssumeRole"}, {"sts:externalid"}).answer, Answer::No);
  Policy shared = parse(stmt(R"({"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::444455556666:root",
                                  "arn:aws:iam::111122223333:role/app","*"]},"Action":"s3:GetObject","Resource":"*"})"));
  auto grants = accounts_granted(shared, "111122223333");
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants[0].account, "444455556666");
  EXPECT_EQ(accounts_granted(shared).size(), 2u);
}

}  // namespace
}  // namespace kl::iam

namespace kl::iam {
namespace {

TEST(OpenAccess, HostileSizesAnswerUnknownQuickly) {
  std::string body;
  for (int i = 0; i < 3000; ++i) {
    if (i) body += ",";
    body += R"({"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/x)" +
            std::to_string(i) + R"("})";
  }
  Policy p = parse(stmt(body));
  EXPECT_EQ(open_access(p, {"s3:GetObject"}).answer, Answer::Unknown);
}

}  // namespace
}  // namespace kl::iam
