#include "load/json_reader.h"

#include <gtest/gtest.h>

namespace kl::load {
namespace {

TEST(JsonReader, ValuesAndPositions) {
  model::Diagnostics d;
  auto v = parse_json("{\n  \"a\": 1,\n  \"b\": [true, null, \"x\"],\n  \"c\": {\"d\": 2.5}\n}",
                      model::intern_file("t.json"), d);
  ASSERT_TRUE(v.has_value());
  EXPECT_TRUE(v->get("a")->is_number());
  EXPECT_EQ(v->get("a")->loc().line, 2u);
  EXPECT_EQ(v->get("a")->loc().column, 8u);
  EXPECT_EQ(v->member("a")->key_loc.column, 3u);
  const auto& b = v->get("b")->items();
  ASSERT_EQ(b.size(), 3u);
  EXPECT_TRUE(b[0].is_bool());
  EXPECT_TRUE(b[1].is_null());
  EXPECT_EQ(b[2].str(), "x");
  EXPECT_EQ(v->get("c")->get("d")->str(), "2.5");
  EXPECT_EQ(v->get("c")->get("d")->loc().line, 4u);
}

TEST(JsonReader, SyntaxErrorIsReported) {
  model::Diagnostics d;
  auto v = parse_json("{\"a\": [1, 2,, 3]}", model::intern_file("bad.json"), d);
  EXPECT_FALSE(v.has_value());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].str().find("bad.json:1:"), std::string::npos) << d[0].str();
  EXPECT_NE(d[0].message.find("malformed JSON"), std::string::npos);
}

TEST(JsonReader, DeepNestingIsAnError) {
  std::string deep = std::string(600, '[') + std::string(600, ']');
  model::Diagnostics d;
  auto v = parse_json(deep, model::intern_file("deep.json"), d);
  EXPECT_FALSE(v.has_value());
  ASSERT_FALSE(d.empty());
}

TEST(JsonReader, EscapedKeysAndStrings) {
  model::Diagnostics d;
  auto v = parse_json(R"({"Fn::Sub": "a\"b\u00e9"})", model::intern_file("e.json"), d);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->get("Fn::Sub")->str(), "a\"b\xc3\xa9");
}

}  // namespace
}  // namespace kl::load

namespace kl::load {
namespace {

TEST(JsonReader, ByteOrderMarkIsAccepted) {
  model::Diagnostics d;
  auto v = parse_json("\xEF\xBB\xBF{\n  \"a\": 1}", model::intern_file("bom.json"), d);
  ASSERT_TRUE(v.has_value()) << (d.empty() ? "" : d[0].str());
  EXPECT_EQ(v->get("a")->loc().line, 2u);
  EXPECT_EQ(v->get("a")->loc().column, 8u);
}

}  // namespace
}  // namespace kl::load
