// The fixture harness: runs the real scanner over every file in tests/fixtures and fails on
// any missing and any extra finding. Also tests the expectation parser itself.
#include <gtest/gtest.h>

#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "fixture_harness.h"
#include "scan/scanner.h"

namespace kl::testing {

namespace fs = std::filesystem;

// Rules that depend on the date (deprecated runtimes) must give the same answer every day
// the tests run: every test in this binary sees the same "today".
const int kPinnedToday = setenv("KUMOLENS_TODAY", "2026-11-23", 0);

namespace {

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void add_rules(Expectations& e, unsigned line, const std::string& list) {
  std::stringstream ss(list);
  std::string id;
  while (std::getline(ss, id, ',')) {
    id.erase(0, id.find_first_not_of(" \t"));
    id.erase(id.find_last_not_of(" \t\r") + 1);
    // Allow a trailing explanation after the id: "KL-S3-003 (public-read ACL)".
    id = id.substr(0, id.find(' '));
    if (id.rfind("KL-", 0) != 0) {
      e.errors.push_back("line " + std::to_string(line) + ": bad rule id '" + id + "'");
      continue;
    }
    e.items.emplace_back(line, id);
  }
}

}  // namespace

Expectations parse_expectations(const std::string& text) {
  Expectations e;
  static const std::regex directive(R"((?:#|//)\s*expect(?:@([+-]\d+))?:\s*([A-Z0-9, ()a-z-]+))");
  static const std::regex none(R"((?:#|//)\s*expect-none\b)");
  std::stringstream ss(text);
  std::string line;
  unsigned n = 0;
  while (std::getline(ss, line)) {
    ++n;
    std::smatch m;
    if (std::regex_search(line, m, directive)) {
      int offset = m[1].matched ? std::stoi(m[1].str()) : 0;
      add_rules(e, static_cast<unsigned>(static_cast<int>(n) + offset), m[2].str());
    } else if (std::regex_search(line, none)) {
      e.none = true;
    }
  }
  std::sort(e.items.begin(), e.items.end());
  return e;
}

Expectations parse_sidecar(const std::string& text) {
  Expectations e;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("none", 0) == 0) {
      e.none = true;
      continue;
    }
    std::stringstream ls(line);
    unsigned ln;
    std::string rule;
    if (ls >> ln >> rule) e.items.emplace_back(ln, rule);
    else e.errors.push_back("bad sidecar row '" + line + "'");
  }
  std::sort(e.items.begin(), e.items.end());
  return e;
}

TEST(ExpectationParser, ReadsDirectivesOffsetsAndNone) {
  Expectations e = parse_expectations(
      "a: 1  # expect: KL-S3-003\n"
      "# expect@+1: KL-LAM-001, KL-LAM-005\n"
      "b: 2\n");
  ASSERT_TRUE(e.errors.empty());
  std::vector<std::pair<unsigned, std::string>> want = {
      {1, "KL-S3-003"}, {3, "KL-LAM-001"}, {3, "KL-LAM-005"}};
  EXPECT_EQ(e.items, want);
  EXPECT_FALSE(e.none);
  EXPECT_TRUE(parse_expectations("# expect-none\n").none);
}

TEST(ExpectationParser, RejectsMalformedIds) {
  Expectations e = parse_expectations("x: 1 # expect: S3-003\n");
  EXPECT_EQ(e.errors.size(), 1u);
}

// ---- every fixture, one test each -------------------------------------------------------

std::vector<std::string> fixture_files() {
  std::vector<std::string> out;
  fs::path root = fs::path(KL_SOURCE_DIR) / "tests" / "fixtures";
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    // Files under an `_include` folder are only read through another fixture (Serverless
    // `${file(...)}`); they are not fixtures themselves.
    if (entry.path().string().find("/_include/") != std::string::npos) continue;
    std::string ext = entry.path().extension().string();
    if (ext == ".yaml" || ext == ".yml" || ext == ".json" || ext == ".template")
      out.push_back(fs::relative(entry.path(), root).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class Fixture : public ::testing::TestWithParam<std::string> {};

TEST_P(Fixture, FindsExactlyWhatItExpects) {
  fs::path root = fs::path(KL_SOURCE_DIR) / "tests" / "fixtures";
  fs::path file = root / GetParam();
  std::string text = read_all(file);
  Expectations want;
  fs::path sidecar = file;
  sidecar.replace_extension(".expect");
  if (fs::exists(sidecar)) want = parse_sidecar(read_all(sidecar));
  else want = parse_expectations(text);
  ASSERT_TRUE(want.errors.empty()) << want.errors.front();
  ASSERT_TRUE(want.none || !want.items.empty())
      << GetParam() << " has no `expect:` and no `expect-none` directive";
  ASSERT_FALSE(want.none && !want.items.empty())
      << GetParam() << " says `expect-none` and also expects findings";

  scan::ScanOptions opts;
  opts.paths = {file.string()};
  opts.jobs = 1;
  scan::ScanResult r = scan::scan(opts);
  // Expectations name (line, rule) pairs: several resources may rightly be reported on
  // one line (functions inheriting `Runtime` from Globals). The same finding twice on one
  // resource and place is a bug, though.
  std::vector<std::pair<unsigned, std::string>> got;
  std::set<std::string> seen;
  for (const auto& f : r.findings) {
    if (f.suppressed) continue;
    got.emplace_back(f.loc.line, f.rule);
    std::string key = std::to_string(f.loc.line) + " " + f.rule + " " + f.resource + " " + f.path;
    EXPECT_TRUE(seen.insert(key).second) << GetParam() << ": reported twice: " << key;
  }
  std::sort(got.begin(), got.end());
  got.erase(std::unique(got.begin(), got.end()), got.end());
  want.items.erase(std::unique(want.items.begin(), want.items.end()), want.items.end());

  std::string diags;
  for (const auto& d : r.diagnostics)
    if (d.level == model::DiagLevel::Error) diags += d.str() + "\n";

  std::vector<std::pair<unsigned, std::string>> missing, extra;
  std::set_difference(want.items.begin(), want.items.end(), got.begin(), got.end(),
                      std::back_inserter(missing));
  std::set_difference(got.begin(), got.end(), want.items.begin(), want.items.end(),
                      std::back_inserter(extra));
  std::string report;
  for (auto& [l, id] : missing) report += "  missing: line " + std::to_string(l) + " " + id + "\n";
  for (auto& [l, id] : extra) report += "  extra:   line " + std::to_string(l) + " " + id + "\n";
  EXPECT_TRUE(missing.empty() && extra.empty()) << GetParam() << "\n" << report << diags;
}

std::string fixture_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(All, Fixture, ::testing::ValuesIn(fixture_files()), fixture_name);

}  // namespace kl::testing
