// Serverless Framework variables: each source, fallbacks, nesting, cycles and Unknown.
#include <gtest/gtest.h>

#include <map>

#include "load/yaml_reader.h"
#include "serverless/variables.h"

namespace kl::serverless {
namespace {

using model::Value;

/// Included files served from memory, keyed by the path the resolver asks for.
IncludeReader memory_reader(std::map<std::string, std::string> files) {
  return [files](const std::string& path, std::string& why) -> std::optional<IncludedFile> {
    auto it = files.find(path);
    if (it == files.end()) {
      why = "no such file";
      return std::nullopt;
    }
    return IncludedFile{path, path, it->second};
  };
}

struct Resolved {
  Value doc;
  model::Diagnostics diags;
};

Resolved resolve(const std::string& yaml, std::map<std::string, std::string> options = {},
                 std::map<std::string, std::string> files = {}) {
  Resolved r;
  auto doc = load::parse_yaml(yaml, model::intern_file("/proj/serverless.yml"), r.diags);
  EXPECT_TRUE(doc.has_value()) << (r.diags.empty() ? "" : r.diags[0].str());
  if (!doc) return r;
  VariableOptions vo;
  vo.options = std::move(options);
  vo.base_dir = "/proj";
  vo.reader = memory_reader(std::move(files));
  VariableResolver v(*doc, std::move(vo), r.diags);
  r.doc = v.resolve_document();
  return r;
}

const Value& at(const Value& doc, std::initializer_list<const char*> path) {
  static const Value missing = Value::unknown("<missing in test>");
  const Value* cur = &doc;
  for (const char* k : path) {
    cur = cur->get(k);
    if (!cur) return missing;
  }
  return *cur;
}

TEST(ServerlessVariables, SelfPathsNestedAndWholeValues) {
  Resolved r = resolve(
      "service: shop\n"
      "custom:\n"
      "  stage: prod\n"
      "  bucket: ${self:service}-${self:custom.stage}-assets\n"
      "  names:\n"
      "    prod: live\n"
      "  obj: {a: 1}\n"
      "  list: [x, y]\n"
      "a: ${self:custom.bucket}\n"
      "b: arn:aws:s3:::${self:custom.bucket}/*\n"
      "c: ${self:custom.names.${self:custom.stage}}\n"
      "d: ${self:custom.obj}\n"
      "e: ${self:custom.list.1}\n");
  EXPECT_EQ(at(r.doc, {"a"}).str(), "shop-prod-assets");
  EXPECT_EQ(at(r.doc, {"b"}).str(), "arn:aws:s3:::shop-prod-assets/*");
  EXPECT_EQ(at(r.doc, {"c"}).str(), "live");
  ASSERT_TRUE(at(r.doc, {"d"}).is_map());
  EXPECT_EQ(at(r.doc, {"d", "a"}).number_value(), 1);
  EXPECT_EQ(at(r.doc, {"d"}).loc().line, 7u);  // the value keeps where it was defined
  EXPECT_EQ(at(r.doc, {"e"}).str(), "y");
  EXPECT_TRUE(r.diags.empty()) << r.diags[0].str();
}

TEST(ServerlessVariables, DefaultsAndOptions) {
  const char* yaml =
      "stage: ${opt:stage, 'dev'}\n"
      "region: ${opt:region, \"eu-west-1\"}\n"
      "missing: ${self:custom.nope, 'fallback'}\n"
      "chain: ${self:custom.nope, ${opt:stage, 'chained'}}\n"
      "legacy: ${opt:stage, self:other}\n"
      "other: from-self\n"
      "num: ${opt:count, 3}\n"
      "nodefault: ${opt:stage}\n";
  Resolved none = resolve(yaml);
  EXPECT_EQ(at(none.doc, {"stage"}).str(), "dev");
  EXPECT_EQ(at(none.doc, {"region"}).str(), "eu-west-1");
  EXPECT_EQ(at(none.doc, {"missing"}).str(), "fallback");
  EXPECT_EQ(at(none.doc, {"chain"}).str(), "chained");
  EXPECT_EQ(at(none.doc, {"legacy"}).str(), "from-self");
  EXPECT_TRUE(at(none.doc, {"num"}).is_number());
  ASSERT_TRUE(at(none.doc, {"nodefault"}).is_unknown());
  EXPECT_NE(at(none.doc, {"nodefault"}).str().find("option '--stage' is not given"), std::string::npos);

  Resolved prod = resolve(yaml, {{"stage", "prod"}});
  EXPECT_EQ(at(prod.doc, {"stage"}).str(), "prod");
  EXPECT_EQ(at(prod.doc, {"chain"}).str(), "prod");
  EXPECT_EQ(at(prod.doc, {"nodefault"}).str(), "prod");
}

// `${self:provider.region}` / `${self:provider.stage}` when the file sets neither: the
// framework's own defaults (us-east-1, dev) or the command-line options, no warning.
TEST(ServerlessVariables, ProviderRegionAndStageHaveTheFrameworksDefaults) {
  const std::string yaml = "provider:\n  name: aws\nr: ${self:provider.region}\ns: ${self:provider.stage}\n";
  Resolved none = resolve(yaml);
  EXPECT_EQ(none.doc.get("r")->str(), "us-east-1");
  EXPECT_EQ(none.doc.get("s")->str(), "dev");
  EXPECT_TRUE(none.diags.empty()) << none.diags.front().str();
  Resolved opts = resolve(yaml, {{"region", "eu-west-1"}, {"stage", "prod"}});
  EXPECT_EQ(opts.doc.get("r")->str(), "eu-west-1");
  EXPECT_EQ(opts.doc.get("s")->str(), "prod");
  Resolved set = resolve("provider:\n  name: aws\n  region: ap-northeast-1\nr: ${self:provider.region}\n");
  EXPECT_EQ(set.doc.get("r")->str(), "ap-northeast-1");
}

TEST(ServerlessVariables, EnvironmentIsNeverRead) {
  setenv("KL_TEST_SECRET", "from-the-real-environment", 1);
  Resolved r = resolve("a: ${env:KL_TEST_SECRET}\nb: ${env:KL_TEST_SECRET, 'default'}\n");
  ASSERT_TRUE(at(r.doc, {"a"}).is_unknown());
  EXPECT_EQ(at(r.doc, {"a"}).str().find("from-the-real-environment"), std::string::npos);
  EXPECT_EQ(at(r.doc, {"b"}).str(), "default");
  unsetenv("KL_TEST_SECRET");
}

TEST(ServerlessVariables, RemoteSourcesAreUnknownWithAReason) {
  Resolved r = resolve(
      "ssm: ${ssm:/app/db/password}\n"
      "ssmdef: ${ssm:/app/x, 'local'}\n"
      "cf: ${cf:network-stack.VpcId}\n"
      "s3: ${s3:config-bucket/app.json}\n"
      "region: ${aws:region}\n"
      "account: ${aws:accountId}\n"
      "odd: ${vault:secret/x}\n"
      "embedded: arn:aws:s3:::${ssm:/bucket}/*\n");
  EXPECT_NE(at(r.doc, {"ssm"}).str().find("SSM parameter '/app/db/password' is read at deploy time"),
            std::string::npos);
  EXPECT_TRUE(at(r.doc, {"ssmdef"}).is_unknown());  // the parameter exists at deploy time
  EXPECT_NE(at(r.doc, {"cf"}).str().find("another stack"), std::string::npos);
  EXPECT_NE(at(r.doc, {"s3"}).str().find("S3 object"), std::string::npos);
  EXPECT_TRUE(at(r.doc, {"region"}).is_unknown());
  EXPECT_TRUE(at(r.doc, {"account"}).is_unknown());
  EXPECT_NE(at(r.doc, {"odd"}).str().find("variable source 'vault' is not supported"), std::string::npos);
  const Value& e = at(r.doc, {"embedded"});
  ASSERT_TRUE(e.is_unknown());
  EXPECT_EQ(e.str().rfind("'arn:aws:s3:::${ssm:/bucket}/*'", 0), 0u) << e.str();
}

TEST(ServerlessVariables, SlsStageAndParams) {
  const char* yaml =
      "provider:\n  stage: ${opt:stage, 'qa'}\n"
      "params:\n  default:\n    domain: example.com\n  prod:\n    domain: shop.example.com\n"
      "a: ${sls:stage}\n"
      "b: ${param:domain}\n"
      "c: ${param:nothing, 'x'}\n";
  Resolved qa = resolve(yaml);
  EXPECT_EQ(at(qa.doc, {"a"}).str(), "qa");
  EXPECT_EQ(at(qa.doc, {"b"}).str(), "example.com");
  EXPECT_EQ(at(qa.doc, {"c"}).str(), "x");
  Resolved prod = resolve(yaml, {{"stage", "prod"}});
  EXPECT_EQ(at(prod.doc, {"a"}).str(), "prod");
  EXPECT_EQ(at(prod.doc, {"b"}).str(), "shop.example.com");
  Resolved dflt = resolve("a: ${sls:stage}\n");
  EXPECT_EQ(at(dflt.doc, {"a"}).str(), "dev");
}

TEST(ServerlessVariables, FileIncludesKeepTheirOwnLocations) {
  Resolved r = resolve(
      "service: svc\n"
      "custom: ${file(./config/custom.yml)}\n"
      "env: ${file(./config/env.json)}\n"
      "one: ${file(./config/custom.yml):nested.value}\n"
      "text: ${file(./config/motd.txt)}\n"
      "js: ${file(./config.js):x}\n"
      "gone: ${file(./missing.yml)}\n"
      "gonedef: ${file(./missing.yml), 'fallback'}\n"
      "viaself: ${self:custom.nested.value}\n",
      {},
      {{"/proj/config/custom.yml",
        "nested:\n  value: ${self:service}-inc\n  deeper: ${file(./deeper.yml):k}\n"},
       {"/proj/config/deeper.yml", "k: deep\n"},
       {"/proj/config/env.json", "{\n  \"A\": \"1\"\n}\n"},
       {"/proj/config/motd.txt", "hello\n"}});
  const Value& value = at(r.doc, {"custom", "nested", "value"});
  EXPECT_EQ(value.str(), "svc-inc");
  EXPECT_EQ(model::file_path(value.loc().file), "/proj/config/custom.yml");
  EXPECT_EQ(value.loc().line, 2u);
  EXPECT_EQ(at(r.doc, {"custom", "nested", "deeper"}).str(), "deep");  // relative to the includer
  EXPECT_EQ(at(r.doc, {"env", "A"}).str(), "1");
  EXPECT_EQ(model::file_path(at(r.doc, {"env", "A"}).loc().file), "/proj/config/env.json");
  EXPECT_EQ(at(r.doc, {"env", "A"}).loc().line, 2u);
  EXPECT_EQ(at(r.doc, {"one"}).str(), "svc-inc");
  EXPECT_EQ(at(r.doc, {"text"}).str(), "hello\n");
  EXPECT_NE(at(r.doc, {"js"}).str().find("JavaScript files are not evaluated"), std::string::npos);
  ASSERT_TRUE(at(r.doc, {"gone"}).is_unknown());
  EXPECT_NE(at(r.doc, {"gone"}).str().find("cannot read '/proj/missing.yml': no such file"), std::string::npos);
  EXPECT_EQ(at(r.doc, {"gonedef"}).str(), "fallback");
  EXPECT_EQ(at(r.doc, {"viaself"}).str(), "svc-inc");
  bool warned = false;
  for (const auto& d : r.diags) warned = warned || d.str().find("/proj/missing.yml") != std::string::npos;
  EXPECT_TRUE(warned);
}

TEST(ServerlessVariables, IncludeDepthIsLimited) {
  std::map<std::string, std::string> files;
  files["/proj/loop.yml"] = "v: ${file(./loop.yml):v}\n";  // includes itself forever
  Resolved r = resolve("a: ${file(./loop.yml):v}\n", {}, files);
  EXPECT_TRUE(at(r.doc, {"a"}).is_unknown());
  EXPECT_FALSE(r.diags.empty());
}

TEST(ServerlessVariables, CyclesBecomeUnknownWithAWarning) {
  Resolved r = resolve(
      "a: ${self:b}\n"
      "b: ${self:a}\n"
      "c: x-${self:c}\n"
      "custom:\n  me: ${self:custom}\n");
  EXPECT_TRUE(at(r.doc, {"a"}).is_unknown());
  EXPECT_TRUE(at(r.doc, {"b"}).is_unknown());
  EXPECT_TRUE(at(r.doc, {"c"}).is_unknown());
  EXPECT_TRUE(at(r.doc, {"custom", "me"}).is_unknown());
  bool cycle = false;
  for (const auto& d : r.diags) cycle = cycle || d.message.find("refers to itself") != std::string::npos;
  EXPECT_TRUE(cycle);
}

TEST(ServerlessVariables, ExponentialReferencesStopAtTheBudget) {
  std::string yaml = "v0: x\n";
  for (int i = 1; i < 40; ++i)
    yaml += "v" + std::to_string(i) + ": ${self:v" + std::to_string(i - 1) + "}${self:v" +
            std::to_string(i - 1) + "}\n";
  Resolved r = resolve(yaml);  // must finish quickly (the cache and the budget)
  EXPECT_EQ(at(r.doc, {"v3"}).str(), "xxxxxxxx");
}

TEST(ServerlessVariables, CloudFormationPlaceholdersAreLeftForFnSub) {
  Resolved r = resolve(
      "custom:\n  b: bucket\n"
      "a: arn:aws:s3:::${self:custom.b}/${AWS::Region}/${MyQueue.Arn}\n"
      "sub: !Sub arn:${AWS::Partition}:s3:::${self:custom.b}\n");
  EXPECT_EQ(at(r.doc, {"a"}).str(), "arn:aws:s3:::bucket/${AWS::Region}/${MyQueue.Arn}");
  EXPECT_EQ(at(r.doc, {"sub", "Fn::Sub"}).str(), "arn:${AWS::Partition}:s3:::bucket");
  EXPECT_TRUE(r.diags.empty());
}

TEST(ServerlessVariables, BadSyntaxIsADiagnosticWithTheLine) {
  Resolved r = resolve("ok: 1\nbad: ${self:custom.x\nmissing: ${self:custom.none}\n");
  ASSERT_TRUE(at(r.doc, {"bad"}).is_unknown());
  bool unterminated = false, missing = false;
  for (const auto& d : r.diags) {
    if (d.message.find("unterminated variable '${self:custom.x'") != std::string::npos) {
      unterminated = true;
      EXPECT_EQ(d.loc.line, 2u);
      EXPECT_EQ(d.level, model::DiagLevel::Error);
    }
    if (d.message.find("'custom.none' is not set") != std::string::npos) {
      missing = true;
      EXPECT_EQ(d.loc.line, 3u);
    }
  }
  EXPECT_TRUE(unterminated);
  EXPECT_TRUE(missing);
}

TEST(ServerlessVariables, RecognizesVariableContent) {
  EXPECT_TRUE(is_variable_content("self:custom.x"));
  EXPECT_TRUE(is_variable_content("file(./a.yml):b"));
  EXPECT_TRUE(is_variable_content("opt:stage, 'dev'"));
  EXPECT_FALSE(is_variable_content("AWS::Region"));
  EXPECT_FALSE(is_variable_content("MyBucket.Arn"));
  EXPECT_FALSE(is_variable_content("MyBucket"));
  EXPECT_FALSE(is_variable_content(""));
}

}  // namespace
}  // namespace kl::serverless
