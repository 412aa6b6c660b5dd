// Hostile and broken input: truncated files, wrong types everywhere, intrinsics with the
// wrong arity, alias bombs, deep nesting, huge files, binary and unreadable files, symlink
// loops. Each case must end without a crash or a hang, with one clear diagnostic at the
// right place, and without touching the input. Large inputs are generated here, never
// committed. The CLI-level twin of this suite is tests/malformed/cli_test.py.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "load/discover.h"
#include "load/json_reader.h"
#include "load/source_file.h"
#include "load/yaml_reader.h"
#include "rules/rule.h"
#include "scan/scanner.h"

namespace kl {
namespace {

namespace fs = std::filesystem;
using model::DiagLevel;
using model::Value;

const fs::path kInputs = fs::path(KL_SOURCE_DIR) / "tests" / "malformed";

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_all(const fs::path& p, std::string_view text) {
  std::ofstream out(p, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

/// A fresh directory under the system temp dir, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "kl-malformed-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    for (auto& e : fs::recursive_directory_iterator(path_, ec))
      fs::permissions(e.path(), fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

unsigned count_lines(std::string_view s) {
  return 1 + static_cast<unsigned>(std::count(s.begin(), s.end(), '\n'));
}

std::vector<std::string> strings(const model::Diagnostics& diags, DiagLevel level) {
  std::vector<std::string> out;
  for (const auto& d : diags)
    if (d.level == level) out.push_back(d.str());
  return out;
}

scan::ScanResult scan_paths(std::vector<std::string> paths, unsigned jobs = 1) {
  scan::ScanOptions opts;
  opts.paths = std::move(paths);
  opts.jobs = jobs;
  return scan::scan(opts);
}

std::vector<std::string> rules_found(const scan::ScanResult& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.push_back(f.rule);
  return out;
}

// ---- truncated files ---------------------------------------------------------------------

/// Loads and checks every prefix of `text`; returns how many prefixes failed to parse.
size_t check_every_prefix(const std::string& name, const std::string& text,
                          std::string_view error_prefix) {
  scan::ScanOptions opts;
  size_t failed = 0;
  for (size_t len = 0; len <= text.size(); ++len) {
    std::string prefix = text.substr(0, len);
    model::Diagnostics diags;
    auto m = scan::load_model(name, prefix, opts, true, diags);
    if (m) (void)rules::run_rules(*m);
    size_t syntax_errors = 0;
    for (const auto& d : diags) {
      // Every position lies inside the prefix (one past its last line at most).
      EXPECT_LE(d.loc.line, count_lines(prefix)) << "prefix " << len << ": " << d.str();
      if (d.message.rfind(error_prefix, 0) != 0) continue;
      ++syntax_errors;
      EXPECT_EQ(d.level, DiagLevel::Error);
      EXPECT_GE(d.loc.line, 1u) << "prefix " << len << ": " << d.str();
      EXPECT_GE(d.loc.column, 1u) << "prefix " << len << ": " << d.str();
      EXPECT_FALSE(m) << "prefix " << len << " has a syntax error yet loaded";
    }
    EXPECT_LE(syntax_errors, 1u) << "prefix " << len << ": one syntax error per file";
    if (syntax_errors) ++failed;
  }
  return failed;
}

TEST(MalformedInput, EveryPrefixOfARealisticSamTemplate) {
  std::string text = read_all(kInputs / "realistic_sam.yaml");
  ASSERT_GT(text.size(), 2000u);
  size_t failed = check_every_prefix("truncated.yaml", text, "malformed YAML: ");
  // Cuts inside quotes, flow collections and tags fail; cuts at line ends mostly parse.
  EXPECT_GT(failed, 50u);
  EXPECT_LT(failed, text.size());
  // The whole file loads and is understood (the test exercises the real thing).
  model::Diagnostics diags;
  auto m = scan::load_model("realistic_sam.yaml", text, {}, true, diags);
  ASSERT_TRUE(m);
  EXPECT_EQ(strings(diags, DiagLevel::Error), std::vector<std::string>{});
}

TEST(MalformedInput, EveryPrefixOfARealisticJsonTemplate) {
  std::string text = read_all(kInputs / "realistic_cfn.json");
  size_t last_brace = text.rfind('}');
  ASSERT_NE(last_brace, std::string::npos);
  size_t failed = check_every_prefix("truncated.json", text, "malformed JSON: ");
  // Every prefix that stops before the closing brace is invalid JSON, except the empty one.
  EXPECT_EQ(failed, last_brace);
  model::Diagnostics diags;
  auto m = scan::load_model("realistic_cfn.json", text, {}, true, diags);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->resources.size(), 6u);
}

// ---- exact syntax error text -----------------------------------------------------------

TEST(MalformedInput, SyntaxErrorsSayFileLineColumnAndWhat) {
  struct Case {
    std::string file;
    std::string message;
  };
  const Case cases[] = {
      {"bad_indent.yaml",
       ":4:5: error: malformed YAML: while parsing a block collection: did not find expected "
       "'-' indicator"},
      {"bad_comma.json",
       ":3:42: error: malformed JSON: The JSON document has an improper structure: missing or "
       "superfluous commas, braces, missing keys, etc."},
      {"mixed/broken.yaml",
       ":5:16: error: malformed YAML: mapping values are not allowed in this context"},
  };
  for (const Case& c : cases) {
    std::string path = (kInputs / c.file).string();
    scan::ScanResult r = scan_paths({path});
    EXPECT_EQ(strings(r.diagnostics, DiagLevel::Error), std::vector<std::string>{path + c.message});
    EXPECT_TRUE(r.input_errors);
    EXPECT_EQ(r.models_loaded, 0u);
  }
}

TEST(MalformedInput, InvalidUtf8IsASyntaxErrorAtTheBadByte) {
  TempDir dir;
  fs::path yaml = dir.path() / "utf8.yaml";
  fs::path json = dir.path() / "utf8.json";
  write_all(yaml, "Resources:\n  A:\n    Type: \"AWS::S3::Bucket\xff\xfe\"\n");
  write_all(json, "{\"Resources\": {\"A\": {\"Type\": \"AWS::S3::\xc3\x28\"}}}");
  scan::ScanResult r = scan_paths({yaml.string(), json.string()});
  EXPECT_EQ(strings(r.diagnostics, DiagLevel::Error),
            (std::vector<std::string>{
                yaml.string() + ":3:27: error: malformed YAML: invalid leading UTF-8 octet",
                json.string() + ":1:40: error: malformed JSON: The input is not valid UTF-8"}));
}

// ---- wrong types -------------------------------------------------------------------------

TEST(MalformedInput, WrongTypesAreReportedNotCrashedOn) {
  std::string path = (kInputs / "wrong_types.yaml").string();
  scan::ScanResult r = scan_paths({path});
  EXPECT_EQ(strings(r.diagnostics, DiagLevel::Error),
            (std::vector<std::string>{
                path + ":12:17: error: 'Properties' of 'ListProps' must be a map, not a list",
                path + ":13:3: error: resource 'NumberType' has no 'Type' string",
                path + ":15:3: error: resource 'ScalarResource' must be a map"}));
  // AuthType: 42 and AuthType: {NONE: true} are not "NONE": no finding, no crash.
  EXPECT_EQ(rules_found(r), std::vector<std::string>{});
  EXPECT_EQ(r.models_loaded, 1u);
}

TEST(MalformedInput, ResourcesOfTheWrongKind) {
  struct Case {
    const char* text;
    const char* error;  ///< expected error, after "path:"
  };
  const Case cases[] = {
      {"AWSTemplateFormatVersion: '2010-09-09'\nResources: null\n",
       ":2:12: error: template has no 'Resources'"},
      {"AWSTemplateFormatVersion: '2010-09-09'\nResources: [1, 2]\n",
       ":2:12: error: 'Resources' must be a map, not a list"},
      {"AWSTemplateFormatVersion: '2010-09-09'\nResources: 42\n",
       ":2:12: error: 'Resources' must be a map, not a number"},
      {"AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A:\n    Type: 7\n",
       ":3:3: error: resource 'A' has no 'Type' string"},
      {"AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A:\n    Type: [AWS::S3::Bucket]\n",
       ":3:3: error: resource 'A' has no 'Type' string"},
      {"AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A:\n    Type: AWS::Lambda::Url\n"
       "    Properties: oops\n",
       ":5:17: error: 'Properties' of 'A' must be a map, not a string"},
  };
  TempDir dir;
  for (const Case& c : cases) {
    fs::path p = dir.path() / "t.yaml";
    write_all(p, c.text);
    scan::ScanResult r = scan_paths({p.string()});
    EXPECT_EQ(strings(r.diagnostics, DiagLevel::Error),
              std::vector<std::string>{p.string() + c.error})
        << c.text;
  }
}

TEST(MalformedInput, IntrinsicsWithWrongArityAndBadConditions) {
  std::string path = (kInputs / "wrong_intrinsics.yaml").string();
  auto start = std::chrono::steady_clock::now();
  scan::ScanResult r = scan_paths({path});
  // The self-referencing Fn::FindInMap that doubles per level must not take 2^600 steps.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  EXPECT_EQ(strings(r.diagnostics, DiagLevel::Error), std::vector<std::string>{});
  EXPECT_EQ(strings(r.diagnostics, DiagLevel::Warning),
            (std::vector<std::string>{
                path + ":5:9: warning: condition 'Loop' refers to itself",
                path + ":17:26: warning: Fn::GetAtt names '5', which is not a resource",
                path + ":18:17: warning: Fn::Select needs an index and a list",
                path + ":19:18: warning: Fn::Sub needs a string",
                path + ":5:3: warning: condition 'Missing' is not defined",
                path + ":6:9: warning: condition 'Ping' refers to itself",
                path + ":22:11: warning: Fn::If needs a condition name and two values",
                path + ":23:10: warning: Fn::Select index 99 is out of range",
                path + ":24:10: warning: Fn::Join needs a delimiter and a list",
                path + ":25:10: warning: Ref needs a name"}));
  EXPECT_EQ(r.models_loaded, 1u);
}

TEST(MalformedInput, DeepIfNestingStaysBounded) {
  // 500 nested Fn::If on an unknown condition, ending in a public AuthType.
  std::string text =
      "Parameters:\n  P: {Type: String}\nConditions:\n  C: !Equals [!Ref P, x]\n"
      "Resources:\n  U:\n    Type: AWS::Lambda::Url\n    Properties:\n      AuthType: ";
  for (int i = 0; i < 500; ++i) text += "!If [C, AWS_IAM, ";
  text += "AWS_IAM";
  for (int i = 0; i < 500; ++i) text += "]";
  text += "\n";
  model::Diagnostics diags;
  auto m = scan::load_model("deep_if.yaml", text, {}, true, diags);
  ASSERT_TRUE(m);
  EXPECT_EQ(rules::run_rules(*m).size(), 0u);
  EXPECT_TRUE(diags.empty()) << diags.front().str();
}

/// Replaces every node of `doc` in turn with `bad` (keeping the node's position) and
/// calls `check` with the mutated copy.
void for_each_mutation(const Value& doc, const Value& bad,
                       const std::function<void(const Value&)>& check) {
  Value copy = doc;
  std::function<void(Value&)> visit = [&](Value& node) {
    auto mutate = [&](Value& slot) {
      Value saved = std::move(slot);
      slot = bad;
      slot.set_loc(saved.loc());
      check(copy);
      slot = std::move(saved);
      visit(slot);
    };
    for (auto& item : node.items()) mutate(item);
    for (auto& m : node.members()) mutate(m.value);
  };
  visit(copy);
}

TEST(MalformedInput, WrongTypeAnywhereInRealTemplates) {
  // Every node of every template we have, replaced by each wrong shape in turn: rules read
  // properties only through rules/access.h, so none of this may crash or report nowhere.
  std::vector<fs::path> files = {kInputs / "realistic_sam.yaml", kInputs / "realistic_cfn.json",
                                 fs::path(KL_SOURCE_DIR) / "examples" / "template.yaml"};
  for (const auto& e : fs::recursive_directory_iterator(fs::path(KL_SOURCE_DIR) / "tests" /
                                                        "fixtures"))
    if (e.is_regular_file() && (e.path().extension() == ".yaml" || e.path().extension() == ".json"))
      files.push_back(e.path());
  auto parse_bad = [](const char* yaml) {
    model::Diagnostics d;
    return *load::parse_yaml(yaml, model::intern_file("bad-shapes"), d);
  };
  const Value bads[] = {
      parse_bad("42"),
      parse_bad("[]"),
      parse_bad("{}"),
      parse_bad("~"),
      parse_bad("[1, [2], {a: b}]"),
      parse_bad("!Ref 5"),
      parse_bad("!If [NoSuchCondition, [x], 7]"),
      parse_bad("!Select [x]"),
      parse_bad("!Sub [1]"),
      parse_bad("!GetAtt 5"),
  };
  size_t runs = 0;
  for (const fs::path& f : files) {
    if (!fs::exists(f)) continue;
    std::string text = read_all(f);
    model::Diagnostics diags;
    model::FileId id = model::intern_file(f.string());
    auto doc = f.extension() == ".json" ? load::parse_json(text, id, diags)
                                        : load::parse_yaml(text, id, diags);
    if (!doc) continue;
    for (const Value& bad : bads) {
      for_each_mutation(*doc, bad, [&](const Value& mutated) {
        model::Diagnostics d;
        auto m = scan::model_from_document(f.string(), mutated, {}, true, d);
        ++runs;
        if (!m) return;
        for (const auto& finding : rules::run_rules(*m))
          EXPECT_GT(finding.loc.line, 0u) << f << ": " << finding.rule << " reported nowhere";
      });
    }
  }
  EXPECT_GT(runs, 1000u);
}

// ---- alias bombs and nesting ---------------------------------------------------------------

TEST(MalformedInput, BillionLaughsStopsAtTheAliasBudgetWithOneError) {
  std::string path = (kInputs / "alias_bomb.yaml").string();
  auto start = std::chrono::steady_clock::now();
  scan::ScanResult r = scan_paths({path});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  EXPECT_EQ(strings(r.diagnostics, DiagLevel::Error),
            std::vector<std::string>{
                path + ":8:20: error: YAML aliases expand to more than 500000 nodes (alias "
                       "bomb?); file skipped"});
  EXPECT_EQ(r.diagnostics.size(), 1u);
}

TEST(MalformedInput, AliasesOfOneHugeStringStopAtTheByteBudget) {
  load::ParseLimits limits;
  limits.max_alias_bytes = 1 << 20;
  std::string text = "s: &s " + std::string(100000, 'x') + "\nl: [";
  for (int i = 0; i < 20; ++i) text += "*s, ";
  text += "*s]\n";
  model::Diagnostics diags;
  EXPECT_FALSE(load::parse_yaml(text, model::intern_file("strings.yaml"), diags, limits));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].str(),
            "strings.yaml:2:41: error: YAML aliases expand to more than 1048576 bytes (alias "
            "bomb?); file skipped");
  // Under the budget the same aliases load, and merge keys work.
  diags.clear();
  auto v = load::parse_yaml("a: &a {x: 1}\nb: {<<: *a, y: 2}\nc: [*a, *a]\n",
                            model::intern_file("ok.yaml"), diags, limits);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->debug(), R"({"a": {"x": 1}, "b": {"x": 1, "y": 2}, "c": [{"x": 1}, {"x": 1}]})");
}

struct NestingCase {
  std::string name;
  std::string text;
  std::string error;  ///< after the file name
};

std::vector<NestingCase> nesting_cases(int depth) {
  std::string flow_seq = "Resources: " + std::string(depth, '[') + std::string(depth, ']') + "\n";
  std::string flow_map = "Resources: ";
  for (int i = 0; i < depth; ++i) flow_map += "{a: ";
  flow_map += "1" + std::string(depth, '}') + "\n";
  std::string block_map = "Resources:\n";
  for (int i = 1; i <= depth; ++i) block_map += std::string(2 * i, ' ') + "k:\n";
  block_map += std::string(2 * depth + 2, ' ') + "x: 1\n";
  std::string json_seq = "{\"Resources\": " + std::string(depth, '[') + std::string(depth, ']') + "}";
  std::string json_map = "{\"Resources\": ";
  for (int i = 0; i < depth; ++i) json_map += "{\"a\": ";
  json_map += "1" + std::string(depth, '}') + "}";
  const std::string err = "error: nesting deeper than 512 levels; file skipped";
  return {{"flow_seq.yaml", flow_seq, ":1:523: " + err},
          {"flow_map.yaml", flow_map, ":1:2056: " + err},
          {"block_map.yaml", block_map, ":513:1025: " + err},
          {"seq.json", json_seq, ":1:526: " + err},
          {"map.json", json_map, ":1:3076: " + err}};
}

TEST(MalformedInput, NestingDeeperThan512IsOneError) {
  for (const NestingCase& c : nesting_cases(600)) {
    model::Diagnostics diags;
    auto m = scan::load_model(c.name, c.text, {}, true, diags);
    EXPECT_FALSE(m) << c.name;
    EXPECT_EQ(strings(diags, DiagLevel::Error), std::vector<std::string>{c.name + c.error});
  }
}

TEST(MalformedInput, NestingJustUnderTheLimitLoadsInAWorkerThread) {
  // 500 levels inside a property: the resolver and the rules recurse that deep on a
  // worker thread's stack (two jobs), also under AddressSanitizer.
  std::string deep = std::string(500, '[') + std::string(500, ']');
  std::string text =
      "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  U:\n    Type: AWS::Lambda::Url\n"
      "    Properties:\n      AuthType: NONE\n      Deep: " + deep + "\n";
  TempDir dir;
  write_all(dir.path() / "a.yaml", text);
  write_all(dir.path() / "b.yaml", text);
  scan::ScanResult r = scan_paths({dir.path().string()}, 2);
  EXPECT_EQ(strings(r.diagnostics, DiagLevel::Error), std::vector<std::string>{});
  EXPECT_EQ(rules_found(r), (std::vector<std::string>{"KL-LAM-001", "KL-LAM-001"}));
}

TEST(MalformedInput, FortyThousandOpenBracketsFinishQuickly) {
  // libyaml's scanner is quadratic in unclosed flow levels; the depth cap stops it early.
  for (const char* name : {"deep.yaml", "deep.json"}) {
    std::string text = std::string(name).ends_with(".json") ? "{\"Resources\": " : "Resources: ";
    text += std::string(40000, '[');
    auto start = std::chrono::steady_clock::now();
    model::Diagnostics diags;
    EXPECT_FALSE(scan::load_model(name, text, {}, true, diags));
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10)) << name;
    ASSERT_EQ(diags.size(), 1u) << name;
    EXPECT_NE(diags[0].message.find("nesting deeper than 512"), std::string::npos)
        << diags[0].str();
  }
}

