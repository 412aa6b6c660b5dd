#include "cfn/resolver.h"

#include <gtest/gtest.h>

#include "load/yaml_reader.h"

namespace kl::cfn {
namespace {

using model::Value;

struct Loaded {
  Value doc;
  model::Diagnostics diags;
};

Value doc_of(const std::string& yaml) {
  model::Diagnostics d;
  auto v = load::parse_yaml(yaml, model::intern_file("r.yaml"), d);
  EXPECT_TRUE(v.has_value());
  return v ? *v : Value();
}

const char* kTemplate = R"(
Parameters:
  Env: {Type: String, Default: dev}
  NoDefault: {Type: String}
  Subnets: {Type: CommaDelimitedList, Default: "a, b,c"}
  Secret: {Type: String, NoEcho: true, Default: hunter2}
Mappings:
  Sizes:
    dev: {Mem: 128}
    prod: {Mem: 1024}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Unknowable: !Equals [!Ref NoDefault, x]
  Both: !And [!Condition NotProd, !Condition Unknowable]
  Either: !Or [!Condition NotProd, !Condition Unknowable]
Resources:
  Bucket: {Type: AWS::S3::Bucket}
  Props:
    Type: AWS::Test::Thing
    Properties:
      A: !Ref Env
      B: !Sub "${Env}-${AWS::Partition}"
      C: !Sub "arn:aws:s3:::${Bucket}/*"
      D: !Join ["-", [x, !Ref Env]]
      E: !Select [1, !Ref Subnets]
      F: !FindInMap [Sizes, !Ref Env, Mem]
      G: !If [IsProd, big, small]
      H: !If [Unknowable, on, !Ref AWS::NoValue]
      I: !GetAtt Bucket.Arn
      J: !Sub ["${X}-y", {X: !Ref Env}]
      K: !Sub "${!Literal}"
      L: !Split [",", "p,q"]
      M: !ImportValue shared-vpc
      N: !Ref Secret
      O: [!Ref AWS::NoValue, 1]
)";

TEST(Resolver, ResolvesIntrinsics) {
  Value doc = doc_of(kTemplate);
  model::Diagnostics diags;
  Resolver r(doc, {}, diags);
  Value p = r.resolve(*doc.get("Resources")->get("Props")->get("Properties"));
  EXPECT_EQ(p.get("A")->str(), "dev");
  EXPECT_EQ(p.get("B")->str(), "dev-aws");
  ASSERT_TRUE(p.get("C")->is_unknown());
  EXPECT_EQ(model::resource_ref(*p.get("C")), "Bucket");
  EXPECT_NE(p.get("C")->str().find("${Bucket}"), std::string::npos);
  EXPECT_EQ(p.get("D")->str(), "x-dev");
  EXPECT_EQ(p.get("E")->str(), "b");
  EXPECT_EQ(p.get("F")->str(), "128");
  EXPECT_EQ(p.get("G")->str(), "small");
  ASSERT_TRUE(p.get("H")->is_either());
  EXPECT_EQ(p.get("H")->items()[0].str(), "on");
  EXPECT_TRUE(p.get("H")->items()[1].is_absent());
  EXPECT_TRUE(p.get("I")->is_unknown());
  EXPECT_EQ(model::resource_ref(*p.get("I")), "Bucket");
  EXPECT_EQ(p.get("J")->str(), "dev-y");
  EXPECT_EQ(p.get("K")->str(), "${Literal}");
  ASSERT_TRUE(p.get("L")->is_list());
  EXPECT_EQ(p.get("L")->items().size(), 2u);
  EXPECT_TRUE(p.get("M")->is_unknown());
  EXPECT_EQ(p.get("N")->str(), "hunter2");
  EXPECT_EQ(model::parameter_ref(*p.get("N")).value_or(""), "Secret");
  ASSERT_TRUE(p.get("O")->is_list());
  EXPECT_EQ(p.get("O")->items().size(), 1u);
}

TEST(Resolver, OverridesChangeParametersAndConditions) {
  Value doc = doc_of(kTemplate);
  model::Diagnostics diags;
  Resolver r(doc, {{"Env", "prod"}, {"NoDefault", "x"}}, diags);
  EXPECT_EQ(r.condition("IsProd"), Tri::True);
  EXPECT_EQ(r.condition("Unknowable"), Tri::True);
  Value p = r.resolve(*doc.get("Resources")->get("Props")->get("Properties"));
  EXPECT_EQ(p.get("F")->str(), "1024");
  EXPECT_EQ(p.get("G")->str(), "big");
  EXPECT_EQ(p.get("H")->str(), "on");
}

TEST(Resolver, ThreeValuedConditions) {
  Value doc = doc_of(kTemplate);
  model::Diagnostics diags;
  Resolver r(doc, {}, diags);
  EXPECT_EQ(r.condition("IsProd"), Tri::False);
  EXPECT_EQ(r.condition("NotProd"), Tri::True);
  EXPECT_EQ(r.condition("Unknowable"), Tri::Unknown);
  EXPECT_EQ(r.condition("Both"), Tri::Unknown);
  EXPECT_EQ(r.condition("Either"), Tri::True);
  EXPECT_EQ(r.condition("Missing"), Tri::Unknown);
}

TEST(Resolver, MalformedIntrinsicsBecomeUnknownWithWarnings) {
  Value doc = doc_of(R"(
Conditions:
  Loop: !Condition Loop
Resources:
  X:
    Type: AWS::Test::Thing
    Properties:
      A: !Select [x]
      B: !Sub [1]
      C: !GetAtt 5
      D: !If [Missing, 1, 2]
      E: !FindInMap [Nope, a, b]
      F: !Ref NotThere
      G: !If [Loop, 1, 2]
)");
  model::Diagnostics diags;
  Resolver r(doc, {}, diags);
  Value p = r.resolve(*doc.get("Resources")->get("X")->get("Properties"));
  EXPECT_TRUE(p.get("A")->is_unknown());
  EXPECT_TRUE(p.get("B")->is_unknown());
  EXPECT_TRUE(p.get("C")->is_unknown());
  EXPECT_TRUE(p.get("D")->is_either());
  EXPECT_TRUE(p.get("E")->is_unknown());
  EXPECT_TRUE(p.get("F")->is_unknown());
  EXPECT_TRUE(p.get("G")->is_either());
  EXPECT_GE(diags.size(), 6u);
}

}  // namespace
}  // namespace kl::cfn
