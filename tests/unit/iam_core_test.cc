// The IAM policy model: parser (JSON text and template values), wildcard matching, the
// action catalogue and the concrete evaluator.
#include <gtest/gtest.h>

#include "iam/actions.h"
#include "iam/evaluate.h"
#include "iam/match.h"
#include "iam/parse.h"
#include "iam/scalars.h"

namespace kl::iam {
namespace {

Policy parse(std::string_view json, model::Diagnostics* out = nullptr) {
  model::Diagnostics diags;
  auto p = parse_policy_json(json, model::intern_file("test.json"), diags);
  if (out) *out = diags;
  EXPECT_TRUE(p.has_value());
  return p ? *p : Policy{};
}

TEST(IamParse, AllPrincipalForms) {
  auto p = parse(R"({"Version":"2012-10-17","Statement":[
    {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"},
    {"Effect":"Allow","Principal":{"AWS":["*","111122223333","arn:aws:iam::444455556666:role/R"],
      "Service":"lambda.amazonaws.com","Federated":"cognito-identity.amazonaws.com",
      "CanonicalUser":"79a59df900b949e5"},"Action":["s3:*"]}]})");
  ASSERT_EQ(p.statements.size(), 2u);
  EXPECT_TRUE(p.statements[0].principal.entries[0].is_wildcard());
  const auto& e = p.statements[1].principal.entries;
  ASSERT_EQ(e.size(), 6u);
  EXPECT_TRUE(e[0].is_wildcard());
  EXPECT_TRUE(e[1].is_account());
  EXPECT_EQ(e[2].account(), "444455556666");
  EXPECT_FALSE(e[2].is_account());
  EXPECT_EQ(e[3].kind, PrincipalEntry::Kind::Service);
  EXPECT_EQ(e[5].kind, PrincipalEntry::Kind::CanonicalUser);
}

TEST(IamParse, ConditionOperators) {
  Condition c;
  ASSERT_TRUE(parse_condition_operator("ForAllValues:StringNotLikeIfExists", c));
  EXPECT_EQ(c.qualifier, SetQualifier::ForAllValues);
  EXPECT_TRUE(c.negated);
  EXPECT_TRUE(c.if_exists);
  EXPECT_EQ(c.cmp, CondCmp::Like);
  ASSERT_TRUE(parse_condition_operator("NotIpAddress", c));
  EXPECT_EQ(c.family, CondFamily::Ip);
  EXPECT_TRUE(c.negated);
  ASSERT_TRUE(parse_condition_operator("DateGreaterThanEquals", c));
  EXPECT_EQ(c.cmp, CondCmp::GreaterEquals);
  EXPECT_FALSE(parse_condition_operator("StringSortOf", c));
  EXPECT_FALSE(parse_condition_operator("NullIfExists", c));
}

TEST(IamParse, MalformedGivesDiagnosticsWithLines) {
  model::Diagnostics d;
  auto p = parse("{\"Statement\": [\n {\"Effect\": \"Maybe\", \"Action\": \"s3:*\"},\n 42,\n"
                 " {\"Effect\": \"Allow\", \"Action\": \"*\", \"Condition\": {\"StringFoo\": {\"a\": \"b\"}}}]}",
                 &d);
  ASSERT_GE(d.size(), 3u);
  EXPECT_EQ(d[0].loc.line, 2u);
  EXPECT_NE(d[0].message.find("'Effect' must be 'Allow' or 'Deny'"), std::string::npos);
  EXPECT_EQ(d[1].loc.line, 3u);
  EXPECT_EQ(d[2].message, "unknown condition operator 'StringFoo'");
  EXPECT_TRUE(p.has_unknown());  // never silently dropped
}

TEST(IamParse, PolicyAsJsonStringInTemplate) {
  model::Diagnostics d;
  auto v = model::Value::string(R"({"Statement":{"Effect":"Deny","Action":"*","Resource":"*"}})",
                                {model::intern_file("t.yaml"), 7, 3});
  auto p = parse_policy(v, d);
  ASSERT_TRUE(p);
  ASSERT_EQ(p->statements.size(), 1u);
  EXPECT_EQ(p->statements[0].effect, Effect::Deny);
  auto bad = parse_policy(model::Value::string("{not json", {model::intern_file("t.yaml"), 9, 1}), d);
  EXPECT_FALSE(bad);
  EXPECT_EQ(d.back().loc.line, 9u);
}

TEST(IamParse, UnknownTemplateValueStaysUnknown) {
  model::Diagnostics d;
  auto doc = model::Value::map();
  auto st = model::Value::map();
  st.set("Effect", model::Value::string("Allow"));
  st.set("Action", model::Value::string("s3:GetObject"));
  st.set("Resource", model::Value::unknown("Fn::GetAtt Bucket.Arn"));
  auto list = model::Value::list();
  list.push(st);
  doc.set("Statement", list);
  auto p = parse_policy(doc, d);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->statements[0].resource.unknown);
  EXPECT_TRUE(p->has_unknown());
  Request r;
  r.action = "s3:GetObject";
  r.resource = "arn:aws:s3:::b/k";
  EXPECT_EQ(evaluate(*p, r).decision, Decision::Unknown);
}