// ---- big files ----------------------------------------------------------------------------

/// A single-line CloudFormation JSON template of about `bytes` bytes whose last resource is
/// a public Function URL.
std::string big_single_line_json(size_t bytes) {
  std::string out = R"({"AWSTemplateFormatVersion":"2010-09-09","Resources":{)";
  for (int i = 0; out.size() + 400 < bytes; ++i) {
    out += "\"Queue" + std::to_string(i) +
           R"(":{"Type":"AWS::SQS::Queue","Properties":{"QueueName":{"Fn::Sub":"${AWS::StackName}-q)" +
           std::to_string(i) + R"("},"VisibilityTimeout":60,"Tags":[{"Key":"team","Value":"orders"}]}},)";
  }
  out += R"("Url":{"Type":"AWS::Lambda::Url","Properties":{"TargetFunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:f","AuthType":"NONE"}}}})";
  return out;
}

TEST(MalformedInput, TenMegabyteSingleLineJsonLoadsUnderTheLimitAndIsSkippedOver) {
  const size_t limit = 10 * 1024 * 1024;
  std::string text = big_single_line_json(limit - 100);
  ASSERT_LE(text.size(), limit);
  ASSERT_GT(text.size(), limit - 1000);
  TempDir dir;
  fs::path p = dir.path() / "big.json";
  write_all(p, text);

  scan::ScanOptions opts;
  opts.paths = {p.string()};
  scan::ScanResult r = scan::scan(opts);
  EXPECT_EQ(r.diagnostics.size(), 0u) << r.diagnostics.front().str();
  EXPECT_EQ(r.models_loaded, 1u);
  ASSERT_EQ(rules_found(r), std::vector<std::string>{"KL-LAM-001"});
  // Positions on one long line: the column is the byte offset + 1.
  size_t auth = text.rfind("\"NONE\"");
  EXPECT_EQ(r.findings[0].loc.line, 1u);
  EXPECT_EQ(r.findings[0].loc.column, auth + 1);

  opts.read.max_bytes = text.size() - 1;
  r = scan::scan(opts);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].level, DiagLevel::Warning);
  EXPECT_EQ(r.diagnostics[0].message, "file is " + std::to_string(text.size()) +
                                           " bytes, over the limit of " +
                                           std::to_string(text.size() - 1) +
                                           " (--max-file-size); skipped");
  EXPECT_FALSE(r.input_errors);
  EXPECT_EQ(r.models_loaded, 0u);
}

