#include "scan/suppressions.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "rules/rule.h"
#include "scan/scanner.h"

namespace kl::scan {
namespace {

namespace fs = std::filesystem;

std::string diag_text(const model::Diagnostics& d) {
  std::string out;
  for (const auto& x : d) out += x.str() + "\n";
  return out;
}

/// A fresh directory under /tmp, removed at the end of the test.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name) {
    path = fs::temp_directory_path() / ("kl_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& rel, const std::string& text) const {
    fs::path p = path / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }
};

const char* kTwoUrls =
    "AWSTemplateFormatVersion: \"2010-09-09\"\n"           // 1
    "Resources:\n"                                         // 2
    "  OpenUrl:\n"                                         // 3
    "    Type: AWS::Lambda::Url\n"                         // 4
    "    Properties:\n"                                    // 5
    "      TargetFunctionArn: arn:aws:lambda:::function:f\n"  // 6
    "      AuthType: NONE\n"                               // 7
    "  OtherUrl:\n"                                        // 8
    "    Type: AWS::Lambda::Url\n"                         // 9
    "    Properties:\n"                                    // 10
    "      TargetFunctionArn: arn:aws:lambda:::function:g\n"  // 11
    "      AuthType: NONE\n";                              // 12

}  // namespace

TEST(CommentMarkers, TrailingAndAboveWithIdsAndReasons) {
  model::Diagnostics d;
  auto ms = comment_markers(
      "Resources:\n"                                                    // 1
      "  # kumolens:ignore KL-LAM-001, KL-META-001 -- reviewed in SEC-1\n"  // 2
      "  # (a note between the marker and the resource)\n"              // 3
      "  Url:\n"                                                        // 4
      "    Properties:\n"                                               // 5
      "      AuthType: NONE  # kumolens:ignore all\n"                   // 6
      "      Description: \"a # kumolens:ignore in a string\"\n"        // 7
      "      Note: It's fine # checkov:skip=CKV_AWS_258:legacy\n"       // 8
      "      Other: x # checkov:skip=CKV_AWS_116:no counterpart\n",     // 9
      model::intern_file("t.yaml"), d);
  EXPECT_EQ(diag_text(d), "");
  ASSERT_EQ(ms.size(), 3u);
  EXPECT_EQ(ms[0].rules, (std::vector<std::string>{"KL-LAM-001", "KL-META-001"}));
  EXPECT_EQ(ms[0].reason, "reviewed in SEC-1");
  EXPECT_EQ(ms[0].loc.line, 2u);
  EXPECT_EQ(ms[0].target_line, 4u);
  EXPECT_EQ(ms[1].rules, std::vector<std::string>{"all"});
  EXPECT_EQ(ms[1].reason, "");
  EXPECT_EQ(ms[1].target_line, 6u);
  EXPECT_EQ(ms[1].loc.column, 23u);
  EXPECT_EQ(ms[2].how, "checkov");
  EXPECT_EQ(ms[2].rules, std::vector<std::string>{"KL-LAM-001"});
  EXPECT_EQ(ms[2].written, "CKV_AWS_258");
  EXPECT_EQ(ms[2].reason, "legacy");
  EXPECT_EQ(ms[2].target_line, 8u);
}

TEST(CommentMarkers, ProblemsAreWarnings) {
  model::Diagnostics d;
  auto ms = comment_markers(
      "# kumolens:ignore KL-LAM-001 -- dangling\n"
      "\n"
      "A: 1 # kumolens:ignore KL-LMA-001 -- typo\n"
      "B: 2 # kumolens:ignore -- no id\n",
      model::intern_file("w.yaml"), d);
  EXPECT_EQ(diag_text(d),
            "w.yaml:1:1: warning: 'kumolens:ignore' is not directly above a resource or property; "
            "it suppresses nothing\n"
            "w.yaml:3:6: warning: unknown rule 'KL-LMA-001' in '# kumolens:ignore'; did you mean "
            "'KL-LAM-001'?\n"
            "w.yaml:4:6: warning: 'kumolens:ignore' names no rule; write a rule id, 'KL-AREA-*' or "
            "'all'\n");
  ASSERT_EQ(ms.size(), 1u);  // the typo still counts (it suppresses nothing)
  EXPECT_EQ(ms[0].target_line, 3u);
}

TEST(BlockSpans, PropertySpansFromKeyToLastValueLine) {
  model::Diagnostics d;
  scan::ScanOptions opts;
  auto m = load_model("spans.yaml", kTwoUrls, opts, true, d);
  ASSERT_TRUE(m);
  auto spans = block_spans(m->raw);
  auto has = [&](uint32_t a, uint32_t b) {
    for (auto& s : spans)
      if (s.start == a && s.end == b) return true;
    return false;
  };
  EXPECT_TRUE(has(2, 12));  // Resources
  EXPECT_TRUE(has(3, 7));   // OpenUrl
  EXPECT_TRUE(has(5, 7));   // its Properties
  EXPECT_TRUE(has(7, 7));   // AuthType
}

