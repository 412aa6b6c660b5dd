// Ties the rule catalog to the code and the fixtures: every catalog entry has exactly one
// implementation in rules::all_rules() and every implementation has an entry; every rule is
// expected to fire somewhere in tests/fixtures; entries are complete in both languages.
// Also tests Catalog::parse on bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "fixture_harness.h"
#include "rules/catalog.h"
#include "rules/rule.h"

namespace kl::rules {
namespace {

namespace fs = std::filesystem;

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Catalog, EveryEntryHasExactlyOneImplementation) {
  std::map<std::string, int> impls;
  for (const RuleImpl& r : all_rules()) ++impls[std::string(r.id)];
  for (const RuleInfo& info : Catalog::embedded().rules()) {
    // KL-SECRET-*: generated from the detectors, found by the secrets engine (detectors_test).
    if (info.engine == "secrets") {
      EXPECT_EQ(impls.count(info.id), 0u) << info.id << " is a detector, not a rule";
      continue;
    }
    auto it = impls.find(info.id);
    int n = it == impls.end() ? 0 : it->second;
    EXPECT_EQ(n, 1) << "catalog entry '" << info.id << "' has " << n
                    << " implementations in rules::all_rules()";
  }
}

TEST(Catalog, EveryImplementationHasAnEntry) {
  for (const RuleImpl& r : all_rules()) {
    EXPECT_NE(Catalog::embedded().find(r.id), nullptr)
        << "rule '" << r.id << "' is implemented but has no catalog entry";
    EXPECT_NE(r.check, nullptr) << r.id;
  }
}

/// Every rule id some fixture expects to fire (inline `expect:` or a sidecar .expect row).
std::set<std::string> ids_expected_by_fixtures() {
  std::set<std::string> ids;
  fs::path root = fs::path(KL_SOURCE_DIR) / "tests" / "fixtures";
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::string ext = entry.path().extension().string();
    testing::Expectations e;
    if (ext == ".expect") e = testing::parse_sidecar(read_all(entry.path()));
    else if (ext == ".yaml" || ext == ".yml" || ext == ".json" || ext == ".template" || ext == ".py" ||
             ext == ".js" || ext == ".mjs" || ext == ".cjs" || ext == ".ts" || ext == ".tsx")
      e = testing::parse_expectations(read_all(entry.path()));
    else
      continue;
    for (const auto& [line, id] : e.items) ids.insert(id);
  }
  return ids;
}

TEST(Catalog, EveryRuleFiresInSomeFixture) {
  std::set<std::string> fired = ids_expected_by_fixtures();
  for (const RuleInfo& info : Catalog::embedded().rules())
    // Each detector's own examples are its fixtures (detectors_test.cc scans them all).
    if (info.engine != "secrets")
    EXPECT_TRUE(fired.count(info.id)) << "no fixture under tests/fixtures expects '" << info.id
                                      << "' to fire";
}

TEST(Catalog, FixturesExpectOnlyKnownRules) {
  for (const std::string& id : ids_expected_by_fixtures()) {
    if (id.rfind("KL-SECRET-", 0) == 0 || id.rfind("KL-CODE-", 0) == 0) continue;  // other engines
    EXPECT_NE(Catalog::embedded().find(id), nullptr) << "a fixture expects unknown rule '" << id << "'";
  }
}

std::set<std::string> placeholders(const std::string& text) {
  std::set<std::string> out;
  static const std::regex re(R"(\{([a-z_]+)\})");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
    out.insert((*it)[1].str());
  return out;
}

TEST(Catalog, EntriesAreCompleteInBothLanguages) {
  for (const RuleInfo& r : Catalog::embedded().rules()) {
    SCOPED_TRACE(r.id);
    EXPECT_FALSE(r.rationale.empty()) << "no rationale";
    EXPECT_FALSE(r.example_bad.empty()) << "no example_bad";
    EXPECT_FALSE(r.example_good.empty()) << "no example_good";
    ASSERT_FALSE(r.references.empty()) << "no references";
    for (const auto& ref : r.references) EXPECT_EQ(ref.rfind("https://", 0), 0u) << ref;
    size_t mapped = 0;
    for (const auto& [k, vs] : r.mappings) mapped += vs.size();
    EXPECT_GT(mapped, 0u) << "no mappings";
    for (const auto& [variant, text] : r.messages) {
      EXPECT_FALSE(text.en.empty()) << "variant '" << variant << "' has no en text";
      EXPECT_FALSE(text.ja.empty()) << "variant '" << variant << "' has no ja text";
      // A placeholder missing from one language would render as `{name}` for its users.
      EXPECT_EQ(placeholders(text.en), placeholders(text.ja)) << "variant '" << variant << "'";
    }
    EXPECT_TRUE(placeholders(r.remediation.en).empty()) << "remediations are not formatted";
  }
}