// ---- files that are not text, not readable, not files ---------------------------------------

TEST(MalformedInput, BinaryFilesAreSkippedWithANote) {
  TempDir dir;
  fs::path p = dir.path() / "blob.yaml";
  write_all(p, std::string("AWSTemplateFormatVersion\0\x01\x02Resources", 33));
  scan::ScanResult r = scan_paths({p.string()});
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].str(), p.string() + ": note: binary file; skipped");
  EXPECT_FALSE(r.input_errors);
}

TEST(MalformedInput, UnreadableFilesAreAnInputError) {
  if (geteuid() == 0) GTEST_SKIP() << "running as root: a chmod 000 file is still readable";
  TempDir dir;
  fs::path p = dir.path() / "secret.yaml";
  write_all(p, "Resources: {}\n");
  fs::permissions(p, fs::perms::none);
  scan::ScanResult r = scan_paths({dir.path().string()});
  EXPECT_EQ(strings(r.diagnostics, DiagLevel::Error),
            std::vector<std::string>{p.string() + ": error: cannot read: Permission denied"});
  EXPECT_TRUE(r.input_errors);
}

TEST(MalformedInput, SymlinkLoopsAreSkippedAndTheWalkEnds) {
  TempDir dir;
  fs::create_directory(dir.path() / "sub");
  fs::create_directory_symlink("..", dir.path() / "sub" / "up");
  fs::create_symlink("self.yaml", dir.path() / "self.yaml");
  write_all(dir.path() / "sub" / "t.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n");
  scan::ScanResult r = scan_paths({dir.path().string()});
  std::string root = dir.path().string();
  EXPECT_EQ(strings(r.diagnostics, DiagLevel::Warning),
            (std::vector<std::string>{
                root + "/self.yaml: warning: broken or looping symlink; skipped",
                root + "/sub/up: warning: directory already visited (symlink loop?); skipped"}));
  EXPECT_EQ(r.files_considered, 1u);
}