TEST(Suppressions, CommentAboveAResourceCoversOnlyThatResource) {
  std::string text = kTwoUrls;
  text.insert(text.find("  OpenUrl:"), "  # kumolens:ignore KL-LAM-001 -- webhook, HMAC-verified\n");
  model::Diagnostics d;
  scan::ScanOptions opts;
  auto m = load_model("above.yaml", text, opts, true, d);
  ASSERT_TRUE(m);
  auto findings = rules::run_rules(*m);
  apply_suppressions(*m, text, true, {}, findings, d);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].resource, "OpenUrl");
  ASSERT_TRUE(findings[0].suppressed);
  EXPECT_EQ(findings[0].suppressed->how, "inline comment");
  EXPECT_EQ(findings[0].suppressed->reason, "webhook, HMAC-verified");
  EXPECT_EQ(findings[0].suppressed->loc.line, 3u);
  EXPECT_EQ(findings[1].resource, "OtherUrl");
  EXPECT_FALSE(findings[1].suppressed);
}

// A resource SAM generates (the Function URL of a function) is reported under the
// function's logical id, so the function's Metadata covers it.
TEST(Suppressions, MetadataCoversResourcesGeneratedFromIt) {
  const std::string text =
      "Transform: AWS::Serverless-2016-10-31\n"
      "Resources:\n"
      "  Fn:\n"
      "    Type: AWS::Serverless::Function\n"
      "    Metadata:\n"
      "      kumolens:\n"
      "        ignore:\n"
      "          - id: KL-LAM-001\n"          // 8: no reason
      "    Properties:\n"
      "      Handler: app.handler\n"
      "      FunctionUrlConfig:\n"
      "        AuthType: NONE\n";             // 12
  model::Diagnostics d;
  scan::ScanOptions opts;
  auto m = load_model("sam.yaml", text, opts, true, d);
  ASSERT_TRUE(m);
  // The SAM expansion generated FnUrl from Fn, at the user's AuthType line.
  ASSERT_NE(m->find("FnUrl"), nullptr);
  EXPECT_EQ(m->find("FnUrl")->generated_from, "Fn");

  auto findings = rules::run_rules(*m);
  apply_suppressions(*m, text, true, {}, findings, d);
  rules::sort_findings(findings);
  // Only the rule under test and the report about the reasonless suppression matter here.
  std::erase_if(findings, [](const rules::Finding& f) {
    return f.rule != "KL-LAM-001" && f.rule != "KL-META-001";
  });
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].rule, "KL-META-001");
  EXPECT_EQ(findings[0].loc.line, 8u);
  EXPECT_EQ(findings[0].resource, "Fn");
  EXPECT_EQ(findings[0].resource_type, "AWS::Serverless::Function");
  EXPECT_EQ(rules::render_message(findings[0], "en"),
            "Metadata.kumolens.ignore suppresses KL-LAM-001 without a reason: say why the risk is "
            "accepted");
  EXPECT_FALSE(findings[0].suppressed);
  EXPECT_EQ(findings[1].rule, "KL-LAM-001");
  EXPECT_EQ(findings[1].resource, "Fn");
  ASSERT_TRUE(findings[1].suppressed);
  EXPECT_EQ(findings[1].suppressed->how, "Metadata.kumolens");
}

TEST(Suppressions, WrongTypesInMetadataAreHarmless) {
  const std::string text =
      "Resources:\n"
      "  A: {Type: AWS::Lambda::Url, Metadata: [1, 2], Properties: {AuthType: NONE}}\n"
      "  B: {Type: AWS::Lambda::Url, Metadata: {kumolens: 42, checkov: {skip: 7}}, Properties: {AuthType: NONE}}\n"
      "  C: {Type: AWS::Lambda::Url, Metadata: {kumolens: {ignore: {id: [x]}}, cfn_nag: {rules_to_suppress: [null, {}]}}, Properties: {AuthType: NONE}}\n"
      "  D: {Type: AWS::Lambda::Url, Metadata: {kumolens: {ignore: KL-LAM-001}}, Properties: {AuthType: NONE}}\n";
  model::Diagnostics d;
  scan::ScanOptions opts;
  auto m = load_model("types.yaml", text, opts, true, d);
  ASSERT_TRUE(m);
  auto findings = rules::run_rules(*m);
  apply_suppressions(*m, text, true, {}, findings, d);
  rules::sort_findings(findings);
  std::vector<std::string> got;
  for (const auto& f : findings) got.push_back(f.resource + " " + f.rule + (f.suppressed ? " suppressed" : ""));
  // Only D's bare-string entry names a rule: it suppresses and, having no reason, reports.
  EXPECT_EQ(got, (std::vector<std::string>{"A KL-LAM-001", "B KL-LAM-001", "C KL-LAM-001",
                                           "D KL-META-001", "D KL-LAM-001 suppressed"}));
}