TEST(IamMatch, Wildcards) {
  EXPECT_TRUE(wildcard_match("arn:aws:s3:::b/*", "arn:aws:s3:::b/x/y"));
  EXPECT_TRUE(wildcard_match("a?c", "abc"));
  EXPECT_FALSE(wildcard_match("a?c", "ac"));
  EXPECT_FALSE(wildcard_match("S3:GetObject", "s3:getobject"));
  EXPECT_TRUE(wildcard_match("S3:Get*", "s3:getobject", true));
  VariableLookup vars = [](std::string_view k) -> std::optional<std::string> {
    if (k == "aws:username") return "alice";
    return std::nullopt;
  };
  EXPECT_TRUE(pattern_match("home/${aws:username}/*", "home/alice/x", false, true, &vars));
  EXPECT_FALSE(pattern_match("home/${aws:username}/*", "home/bob/x", false, true, &vars));
  EXPECT_FALSE(pattern_match("${aws:userid}", "x", false, true, &vars));
  EXPECT_TRUE(pattern_match("${aws:userid, 'x'}", "x", false, true, &vars));
  EXPECT_TRUE(pattern_match("a${*}", "a*", false, true, &vars));
  EXPECT_FALSE(pattern_match("a${*}", "ab", false, true, &vars));
}

TEST(IamScalars, IpAndDates) {
  auto c = parse_cidr("203.0.113.0/24");
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->contains(*parse_ip("203.0.113.9")));
  EXPECT_FALSE(c->contains(*parse_ip("203.0.114.9")));
  auto c6 = parse_cidr("2001:db8::/32");
  ASSERT_TRUE(c6);
  EXPECT_TRUE(c6->contains(*parse_ip("2001:db8:1::5")));
  EXPECT_FALSE(c6->contains(*parse_ip("203.0.113.9")));
  EXPECT_FALSE(parse_cidr("10.0.0.0/33"));
  EXPECT_EQ(parse_date("1970-01-02"), 86400);
  EXPECT_EQ(parse_date("2026-11-23T10:00:00Z"), parse_date("2026-11-23T19:00:00+09:00"));
  EXPECT_FALSE(parse_date("2026-13-01"));
}

TEST(IamActions, CatalogueFromBotocoreWithDifferences) {
  const auto& cat = ActionCatalog::builtin();
  EXPECT_GT(cat.all().size(), 10000u);
  EXPECT_TRUE(cat.find("s3:ListBucket"));
  EXPECT_FALSE(cat.find("s3:ListObjectsV2"));  // authorised as s3:ListBucket
  EXPECT_TRUE(cat.find("iam:PassRole"));
  EXPECT_TRUE(cat.find("lambda:InvokeFunction"));
  EXPECT_TRUE(cat.find("apigateway:GET"));
  EXPECT_TRUE(cat.find("cloudwatch:PutMetricData"));
  EXPECT_EQ(cat.find("S3:GETOBJECT")->name, "s3:GetObject");
  auto gets = cat.expand("s3:Get*");
  EXPECT_GT(gets.size(), 20u);
  for (auto i : gets) EXPECT_EQ(cat.all()[i].key.rfind("s3:get", 0), 0u);
  EXPECT_EQ(cat.expand("nosuchservice:*").size(), 0u);
  EXPECT_EQ(cat.expand("*").size(), cat.all().size());
}