TEST(MalformedInput, ADirectoryWhereAFileIsExpected) {
  TempDir dir;
  fs::create_directory(dir.path() / "template.yaml");
  model::Diagnostics diags;
  EXPECT_FALSE(load::read_source((dir.path() / "template.yaml").string(), {}, diags));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].message, "cannot read: Is a directory");
  // Named on the command line, a directory called template.yaml is walked, not read.
  scan::ScanResult r = scan_paths({(dir.path() / "template.yaml").string()});
  EXPECT_TRUE(r.diagnostics.empty());
}

TEST(MalformedInput, EmptyAndCommentOnlyFilesAreNotTemplates) {
  TempDir dir;
  write_all(dir.path() / "empty.json", "");
  write_all(dir.path() / "blank.json", " \n\t\n");
  for (const char* name : {"empty.yaml", "comments_only.yaml"}) {
    std::string path = (kInputs / name).string();
    scan::ScanResult r = scan_paths({path});
    EXPECT_EQ(strings(r.diagnostics, DiagLevel::Note),
              std::vector<std::string>{
                  path + ":1:1: note: not a CloudFormation, SAM or Serverless template; skipped"});
    EXPECT_FALSE(r.input_errors);
  }
  for (const char* name : {"empty.json", "blank.json"}) {
    std::string path = (dir.path() / name).string();
    scan::ScanResult r = scan_paths({path});
    EXPECT_FALSE(r.input_errors) << path;
    EXPECT_EQ(r.diagnostics.size(), 1u);
  }
  // Not named explicitly, they are skipped silently.
  EXPECT_TRUE(scan_paths({dir.path().string()}).diagnostics.empty());
}

