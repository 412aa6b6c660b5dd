// Local AWS::Include transforms spliced in before resolution (load/aws_include.h): plain
// paths relative to the including file, JSON or YAML, nested, bounded; remote and
// intrinsic locations untouched; a missing file is a note, a malformed one an error.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "load/aws_include.h"
#include "load/yaml_reader.h"

namespace kl::load {
namespace {

namespace fs = std::filesystem;

struct Dir {
  fs::path root = fs::temp_directory_path() / ("kl_include_test_" + std::to_string(::getpid()));
  Dir() { fs::create_directories(root / "sub"); }
  ~Dir() { fs::remove_all(root); }
  void write(const std::string& rel, const std::string& text) const { std::ofstream(root / rel) << text; }
};

model::Value parse(const std::string& text, const fs::path& file, model::Diagnostics& d) {
  auto v = parse_yaml(text, model::intern_file(file.string()), d);
  EXPECT_TRUE(v.has_value());
  return v ? *v : model::Value::null();
}

bool has_level(const model::Diagnostics& d, model::DiagLevel level, const std::string& text) {
  for (const auto& x : d)
    if (x.level == level && x.message.find(text) != std::string::npos) return true;
  return false;
}

TEST(AwsInclude, SplicesLocalFilesNestedAndRelativeToTheirIncluder) {
  Dir dir;
  dir.write("api.yaml", "paths:\n  /a:\n    get: {}\nextra:\n  Fn::Transform: {Name: AWS::Include, Parameters: {Location: sub/more.json}}\n");
  dir.write("sub/more.json", "{\"nested\": {\"Fn::Transform\": {\"Name\": \"AWS::Include\", \"Parameters\": {\"Location\": \"leaf.yaml\"}}}}");
  dir.write("sub/leaf.yaml", "leaf: true\n");
  model::Diagnostics d;
  model::Value doc = parse(
      "Body:\n  Fn::Transform:\n    Name: AWS::Include\n    Parameters:\n      Location: api.yaml\n"
      "Remote:\n  Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://bucket/api.yaml}}\n"
      "Computed:\n  Fn::Transform: {Name: AWS::Include, Parameters: {Location: !Sub '${Dir}/api.yaml'}}\n",
      dir.root / "template.yaml", d);
  inline_local_includes(doc, dir.root.string(), {}, {}, d);
  EXPECT_TRUE(d.empty()) << d.front().str();
  const model::Value* body = doc.get("Body");
  ASSERT_TRUE(body && body->get("paths"));
  EXPECT_EQ(model::file_path(body->get("paths")->loc().file), (dir.root / "api.yaml").string());
  const model::Value* leaf = body->get("extra") ? body->get("extra")->get("nested") : nullptr;
  ASSERT_TRUE(leaf && leaf->get("leaf"));
  EXPECT_TRUE(doc.get("Remote")->get("Fn::Transform"));
  EXPECT_TRUE(doc.get("Computed")->get("Fn::Transform"));
}

TEST(AwsInclude, MissingIsANoteMalformedIsAnErrorLoopsAreBounded) {
  Dir dir;
  dir.write("bad.yaml", "a: [unclosed\n");
  dir.write("self.yaml", "again:\n  Fn::Transform: {Name: AWS::Include, Parameters: {Location: self.yaml}}\n");
  model::Diagnostics d;
  model::Value doc = parse(
      "Missing:\n  Fn::Transform: {Name: AWS::Include, Parameters: {Location: nowhere.yaml}}\n"
      "Bad:\n  Fn::Transform: {Name: AWS::Include, Parameters: {Location: bad.yaml}}\n"
      "Loop:\n  Fn::Transform: {Name: AWS::Include, Parameters: {Location: self.yaml}}\n"
      "Folder:\n  Fn::Transform: {Name: AWS::Include, Parameters: {Location: sub}}\n",
      dir.root / "template.yaml", d);
  inline_local_includes(doc, dir.root.string(), {}, {}, d);
  EXPECT_TRUE(has_level(d, model::DiagLevel::Note, "AWS::Include of 'nowhere.yaml' not read"));
  EXPECT_TRUE(has_level(d, model::DiagLevel::Note, "AWS::Include of 'sub' not read (not a regular file)"));
  EXPECT_FALSE(has_level(d, model::DiagLevel::Error, "nowhere.yaml"));
  EXPECT_TRUE(has_level(d, model::DiagLevel::Error, "malformed YAML"));
  EXPECT_TRUE(has_level(d, model::DiagLevel::Warning, "nested includes"));
  EXPECT_TRUE(doc.get("Missing")->get("Fn::Transform"));
  EXPECT_TRUE(doc.get("Bad")->get("Fn::Transform"));
}

}  // namespace
}  // namespace kl::load
