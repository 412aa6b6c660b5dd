#include "load/yaml_reader.h"

#include <gtest/gtest.h>

namespace kl::load {
namespace {

using model::Value;

Value parse_ok(const std::string& text) {
  model::Diagnostics d;
  auto v = parse_yaml(text, model::intern_file("t.yaml"), d);
  EXPECT_TRUE(v.has_value()) << (d.empty() ? "" : d[0].str());
  return v ? *v : Value();
}

TEST(YamlReader, ScalarsGetTypesAndPositions) {
  Value v = parse_ok("a: 1\nb: true\nc: 'true'\nd: ~\ne: text\nf: 0x1F\ng: 1.5e3\n");
  ASSERT_TRUE(v.is_map());
  EXPECT_TRUE(v.get("a")->is_number());
  EXPECT_TRUE(v.get("b")->is_bool());
  EXPECT_TRUE(v.get("c")->is_string());  // quoted: stays a string
  EXPECT_TRUE(v.get("d")->is_null());
  EXPECT_EQ(v.get("e")->str(), "text");
  EXPECT_TRUE(v.get("f")->is_number());
  EXPECT_TRUE(v.get("g")->is_number());
  EXPECT_EQ(v.get("e")->loc().line, 5u);
  EXPECT_EQ(v.get("e")->loc().column, 4u);
  EXPECT_EQ(v.member("e")->key_loc.column, 1u);
}

TEST(YamlReader, ShortFormTagsBecomeLongForm) {
  Value v = parse_ok(
      "a: !Ref Bucket\n"
      "b: !GetAtt Fn.Arn\n"
      "c: !Sub 'arn:${AWS::Partition}:s3:::x'\n"
      "d: !If [Cond, 1, 2]\n"
      "e: !Condition IsProd\n"
      "f: !Join\n  - ''\n  - [a, b]\n");
  EXPECT_EQ(v.get("a")->get("Ref")->str(), "Bucket");
  EXPECT_EQ(v.get("b")->get("Fn::GetAtt")->str(), "Fn.Arn");
  EXPECT_TRUE(v.get("c")->get("Fn::Sub")->is_string());
  ASSERT_TRUE(v.get("d")->get("Fn::If")->is_list());
  EXPECT_EQ(v.get("d")->get("Fn::If")->items().size(), 3u);
  EXPECT_EQ(v.get("e")->get("Condition")->str(), "IsProd");
  EXPECT_TRUE(v.get("f")->get("Fn::Join")->is_list());
}

TEST(YamlReader, AliasesAndMergeKeys) {
  Value v = parse_ok(
      "base: &b\n  x: 1\n  y: 2\n"
      "derived:\n  <<: *b\n  y: 3\n"
      "copy: *b\n");
  EXPECT_EQ(v.get("derived")->get("x")->str(), "1");
  EXPECT_EQ(v.get("derived")->get("y")->str(), "3");
  EXPECT_EQ(v.get("copy")->get("y")->str(), "2");
}

TEST(YamlReader, SyntaxErrorHasPosition) {
  model::Diagnostics d;
  auto v = parse_yaml("a: 1\nb: [1, 2\nc: 3\n", model::intern_file("bad.yaml"), d);
  EXPECT_FALSE(v.has_value());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].loc.line, 3u);
  EXPECT_NE(d[0].str().find("bad.yaml:3:"), std::string::npos) << d[0].str();
  EXPECT_NE(d[0].str().find("error: malformed YAML"), std::string::npos) << d[0].str();
}

TEST(YamlReader, AliasBombStopsAtBudget) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + prev;
    bomb += "]\n";
    prev = c;
  }
  model::Diagnostics d;
  auto v = parse_yaml(bomb, model::intern_file("bomb.yaml"), d);
  EXPECT_FALSE(v.has_value());
  ASSERT_FALSE(d.empty());
  EXPECT_NE(d[0].message.find("alias"), std::string::npos);
}

TEST(YamlReader, DeepNestingIsAnError) {
  std::string deep(600, '[');
  model::Diagnostics d;
  auto v = parse_yaml(deep, model::intern_file("deep.yaml"), d);
  EXPECT_FALSE(v.has_value());
  ASSERT_FALSE(d.empty());
  EXPECT_NE(d[0].message.find("nesting deeper than 512"), std::string::npos) << d[0].message;
}

TEST(YamlReader, DuplicateKeyWarnsAndLastWins) {
  model::Diagnostics d;
  auto v = parse_yaml("a: 1\na: 2\n", model::intern_file("dup.yaml"), d);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->get("a")->str(), "2");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].level, model::DiagLevel::Warning);
}

}  // namespace
}  // namespace kl::load