TEST(IamActions, Classes) {
  EXPECT_EQ(classify("s3:PutBucketPolicy"), ActionClass::PermissionsManagement);
  EXPECT_EQ(classify("iam:AttachRolePolicy"), ActionClass::PermissionsManagement);
  EXPECT_EQ(classify("lambda:AddPermission"), ActionClass::PermissionsManagement);
  EXPECT_EQ(classify("s3:ListBucket"), ActionClass::List);
  EXPECT_EQ(classify("dynamodb:Query"), ActionClass::Read);
  EXPECT_EQ(classify("s3:PutObject"), ActionClass::Write);
  EXPECT_EQ(classify("kms:Decrypt"), ActionClass::Write);  // explicit table
  EXPECT_EQ(classify("iam:GetPolicy"), ActionClass::Read);
}

TEST(IamEvaluate, DenyBeatsAllowBeatsImplicit) {
  auto p = parse(R"({"Version":"2012-10-17","Statement":[
    {"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*"},
    {"Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"*"}]})");
  Request r;
  r.action = "s3:GetObject";
  r.resource = "arn:aws:s3:::b/k";
  EXPECT_EQ(evaluate(p, r).decision, Decision::Allow);
  r.action = "s3:DeleteObject";
  EXPECT_EQ(evaluate(p, r).decision, Decision::ExplicitDeny);
  r.action = "sqs:SendMessage";
  EXPECT_EQ(evaluate(p, r).decision, Decision::ImplicitDeny);
}

TEST(IamEvaluate, PrincipalsAndConditions) {
  auto p = parse(R"({"Version":"2012-10-17","Statement":[
    {"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sqs:SendMessage",
     "Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]},
                  "ForAnyValue:StringLike":{"aws:TagKeys":["env*"]},
                  "StringEqualsIfExists":{"aws:SourceVpce":"vpce-1"}}}]})");
  Request r;
  r.principal = "arn:aws:sts::111122223333:assumed-role/App/s1";
  r.action = "SQS:sendmessage";
  r.set("aws:SourceIp", "10.1.2.3");
  r.set("aws:TagKeys", "team");
  r.set("aws:TagKeys", "environment");
  EXPECT_EQ(evaluate(p, r).decision, Decision::Allow);
  r.context["aws:sourcevpce"] = {"vpce-2"};
  EXPECT_EQ(evaluate(p, r).decision, Decision::ImplicitDeny);
  r.context.erase("aws:sourcevpce");
  r.context["aws:sourceip"] = {"2001:db8::7"};
  EXPECT_EQ(evaluate(p, r).decision, Decision::Allow);
  r.principal = "arn:aws:iam::999999999999:user/x";
  EXPECT_EQ(evaluate(p, r).decision, Decision::ImplicitDeny);
}

TEST(IamEvaluate, NotPrincipalNotActionNullAndNumbers) {
  auto p = parse(R"({"Version":"2012-10-17","Statement":[
    {"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/Admin"},
     "NotAction":"s3:Delete*","Resource":"*",
     "Condition":{"Null":{"aws:MultiFactorAuthAge":"false"},
                  "NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}}]})");
  Request r;
  r.principal = "arn:aws:iam::999999999999:user/x";
  r.action = "s3:PutObject";
  r.resource = "arn:aws:s3:::b/k";
  EXPECT_EQ(evaluate(p, r).decision, Decision::ImplicitDeny);  // no MFA age: Null false fails
  r.set("aws:MultiFactorAuthAge", "60");
  EXPECT_EQ(evaluate(p, r).decision, Decision::Allow);
  r.action = "s3:DeleteObject";
  EXPECT_EQ(evaluate(p, r).decision, Decision::ImplicitDeny);
  r.action = "s3:PutObject";
  r.principal = "arn:aws:iam::111122223333:role/Admin";
  EXPECT_EQ(evaluate(p, r).decision, Decision::ImplicitDeny);
}

TEST(IamPolicy, MergedPoliciesDenyWins) {
  auto a = parse(R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}})");
  auto b = parse(R"({"Version":"2008-10-17","Statement":{"Effect":"Deny","Action":"iam:*","Resource":"*"}})");
  Policy m = merge_policies({&a, &b});
  EXPECT_EQ(m.version, "2012-10-17");
  ASSERT_EQ(m.statements.size(), 2u);
  Request r;
  r.action = "iam:PassRole";
  r.resource = "arn:aws:iam::111122223333:role/x";
  EXPECT_EQ(evaluate(m, r).decision, Decision::ExplicitDeny);
  r.action = "s3:GetObject";
  EXPECT_EQ(evaluate(m, r).decision, Decision::Allow);
}

}  // namespace
}  // namespace kl::iam