// ---- exit status inputs and the promise not to write --------------------------------------

TEST(MalformedInput, BrokenFilesDoNotHideFindingsInTheOthers) {
  scan::ScanResult r = scan_paths({(kInputs / "mixed").string()}, 2);
  EXPECT_TRUE(r.input_errors);
  // The public Function URL in the readable template is still found, at its line.
  std::vector<rules::Finding> urls;
  for (const auto& f : r.findings)
    if (f.rule == "KL-LAM-001") urls.push_back(f);
  ASSERT_EQ(urls.size(), 1u);
  EXPECT_EQ(urls[0].loc.line, 14u);
}

/// Content, mode and modification time of every file under `root`.
std::map<std::string, std::string> fingerprint_tree(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    struct stat st;
    if (lstat(e.path().c_str(), &st) != 0) continue;
    std::string key = std::to_string(st.st_mode) + ":" + std::to_string(st.st_size) + ":" +
                      std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
    if (e.is_regular_file()) key += ":" + std::to_string(std::hash<std::string>{}(read_all(e.path())));
    out[e.path().string()] = key;
  }
  return out;
}

TEST(MalformedInput, ScanningNeverWritesToItsInputs) {
  auto before = fingerprint_tree(kInputs);
  ASSERT_GT(before.size(), 8u);
  scan::ScanResult r = scan_paths({kInputs.string()}, 2);
  EXPECT_TRUE(r.input_errors);
  EXPECT_EQ(fingerprint_tree(kInputs), before);
}

}  // namespace
}  // namespace kl
