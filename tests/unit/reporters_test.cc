// Reporter output, line by line (FileCheck style: the exact lines a user sees), in English
// and Japanese, for text, JSON and SARIF. The findings are built by hand so the test
// pins the reporters, not the rules.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "report/report.h"

namespace kl::report {
namespace {

using nlohmann::ordered_json;

scan::ScanResult sample() {
  model::FileId file = model::intern_file("app/template.yaml");
  scan::ScanResult r;
  r.files_considered = 2;
  r.models_loaded = 1;

  rules::Finding open;
  open.rule = "KL-LAM-001";
  open.severity = rules::Severity::High;
  open.args = {{"function", "PublicFn"}};
  open.resource = "PublicUrl";
  open.resource_type = "AWS::Lambda::Url";
  open.loc = {file, 12, 17};
  open.path = "Properties.AuthType";
  open.evidence = "AuthType: NONE";
  open.fingerprint = "0123456789abcdef";

  rules::Finding accepted = open;
  accepted.args = {{"function", "HookFn"}};
  accepted.resource = "HookUrl";
  accepted.loc = {file, 30, 17};
  accepted.fingerprint = "fedcba9876543210";
  accepted.suppressed = rules::Suppression{"inline comment", "webhook, HMAC-verified", {file, 30, 24}};

  rules::Finding meta;
  meta.rule = "KL-META-001";
  meta.severity = rules::Severity::Low;
  meta.args = {{"how", "# kumolens:ignore"}, {"rules", "KL-LAM-001"}};
  meta.resource = "OtherUrl";
  meta.resource_type = "AWS::Lambda::Url";
  meta.loc = {file, 40, 24};
  meta.path = "suppression:# kumolens:ignore:KL-LAM-001";
  meta.evidence = "# kumolens:ignore KL-LAM-001";
  meta.fingerprint = "00000000000000aa";

  r.findings = {open, accepted, meta};
  r.diagnostics.push_back({model::DiagLevel::Warning, {file, 50, 3},
                           "'kumolens:ignore' is not directly above a resource or property; it suppresses nothing"});
  return r;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string line;
  while (std::getline(ss, line)) out.push_back(line);
  return out;
}

std::string render(Format f, const ReportOptions& o) {
  std::ostringstream os;
  write(f, os, sample(), o);
  return os.str();
}

}  // namespace

TEST(TextReport, English) {
  ReportOptions o;
  EXPECT_EQ(lines_of(render(Format::Text, o)), (std::vector<std::string>{
      "app/template.yaml",
      "  12:17   high     KL-LAM-001    the Function URL of 'PublicFn' has AuthType NONE: anyone on the internet can invoke it",
      "          evidence: AuthType: NONE",
      "          fix: Set AuthType: AWS_IAM and sign requests (SigV4), or put the function behind API Gateway with an authorizer.",
      "  40:24   low      KL-META-001   # kumolens:ignore suppresses KL-LAM-001 without a reason: say why the risk is accepted",
      "          evidence: # kumolens:ignore KL-LAM-001",
      "          fix: Add a reason: `# kumolens:ignore KL-XXX-000 -- why`, `reason:` in Metadata or in .kumolens.yaml (`comment:` for checkov).",
      "",
      "2 findings (1 high, 1 low) in 1 template, 1 suppressed",
  }));
}

TEST(TextReport, JapaneseWithSuppressed) {
  ReportOptions o;
  o.lang = "ja";
  o.show_suppressed = true;
  EXPECT_EQ(lines_of(render(Format::Text, o)), (std::vector<std::string>{
      "app/template.yaml",
      "  12:17   high     KL-LAM-001    'PublicFn' の関数 URL は AuthType が NONE です。インターネット上の誰でも呼び出せます",
      "          根拠: AuthType: NONE",
      "          対処: AuthType を AWS_IAM にしてリクエストに SigV4 署名を付けるか、オーソライザー付きの API Gateway の背後に置いてください。",
      "  30:17   high     KL-LAM-001    'HookFn' の関数 URL は AuthType が NONE です。インターネット上の誰でも呼び出せます  [抑制済み: webhook, HMAC-verified]",
      "          根拠: AuthType: NONE",
      "          対処: AuthType を AWS_IAM にしてリクエストに SigV4 署名を付けるか、オーソライザー付きの API Gateway の背後に置いてください。",
      "  40:24   low      KL-META-001   # kumolens:ignore が KL-LAM-001 を理由なしで抑制しています。リスクを受け入れる理由を書いてください",
      "          根拠: # kumolens:ignore KL-LAM-001",
      "          対処: 理由を書いてください: `# kumolens:ignore KL-XXX-000 -- 理由`、Metadata や .kumolens.yaml の `reason:`(checkov は `comment:`)。",
      "",
      "2 件の問題 (1 high, 1 low)、読み込んだテンプレート 1 件、抑制 1 件",
  }));
}

TEST(TextReport, QuietWithSuppressed) {
  ReportOptions o;
  o.quiet = true;
  o.show_suppressed = true;
  EXPECT_EQ(lines_of(render(Format::Text, o)), (std::vector<std::string>{
      "app/template.yaml",
      "  12:17   high     KL-LAM-001    the Function URL of 'PublicFn' has AuthType NONE: anyone on the internet can invoke it",
      "  30:17   high     KL-LAM-001    the Function URL of 'HookFn' has AuthType NONE: anyone on the internet can invoke it  [suppressed: webhook, HMAC-verified]",
      "  40:24   low      KL-META-001   # kumolens:ignore suppresses KL-LAM-001 without a reason: say why the risk is accepted",
  }));
}

TEST(JsonReport, EnglishFindingAndSummary) {
  ordered_json j = ordered_json::parse(render(Format::Json, {}));
  EXPECT_EQ(j["summary"].dump(),
            R"({"templates":1,"files":2,"bySeverity":{"critical":0,"high":1,"medium":0,"low":1,"info":0},"suppressed":1})");
  ASSERT_EQ(j["findings"].size(), 2u);  // the suppressed one is hidden
  EXPECT_EQ(lines_of(j["findings"][0].dump(2)), (std::vector<std::string>{
      "{",
      "  \"rule\": \"KL-LAM-001\",",
      "  \"severity\": \"high\",",
      "  \"title\": \"Function URL without authentication\",",
      "  \"message\": \"the Function URL of 'PublicFn' has AuthType NONE: anyone on the internet can invoke it\",",
      "  \"file\": \"app/template.yaml\",",
      "  \"line\": 12,",
      "  \"column\": 17,",
      "  \"resource\": \"PublicUrl\",",
      "  \"resourceType\": \"AWS::Lambda::Url\",",
      "  \"path\": \"Properties.AuthType\",",
      "  \"fingerprint\": \"0123456789abcdef\",",
      "  \"mappings\": {",
      "    \"csa\": [",
      "      \"SAS-2\"",
      "    ],",
      "    \"cwe\": [",
      "      \"CWE-306\"",
      "    ],",
      "    \"fsbp\": [",
      "      \"Lambda.1\"",
      "    ],",
      "    \"owasp\": [",
      "      \"S2\"",
      "    ]",
      "  },",
      "  \"evidence\": \"AuthType: NONE\",",
      "  \"remediation\": \"Set AuthType: AWS_IAM and sign requests (SigV4), or put the function behind API Gateway with an authorizer.\"",
      "}",
  }));
  EXPECT_EQ(j["diagnostics"].dump(),
            R"([{"level":"warning","file":"app/template.yaml","line":50,"column":3,"message":"'kumolens:ignore' is not directly above a resource or property; it suppresses nothing"}])");
}

TEST(JsonReport, JapaneseWithSuppressed) {
  ReportOptions o;
  o.lang = "ja";
  o.show_suppressed = true;
  ordered_json j = ordered_json::parse(render(Format::Json, o));
  ASSERT_EQ(j["findings"].size(), 3u);
  const auto& hook = j["findings"][1];
  EXPECT_EQ(hook["title"], "認証のない関数 URL");
  EXPECT_EQ(hook["message"], "'HookFn' の関数 URL は AuthType が NONE です。インターネット上の誰でも呼び出せます");
  EXPECT_EQ(hook["remediation"],
            "AuthType を AWS_IAM にしてリクエストに SigV4 署名を付けるか、オーソライザー付きの API Gateway の背後に置いてください。");
  EXPECT_EQ(hook["suppressed"].dump(),
            R"({"how":"inline comment","reason":"webhook, HMAC-verified","file":"app/template.yaml","line":30})");
  EXPECT_EQ(j["findings"][2]["message"],
            "# kumolens:ignore が KL-LAM-001 を理由なしで抑制しています。リスクを受け入れる理由を書いてください");
  // Severities and ids stay machine-readable in every language.
  EXPECT_EQ(hook["severity"], "high");
  EXPECT_EQ(j["summary"]["suppressed"], 1);
}

TEST(SarifReport, EnglishResultsRulesAndFingerprints) {
  ordered_json j = ordered_json::parse(render(Format::Sarif, {}));
  EXPECT_EQ(j["version"], "2.1.0");
  const auto& run = j["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0]["id"], "KL-LAM-001");
  EXPECT_EQ(rules[0]["shortDescription"]["text"], "Function URL without authentication");
  EXPECT_EQ(rules[0]["defaultConfiguration"]["level"], "error");
  EXPECT_EQ(rules[0]["properties"]["security-severity"], "8.0");
  EXPECT_EQ(rules[1]["id"], "KL-META-001");
  EXPECT_EQ(rules[1]["defaultConfiguration"]["level"], "note");
  const auto& results = run["results"];
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].dump(),
            R"({"ruleId":"KL-LAM-001","ruleIndex":0,"level":"error",)"
            R"("message":{"text":"the Function URL of 'PublicFn' has AuthType NONE: anyone on the internet can invoke it"},)"
            R"("locations":[{"physicalLocation":{"artifactLocation":{"uri":"app/template.yaml","uriBaseId":"%SRCROOT%"},)"
            R"("region":{"startLine":12,"startColumn":17}},"logicalLocations":[{"name":"PublicUrl",)"
            R"("fullyQualifiedName":"PublicUrl.Properties.AuthType","kind":"resource"}]}],)"
            R"("partialFingerprints":{"kumolens/v1":"0123456789abcdef"},)"
            R"("properties":{"severity":"high","resourceType":"AWS::Lambda::Url","evidence":"AuthType: NONE"}})");
  EXPECT_EQ(results[1]["ruleId"], "KL-META-001");
  EXPECT_EQ(results[1]["ruleIndex"], 1);
  EXPECT_EQ(results[1]["level"], "note");
  EXPECT_FALSE(results[0].contains("suppressions"));
  const auto& notes = run["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0]["level"], "warning");
  EXPECT_EQ(run["invocations"][0]["executionSuccessful"], true);
}

TEST(SarifReport, JapaneseWithSuppressions) {
  ReportOptions o;
  o.lang = "ja";
  o.show_suppressed = true;
  ordered_json j = ordered_json::parse(render(Format::Sarif, o));
  const auto& run = j["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["rules"][0]["shortDescription"]["text"], "認証のない関数 URL");
  const auto& results = run["results"];
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[1]["message"]["text"],
            "'HookFn' の関数 URL は AuthType が NONE です。インターネット上の誰でも呼び出せます");
  EXPECT_EQ(results[1]["suppressions"].dump(),
            R"([{"kind":"inSource","justification":"webhook, HMAC-verified"}])");
  EXPECT_EQ(results[1]["partialFingerprints"]["kumolens/v1"], "fedcba9876543210");
  EXPECT_FALSE(results[0].contains("suppressions"));
}

}  // namespace kl::report
