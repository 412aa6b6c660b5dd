// Every KL-CODE rule keeps at least 8 firing and 8 near-miss fixtures across Python,
// JavaScript and TypeScript (tests/fixtures/code/<language>/). A firing fixture is a file
// with `expect: KL-CODE-00N`; a near miss is a file named `<rule prefix>_ok_*` with
// `expect-none` (cmd_ok_list_args.py is a KL-CODE-001 near miss).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::string> kPrefixRule = {
    {"cmd", "KL-CODE-001"},  {"code", "KL-CODE-002"}, {"deser", "KL-CODE-003"}, {"xxe", "KL-CODE-004"},
    {"ssrf", "KL-CODE-005"}, {"path", "KL-CODE-006"}, {"nosql", "KL-CODE-007"}, {"sql", "KL-CODE-008"},
    {"xss", "KL-CODE-009"},  {"env", "KL-CODE-010"}};

TEST(CodeFixtureCoverage, EightFiringAndEightNearMissesPerRuleInThreeLanguages) {
  std::map<std::string, int> firing, near_miss;
  std::map<std::string, std::set<std::string>> languages;
  static const std::regex expect(R"((?:#|//)\s*expect:\s*(KL-CODE-\d{3}))");
  fs::path root = fs::path(KL_SOURCE_DIR) / "tests" / "fixtures" / "code";
  for (const char* lang : {"python", "javascript", "typescript"}) {
    for (const auto& e : fs::directory_iterator(root / lang)) {
      if (!e.is_regular_file()) continue;
      std::ifstream in(e.path());
      std::stringstream ss;
      ss << in.rdbuf();
      std::string text = ss.str(), name = e.path().filename().string();
      std::set<std::string> rules;
      for (std::sregex_iterator it(text.begin(), text.end(), expect), end; it != end; ++it) rules.insert((*it)[1]);
      for (const auto& r : rules) {
        ++firing[r];
        languages[r].insert(lang);
      }
      size_t ok = name.find("_ok_");
      if (ok == std::string::npos) continue;
      auto rule = kPrefixRule.find(name.substr(0, ok));
      ASSERT_NE(rule, kPrefixRule.end()) << name << ": near miss without a known rule prefix";
      ASSERT_NE(text.find("expect-none"), std::string::npos) << name << ": near miss without expect-none";
      ++near_miss[rule->second];
      languages[rule->second].insert(lang);
    }
  }
  for (const auto& [prefix, rule] : kPrefixRule) {
    EXPECT_GE(firing[rule], 8) << rule;
    EXPECT_GE(near_miss[rule], 8) << rule;
    EXPECT_EQ(languages[rule].size(), 3u) << rule;
  }
}

}  // namespace