TEST(Suppressions, MisspeltIdInAFixtureSaysDidYouMean) {
  scan::ScanOptions opts;
  opts.paths = {std::string(KL_SOURCE_DIR) + "/tests/fixtures/suppressions/inline_without_reason.yaml"};
  auto r = scan::scan(opts);
  std::string warnings;
  for (const auto& d : r.diagnostics)
    if (d.level == model::DiagLevel::Warning) warnings += d.str().substr(d.str().find("tests/fixtures/") + 6) + "\n";
  EXPECT_EQ(warnings,
            "fixtures/suppressions/inline_without_reason.yaml:22:3: warning: 'kumolens:ignore' is not "
            "directly above a resource or property; it suppresses nothing\n"
            "fixtures/suppressions/inline_without_reason.yaml:34:24: warning: unknown rule "
            "'KL-LAM-01' in '# kumolens:ignore'; did you mean 'KL-LAM-001'?\n");
  EXPECT_FALSE(r.input_errors);  // warnings do not make the exit code 2
}

TEST(Suppressions, ConfigIgnoresByRulePathAndResourceAndOverridesSeverity) {
  TempDir dir("cfg_scan");
  std::string tmpl = kTwoUrls;
  dir.write("stacks/live.yaml", tmpl);
  dir.write("legacy/old.yaml", tmpl);
  std::string cfg_file = dir.write(".kumolens.yaml",
                                   "ignore:\n"
                                   "  - path: legacy/\n"
                                   "    reason: retired stack, deleted in Q3\n"
                                   "  - rule: KL-LAM-001\n"
                                   "    resource: OtherUrl\n"
                                   "severity:\n"
                                   "  KL-LAM-001: medium\n");
  model::Diagnostics d;
  auto cfg = config::load_config(cfg_file, d);
  ASSERT_TRUE(cfg) << diag_text(d);
  scan::ScanOptions opts;
  opts.paths = {dir.path.string()};
  opts.config = *cfg;
  auto r = scan::scan(opts);
  EXPECT_EQ(diag_text(r.diagnostics), "");
  std::vector<std::string> got;
  for (const auto& f : r.findings) {
    std::string rel = fs::path(model::file_path(f.loc.file)).lexically_relative(dir.path).string();
    got.push_back(rel + ":" + std::to_string(f.loc.line) + " " + f.rule + " " +
                  rules::severity_name(f.severity) + " " + f.resource + " " +
                  (f.suppressed ? f.suppressed->how + "(" + f.suppressed->reason + ")" : "open"));
  }
  std::vector<std::string> want = {
      "legacy/old.yaml:7 KL-LAM-001 medium OpenUrl config(retired stack, deleted in Q3)",
      "legacy/old.yaml:12 KL-LAM-001 medium OtherUrl config(retired stack, deleted in Q3)",
      "stacks/live.yaml:7 KL-LAM-001 medium OpenUrl open",
      "stacks/live.yaml:12 KL-LAM-001 medium OtherUrl config()",
      ".kumolens.yaml:4 KL-META-001 low OtherUrl open",  // the entry without a reason, last
  };
  EXPECT_EQ(got, want);
}

// The command line: the config found upward, fail-on from it, and a broken config.
TEST(Suppressions, CommandLineUsesTheConfigFoundUpward) {
  TempDir dir("cfg_cli");
  dir.write("app/stacks/t.yaml", kTwoUrls);
  auto run = [&](const std::string& args, std::string* err = nullptr) {
    std::string errfile = (dir.path / "stderr.txt").string();
    std::string cmd = std::string(KL_BINARY) + " scan " + args + " -q > /dev/null 2> " + errfile;
    int status = std::system(cmd.c_str());
    if (err) {
      std::ifstream in(errfile);
      *err = std::string(std::istreambuf_iterator<char>(in), {});
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  std::string target = (dir.path / "app" / "stacks").string();
  EXPECT_EQ(run(target), 1);  // two high findings, default fail-on low

  dir.write("app/.kumolens.yaml", "fail-on: critical\n");
  EXPECT_EQ(run(target), 0);                        // fail-on from the config
  EXPECT_EQ(run(target + " --fail-on high"), 1);    // the flag wins

  dir.write("app/.kumolens.yaml", "fail-on: none\nignroe:\n  - rule: KL-LAM-001\n");
  std::string err;
  EXPECT_EQ(run(target, &err), 2);
  EXPECT_EQ(err, (dir.path / "app" / ".kumolens.yaml").string() +
                     ":2:1: error: unknown key 'ignroe' in '" +
                     (dir.path / "app" / ".kumolens.yaml").string() + "'; did you mean 'ignore'?\n");

  std::string other = dir.write("elsewhere.yaml", "ignore:\n  - rule: KL-LAM-001\n    reason: accepted\n");
  EXPECT_EQ(run(target + " --config " + other), 0);  // --config replaces the one found upward
  EXPECT_EQ(run(target + " --config " + (dir.path / "missing.yaml").string(), &err), 2);
  EXPECT_NE(err.find("missing.yaml"), std::string::npos) << err;
}

}  // namespace kl::scan