// ---- Catalog::parse on bad input ---------------------------------------------------------

Catalog parse_one(std::string_view name, std::string_view text, std::vector<std::string>& errors) {
  return Catalog::parse({{name, text}}, errors);
}

constexpr std::string_view kGood = R"(rules:
  - id: KL-TEST-001
    severity: high
    title: {en: Test rule, ja: テストルール}
    message: {en: "'{thing}' is bad", ja: "'{thing}' は問題です"}
    variants:
      worse: {en: "'{thing}' is worse", ja: "'{thing}' はもっと問題です"}
    remediation: {en: Fix it., ja: 直してください。}
    references: [https://example.com/a]
    mappings: {owasp: [S1], cwe: [CWE-1, CWE-2]}
)";

TEST(CatalogParse, ReadsAGoodEntry) {
  std::vector<std::string> errors;
  Catalog c = parse_one("test.yaml", kGood, errors);
  EXPECT_TRUE(errors.empty()) << errors.front();
  const RuleInfo* r = c.find("KL-TEST-001");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->service, "test");
  EXPECT_EQ(r->severity, Severity::High);
  EXPECT_EQ(r->title.ja, "テストルール");
  EXPECT_EQ(r->messages.at("worse").en, "'{thing}' is worse");
  EXPECT_EQ(r->mappings.at("cwe"), (std::vector<std::string>{"CWE-1", "CWE-2"}));
  EXPECT_EQ(format_message(r->messages.at("").en, {{"thing", "Bucket"}}), "'Bucket' is bad");
}

TEST(CatalogParse, RejectsAFileWithoutARulesList) {
  std::vector<std::string> errors;
  Catalog c = parse_one("empty.yaml", "rule:\n  - id: KL-X-001\n", errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "empty.yaml: expected a 'rules' list");
  EXPECT_TRUE(c.rules().empty());
}

TEST(CatalogParse, RejectsMissingOrInvalidSeverity) {
  std::vector<std::string> errors;
  Catalog c = parse_one("sev.yaml",
                        "rules:\n"
                        "  - id: KL-X-001\n"
                        "    severity: catastrophic\n"
                        "  - id: KL-X-002\n",
                        errors);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0], "catalog/sev.yaml:2:5: rule needs an 'id' and a valid 'severity'");
  EXPECT_EQ(errors[1], "catalog/sev.yaml:4:5: rule needs an 'id' and a valid 'severity'");
  EXPECT_TRUE(c.rules().empty());
}

TEST(CatalogParse, RejectsMissingJapaneseAndDuplicateIds) {
  std::string text(kGood);
  text += "  - id: KL-TEST-001\n"
          "    severity: low\n"
          "    title: {en: Only English}\n"
          "    message: {en: only english}\n"
          "    remediation: {en: Fix., ja: 直す。}\n";
  std::vector<std::string> errors;
  parse_one("dup.yaml", text, errors);
  std::vector<std::string> want = {"duplicate rule id 'KL-TEST-001'",
                                   "KL-TEST-001: title needs 'en' and 'ja'",
                                   "KL-TEST-001: message needs 'en' and 'ja'"};
  EXPECT_EQ(errors, want);
}

TEST(CatalogParse, ReportsMalformedYamlWithItsPosition) {
  std::vector<std::string> errors;
  Catalog c = parse_one("broken.yaml", "rules:\n  - id: [KL-X-001\n", errors);
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].rfind("catalog/broken.yaml:", 0), 0u) << errors[0];
  EXPECT_NE(errors[0].find("malformed YAML"), std::string::npos) << errors[0];
  EXPECT_TRUE(c.rules().empty());
}

TEST(CatalogParse, WrongTypesDoNotCrash) {
  std::vector<std::string> errors;
  Catalog c = parse_one("types.yaml", "rules:\n  - 42\n  - [a, b]\n  - {id: [x], severity: {}}\n", errors);
  EXPECT_EQ(errors.size(), 3u);
  EXPECT_TRUE(c.rules().empty());
}

}  // namespace
}  // namespace kl::rules
