#include "rules/access.h"

#include <gtest/gtest.h>

#include "cfn/template_loader.h"
#include "load/yaml_reader.h"

namespace kl::rules {
namespace {

model::Model load(const std::string& yaml) {
  model::Diagnostics d;
  auto v = load::parse_yaml(yaml, model::intern_file("access.yaml"), d);
  EXPECT_TRUE(v.has_value());
  return cfn::load_template(*v, "access.yaml", {}, d);
}

TEST(Access, PossibleValuesFollowEitherBranches) {
  model::Model m = load(R"(
Parameters:
  Mode: {Type: String}
Conditions:
  Open: !Equals [!Ref Mode, open]
Resources:
  U:
    Type: AWS::Lambda::Url
    Properties:
      AuthType: !If [Open, NONE, AWS_IAM]
      Cors: !If [Open, {AllowOrigins: ["*"]}, !Ref AWS::NoValue]
)");
  const model::Resource* u = m.find("U");
  ASSERT_NE(u, nullptr);
  auto auth = possible_values(u->properties, {"AuthType"});
  ASSERT_EQ(auth.size(), 2u);
  EXPECT_TRUE(text_is(auth[0].value, "none"));
  EXPECT_TRUE(text_is(auth[1].value, "AWS_IAM"));
  auto origins = possible_values(u->properties, {"Cors", "AllowOrigins"});
  ASSERT_EQ(origins.size(), 2u);
  ASSERT_NE(origins[0].value, nullptr);
  EXPECT_EQ(origins[1].value, nullptr);  // absent on the else branch
  auto missing = possible_values(u->properties, {"Nope", "Deeper"});
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].value, nullptr);
  EXPECT_EQ(missing[0].loc.line, u->properties.loc().line);
}

TEST(Access, TruthAcceptsCloudFormationBooleans) {
  model::Value t = model::Value::string("True");
  model::Value f = model::Value::boolean(false);
  model::Value n = model::Value::number("42");
  model::Value u = model::Value::unknown("why");
  EXPECT_EQ(truth(&t), Truth::True);
  EXPECT_EQ(truth(&f), Truth::False);
  EXPECT_EQ(truth(&n), Truth::Invalid);
  EXPECT_EQ(truth(&u), Truth::Unknown);
  EXPECT_EQ(truth(nullptr), Truth::Absent);
  EXPECT_FALSE(text_is(&n, "NONE"));
  EXPECT_EQ(number(&n).value_or(0), 42);
}

TEST(Access, AdminLike) {
  EXPECT_TRUE(admin_like("AdminUserPool"));
  EXPECT_TRUE(admin_like("internal-api"));
  EXPECT_TRUE(admin_like("OpsApi"));
  EXPECT_TRUE(admin_like("team_ops"));
  EXPECT_TRUE(admin_like("BackOfficeUsers"));
  EXPECT_TRUE(admin_like("ManagementPool"));
  EXPECT_TRUE(admin_like("管理者プール"));
  EXPECT_FALSE(admin_like("ShopsPool"));
  EXPECT_FALSE(admin_like("CustomerPool"));
}

TEST(TemplateLoader, WrongTypesBecomeDiagnosticsNotCrashes) {
  model::Diagnostics d;
  auto v = load::parse_yaml(R"(
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  A: {Type: AWS::Lambda::Url, Properties: []}
  B: {Type: 7}
  C: [1, 2]
  D:
    Type: AWS::Lambda::Url
    Properties: {AuthType: 42}
)", model::intern_file("wrong.yaml"), d);
  ASSERT_TRUE(v.has_value());
  model::Model m = cfn::load_template(*v, "wrong.yaml", {}, d);
  EXPECT_NE(m.find("A"), nullptr);
  EXPECT_EQ(m.find("B"), nullptr);
  EXPECT_EQ(m.find("C"), nullptr);
  ASSERT_NE(m.find("D"), nullptr);
  EXPECT_EQ(d.size(), 3u);
  model::Diagnostics d2;
  auto nul = load::parse_yaml("AWSTemplateFormatVersion: x\nResources: null\n",
                              model::intern_file("null.yaml"), d2);
  model::Model m2 = cfn::load_template(*nul, "null.yaml", {}, d2);
  EXPECT_TRUE(m2.resources.empty());
  ASSERT_EQ(d2.size(), 1u);
  EXPECT_NE(d2[0].message.find("no 'Resources'"), std::string::npos);
}

TEST(TemplateLoader, FalseConditionsDropResourcesUnknownOnesAreKept) {
  model::Model m = load(R"(
Parameters:
  Env: {Type: String, Default: dev}
  Other: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Maybe: !Equals [!Ref Other, x]
Resources:
  ProdOnly: {Type: AWS::S3::Bucket, Condition: IsProd}
  MaybeThere: {Type: AWS::S3::Bucket, Condition: Maybe}
  Always: {Type: AWS::S3::Bucket, Properties: {BucketName: !Ref ProdOnly}}
)");
  EXPECT_EQ(m.find("ProdOnly"), nullptr);
  ASSERT_NE(m.find("MaybeThere"), nullptr);
  EXPECT_EQ(m.find("MaybeThere")->condition, "Maybe");
  ASSERT_NE(m.find("Always"), nullptr);
  ASSERT_EQ(m.find("Always")->edges.size(), 1u);
  EXPECT_EQ(m.find("Always")->edges[0].target, "ProdOnly");
}

}  // namespace
}  // namespace kl::rules

namespace kl::rules {
namespace {

TEST(Access, BelowAnUnknownValueIsUnknownNotAbsent) {
  model::Value props = model::Value::map();
  props.set("AdminCreateUserConfig", model::Value::unknown("Fn::ImportValue 'x'"));
  auto p = possible_values(props, {"AdminCreateUserConfig", "AllowAdminCreateUserOnly"});
  ASSERT_EQ(p.size(), 1u);
  ASSERT_NE(p[0].value, nullptr);
  EXPECT_EQ(truth(p[0].value), Truth::Unknown);
}

}  // namespace
}  // namespace kl::rules

namespace kl::rules {
namespace {

TEST(Access, VeryDeepEitherNestingIsUnknownNotAbsent) {
  model::Value v = model::Value::string("NONE");
  for (int i = 0; i < 100; ++i)
    v = model::Value::either("C" + std::to_string(i), std::move(v), model::Value::string("AWS_IAM"));
  model::Value props = model::Value::map();
  props.set("AuthType", std::move(v));
  auto p = possible_values(props, {"AuthType"});
  bool unknown_seen = false;
  for (const Possible& x : p) {
    ASSERT_NE(x.value, nullptr);
    if (x.value->is_unknown()) unknown_seen = true;
  }
  EXPECT_TRUE(unknown_seen);
}

}  // namespace
}  // namespace kl::rules
